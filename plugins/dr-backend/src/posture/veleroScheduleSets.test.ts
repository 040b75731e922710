/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type KubernetesTestServer,
  startKubernetesTestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import request from 'supertest';
import { drPlugin } from '../plugin';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const BACKUPS = { apiVersion: 'velero.io/v1', plural: 'backups' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The 254Carbon pipeline's Velero schedules (seed 002): what each backs up
 * and how long Velero keeps it.
 */
const SCHEDULES = {
  'hourly-incremental': {
    includedNamespaces: ['data-processing'],
    includedResources: ['configmaps', 'secrets', 'persistentvolumeclaims'],
    ttl: '24h0m0s',
  },
  'daily-full': {
    includedNamespaces: ['data-processing'],
    excludedResources: ['events', 'events.events.k8s.io'],
    ttl: '168h0m0s',
  },
  'weekly-full': { includedNamespaces: ['data-processing'], ttl: '720h0m0s' },
  'monthly-full': { includedNamespaces: ['*'], ttl: '4320h0m0s' },
};
type Schedule = keyof typeof SCHEDULES;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-data' },
  };
}

/**
 * Puts the Backups Velero keeps for the seed's schedules, relative to now:
 * the hourly schedule's newest backup PartiallyFailed and one still running,
 * the daily schedule stopped two days ago, weekly and monthly healthy.
 * Returns the completion of the newest Completed backup of each schedule.
 */
function putSeedBackups(server: KubernetesTestServer, now: number) {
  const newestCompleted: Partial<Record<Schedule, string>> = {};
  const put = (
    schedule: Schedule,
    startedAgoMs: number,
    phase: string,
    durationMs = 4 * MINUTE,
  ) => {
    const started = new Date(now - startedAgoMs);
    const completed = new Date(started.getTime() + durationMs);
    const done = !['InProgress', 'New'].includes(phase);
    server.put(BACKUPS, {
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: {
        name: `${schedule}-${stamp(started)}`,
        namespace: 'velero',
        labels: {
          'velero.io/schedule-name': schedule,
          'velero.io/storage-location': 'default',
        },
      },
      spec: { ...SCHEDULES[schedule], storageLocation: 'default' },
      status: {
        phase,
        startTimestamp: started.toISOString(),
        ...(done ? { completionTimestamp: completed.toISOString() } : {}),
        progress: { totalItems: 120, itemsBackedUp: done ? 118 : 40 },
        ...(phase === 'PartiallyFailed' ? { errors: 2 } : {}),
      },
    });
    if (phase === 'Completed') {
      const previous = newestCompleted[schedule];
      if (!previous || completed.toISOString() > previous) {
        newestCompleted[schedule] = completed.toISOString();
      }
    }
  };

  // Hourly, 24 hours kept: running now, the last finished one partially
  // failed, the ones before completed.
  put('hourly-incremental', 3 * MINUTE, 'InProgress');
  put('hourly-incremental', 51 * MINUTE, 'PartiallyFailed');
  for (let hour = 1; hour < 24; hour++) {
    put('hourly-incremental', hour * HOUR + 51 * MINUTE, 'Completed');
  }
  // Daily, 7 days kept: stopped two days ago.
  for (let day = 2; day < 7; day++) {
    put('daily-full', day * DAY + 2 * HOUR, 'Completed', 20 * MINUTE);
  }
  // Weekly, 30 days kept; monthly, 180 days kept.
  for (const day of [3, 10, 17, 24]) {
    put('weekly-full', day * DAY, 'Completed', 40 * MINUTE);
  }
  for (let month = 0; month < 6; month++) {
    put('monthly-full', (12 + 30 * month) * DAY, 'Completed', HOUR);
  }
  return newestCompleted as Record<Schedule, string>;
}

describe('Velero schedules as backup sets (seed 002, 254Carbon)', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let kubernetes: KubernetesTestServer;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    let newestCompleted: Record<Schedule, string>;
    const now = Date.now();

    beforeAll(async () => {
      kubernetes = await startKubernetesTestServer();
      newestCompleted = putSeedBackups(kubernetes, now);
      const knex = await migratedDatabase(databases, databaseId);
      const scheduler = mockServices.scheduler() as SchedulerService & {
        factory(): ServiceFactory;
      };
      const bySchedule = (schedule: Schedule, rpo: string) =>
        component(`pipeline-${schedule}`, {
          'dr.backstage.io/rpo': rpo,
          'dr.backstage.io/backup-sources': `velero-prod:schedule=${schedule}&namespace=data-processing`,
        });
      ({ server } = await startTestBackend({
        features: [
          drPlugin,
          scheduler.factory(),
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({
            entities: [
              // The plan's RPO of 1 hour, over every schedule of the namespace.
              component('data-processing', {
                'dr.backstage.io/rpo': '1h',
                'dr.backstage.io/rto': '15m',
                'dr.backstage.io/backup-sources': 'velero-prod:data-processing',
              }),
              bySchedule('hourly-incremental', '1h'),
              // "Backup age alert (> 25 hours)".
              bySchedule('daily-full', '25h'),
              bySchedule('weekly-full', '8d'),
              bySchedule('monthly-full', '32d'),
            ],
          }),
          mockServices.rootConfig.factory({
            data: {
              dr: {
                sources: {
                  'velero-prod': {
                    type: 'velero',
                    cluster: {
                      url: kubernetes.url,
                      serviceAccountToken: kubernetes.token,
                      skipTLSVerify: true,
                    },
                  },
                },
              },
            },
          }),
        ],
      }));
      await request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'velero-prod' });
    });
    afterAll(() => kubernetes?.stop());

    const posture = async (name: string) => {
      const res = await request(server).get(
        `/api/dr/entities/component/default/${name}/posture`,
      );
      expect(res.status).toBe(200);
      return res.body;
    };
    const backupsOf = async (name: string) => {
      const res = await request(server).get(
        `/api/dr/entities/component/default/${name}/backups?limit=100`,
      );
      expect(res.status).toBe(200);
      return res.body.items as Array<{
        name: string;
        status: string;
        details: Record<string, unknown>;
      }>;
    };

    it('takes RPO from the newest Completed backup, never a PartiallyFailed or running one', async () => {
      const pipeline = await posture('data-processing');
      // The newest finished backup (47 minutes ago) left items out, so the
      // recovery point is the Completed one before it, 1 h 47 min ago.
      expect(pipeline.rpo).toMatchObject({
        status: 'breached',
        targetSeconds: 3600,
        lastSuccessfulBackupAt: newestCompleted['hourly-incremental'],
      });
      expect(pipeline.overall).toBe('breach');

      const hourly = await backupsOf('pipeline-hourly-incremental');
      expect(hourly.slice(0, 3).map(b => b.status)).toEqual([
        'in-progress',
        'partially-failed',
        'succeeded',
      ]);
      expect(hourly[1].details).toMatchObject({
        phase: 'PartiallyFailed',
        errors: 2,
        includedResources: ['configmaps', 'secrets', 'persistentvolumeclaims'],
      });
    });

    it('judges each schedule by its own backups', async () => {
      const verdicts = Object.fromEntries(
        await Promise.all(
          (Object.keys(SCHEDULES) as Schedule[]).map(async schedule => {
            const body = await posture(`pipeline-${schedule}`);
            return [
              schedule,
              {
                status: body.rpo.status,
                lastSuccessfulBackupAt: body.rpo.lastSuccessfulBackupAt,
              },
            ];
          }),
        ),
      );
      expect(verdicts).toEqual({
        'hourly-incremental': {
          status: 'breached',
          lastSuccessfulBackupAt: newestCompleted['hourly-incremental'],
        },
        // Stopped two days ago: breached against its 25-hour alert.
        'daily-full': {
          status: 'breached',
          lastSuccessfulBackupAt: newestCompleted['daily-full'],
        },
        'weekly-full': {
          status: 'met',
          lastSuccessfulBackupAt: newestCompleted['weekly-full'],
        },
        'monthly-full': {
          status: 'met',
          lastSuccessfulBackupAt: newestCompleted['monthly-full'],
        },
      });

      // Each schedule's entity sees that schedule's backups only, with what
      // each one holds.
      const daily = await backupsOf('pipeline-daily-full');
      expect(daily.length).toBe(5);
      for (const backup of daily) {
        expect(backup.name).toMatch(/^daily-full-\d{14}$/);
        expect(backup.details).toMatchObject({
          schedule: 'daily-full',
          includedNamespaces: ['data-processing'],
          excludedResources: ['events', 'events.events.k8s.io'],
          ttl: '168h0m0s',
        });
      }
      expect((await backupsOf('pipeline-monthly-full')).length).toBe(6);
      // The namespace selector sees all four schedules.
      expect((await backupsOf('data-processing')).length).toBe(25 + 5 + 4 + 6);
    });
  });
});
