/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
// The end-to-end test runs the real DR backend beside the scaffolder.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import fileCopyRestoreModule from './__testUtils__/fileCopyRestoreModule';
import memoryBackupSourceModule from './__testUtils__/memoryBackupSourceModule';
import {
  dropDatabases,
  pgSettings,
  pgUrl,
  uniqueName,
  withClient,
} from './__testUtils__/postgresFixtures';
import { scaffolderModuleDr } from './module';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const as = (user: string) => mockCredentials.user.header(user);
const BACKUP_CONTENT = 'events as of last night\n';

/** The execution template of an installation that restores file-copy backups. */
const executionTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'dr-restore-file-copy', namespace: 'default' },
  spec: {
    owner: 'group:default/platform-team',
    type: 'dr-execution',
    parameters: [
      {
        required: [
          'approvalId',
          'kind',
          'entityRef',
          'backupId',
          'targetId',
          'scenario',
        ],
        properties: {
          approvalId: { type: 'string' },
          requester: { type: 'string' },
          kind: { type: 'string', enum: ['file-copy'] },
          entityRef: { type: 'string' },
          backupId: { type: 'string' },
          targetId: { type: 'string' },
          scenario: { type: 'string' },
          checks: { type: 'array', default: [], items: { type: 'object' } },
        },
      },
    ],
    steps: [
      {
        id: 'restore',
        name: 'Copy the backup into place',
        action: 'dr:restore:file-copy',
        input: {
          approvalId: '${{ parameters.approvalId }}',
          entityRef: '${{ parameters.entityRef }}',
          backupId: '${{ parameters.backupId }}',
          targetId: '${{ parameters.targetId }}',
          scenario: '${{ parameters.scenario }}',
          checks: '${{ parameters.checks }}',
        },
      },
      {
        id: 'drill',
        name: 'Record the drill',
        action: 'dr:drill:record',
        input: {
          entityRef: '${{ parameters.entityRef }}',
          scenario: '${{ parameters.scenario }}',
          approvalId: '${{ parameters.approvalId }}',
          backupId: '${{ parameters.backupId }}',
          restoreStartedAt: '${{ steps.restore.output.restoreStartedAt }}',
          backupCompletedAt: '${{ steps.restore.output.backupCompletedAt }}',
        },
      },
    ],
  },
};

/**
 * Where the DR plugin keeps its data, as `backend.database` says it: the
 * local PostgreSQL (when scripts/jest/postgresGlobalSetup.js found it) or
 * the default in-memory SQLite. The scaffolder keeps the default SQLite,
 * which the backend leaves open on shutdown while its task pollers wind down.
 */
const drDatabases: Array<[string, string | undefined]> = [
  ...(pgUrl
    ? [['PostgreSQL', uniqueName('dr_added_kind')] as [string, string]]
    : []),
  ['SQLite', undefined],
];

describe.each(drDatabases)(
  'a restore kind installed as a module, outside the DR packages, with the DR plugin on %s',
  (_name, pgDatabase) => {
    let directory: string;
    let drillId: string | undefined;
    let server: any;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-file-copy-'));
      const backupTime = new Date(Date.now() - 10 * 60_000).toISOString();
      const backend = await startTestBackend({
        features: [
          drPlugin,
          scaffolderPlugin,
          scaffolderModuleDr,
          memoryBackupSourceModule,
          // The restore kind and its action: one feature, like any module package.
          fileCopyRestoreModule,
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Resource',
                metadata: {
                  name: 'events-db',
                  namespace: 'default',
                  annotations: {
                    'dr.backstage.io/rpo': '1h',
                    'dr.backstage.io/backup-sources': 'mem:events-db/',
                  },
                },
                spec: { type: 'database', owner: 'group:default/team-events' },
              },
              executionTemplate,
            ],
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: jest.fn() } as any),
          }),
          // Tasks run when the test triggers them, never behind its back:
          // a task still running after the backend stopped would reach
          // databases already shut down.
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              ...(pgDatabase && {
                backend: {
                  database: {
                    client: 'pg',
                    connection: pgSettings(),
                    plugin: {
                      dr: { connection: { database: pgDatabase } },
                      scaffolder: {
                        client: 'better-sqlite3',
                        connection: ':memory:',
                      },
                    },
                  },
                },
              }),
              dr: {
                approvals: {
                  executionTemplate: 'template:default/dr-restore-file-copy',
                },
                sources: {
                  mem: {
                    type: 'memory',
                    backups: [
                      {
                        key: 'events-db/events.db',
                        completedAt: backupTime,
                        content: BACKUP_CONTENT,
                      },
                    ],
                  },
                },
                restoreTargets: {
                  'events-scratch': {
                    type: 'file-copy',
                    title: 'Events scratch volume',
                    directory,
                  },
                  'events-live': {
                    type: 'file-copy',
                    environment: 'production',
                    directory,
                  },
                  'payments-scratch': {
                    type: 'file-copy',
                    allowedEntities: ['resource:default/payments-db'],
                    directory,
                  },
                  'relative-scratch': {
                    type: 'file-copy',
                    directory: 'scratch',
                  },
                },
              },
            },
          }),
        ],
      });
      server = backend.server;
      stop = () => backend.stop();
      const refreshed = await request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'mem' });
      if (refreshed.status !== 202) {
        throw new Error(`Indexing failed: ${refreshed.text}`);
      }
    });

    afterAll(async () => {
      await stop?.();
      if (pgDatabase) await dropDatabases(pgDatabase);
      fs.rmSync(directory, { recursive: true, force: true });
    });

    async function requestRestore(parameters: object) {
      const backups = await request(server)
        .get('/api/dr/entities/resource/default/events-db/backups')
        .set('Authorization', as(ALICE));
      return request(server)
        .post('/api/dr/approvals')
        .set('Authorization', as(ALICE))
        .send({
          parameters: {
            kind: 'file-copy',
            entityRef: 'resource:default/events-db',
            backupId: backups.body.items[0].id,
            targetId: 'events-scratch',
            scenario: 'data-loss',
            ...parameters,
          },
          reason: 'Restore test of the events file',
        });
    }

    /**
     * The task's status once it ended, with its log when it did not
     * complete. (A log request leaves the scaffolder polling its database
     * for a while, so it is only made when there is something to read.)
     */
    async function finishedTask(taskId: string) {
      for (let attempt = 0; attempt < 600; attempt++) {
        const task = await request(server)
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .set('Authorization', as(BOB));
        if (task.body.status === 'completed') return { status: 'completed' };
        if (['failed', 'cancelled'].includes(task.body.status)) {
          const events = await request(server)
            .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
            .set('Authorization', as(BOB));
          const log = events.body
            .map((e: { body: { message?: string } }) => e.body.message)
            .filter(Boolean)
            .join('\n');
          return { status: task.body.status as string, log };
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      throw new Error(`Task ${taskId} did not finish`);
    }

    it('is requested, approved by another user, restored by its action through the scaffolder and recorded as a drill', async () => {
      const requested = await requestRestore({});
      expect(requested.status).toBe(201);
      expect(requested.body.target).toEqual({
        id: 'events-scratch',
        kind: 'file-copy',
        title: 'Events scratch volume',
        environment: 'staging',
      });
      const selfApproved = await request(server)
        .post(`/api/dr/approvals/${requested.body.id}/decision`)
        .set('Authorization', as(ALICE))
        .send({ decision: 'approve' });
      expect(selfApproved.status).toBe(403);

      const approved = await request(server)
        .post(`/api/dr/approvals/${requested.body.id}/decision`)
        .set('Authorization', as(BOB))
        .send({ decision: 'approve' });
      expect(approved.body).toMatchObject({
        status: 'approved',
        executionTaskId: expect.any(String),
      });
      const task = await finishedTask(approved.body.executionTaskId);
      expect(task).toEqual({ status: 'completed' });
      expect(fs.readFileSync(path.join(directory, 'events.db'), 'utf8')).toBe(
        BACKUP_CONTENT,
      );

      const used = await request(server)
        .get(`/api/dr/approvals/${requested.body.id}`)
        .set('Authorization', as(ALICE));
      expect(used.body).toMatchObject({
        status: 'executed',
        outcome: 'succeeded',
        drillId: expect.any(String),
      });
      const drills = await request(server)
        .get('/api/dr/entities/resource/default/events-db/drills')
        .set('Authorization', as(ALICE));
      expect(drills.body.items[0]).toMatchObject({
        id: used.body.drillId,
        outcome: 'succeeded',
        scenario: 'data-loss',
      });
      drillId = used.body.drillId;
    });

    if (pgDatabase) {
      it('kept that drill where backend.database put the DR plugin', async () => {
        const stored = await withClient(pgDatabase, client =>
          client.query('SELECT id FROM dr_drills'),
        );
        expect(stored.rows).toEqual([{ id: drillId }]);
      });
    }

    it('holds its targets to the rules every target has and reports one its restorer cannot read', async () => {
      const production = await requestRestore({ targetId: 'events-live' });
      expect(production.status).toBe(400);
      expect(production.body.error.message).toBe(
        'Restore target "events-live" is misconfigured: NotAllowedError: it is a production target; restoring into production needs allowProduction: true',
      );
      const notAccepted = await requestRestore({
        targetId: 'payments-scratch',
      });
      // Refused when filed, naming the targets that accept the entity.
      expect(notAccepted.status).toBe(400);
      expect(notAccepted.body.error.message).toMatch(
        /^Restore target "payments-scratch" does not accept restores of resource:default\/events-db; pick a target that does: "/,
      );
      const relative = await requestRestore({ targetId: 'relative-scratch' });
      expect(relative.status).toBe(400);
      expect(relative.body.error.message).toBe(
        'Restore target "relative-scratch" is misconfigured: Error: directory must be an absolute path, not "scratch"',
      );
      const otherKind = await requestRestore({ kind: 'postgres' });
      expect(otherKind.status).toBe(400);
      expect(otherKind.body.error.message).toBe(
        'Restore target "events-scratch" takes file-copy restores, not postgres',
      );
    });

    it('refuses a kind no installed module handles when the request is filed', async () => {
      const unknown = await requestRestore({ kind: 'tape' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        'Invalid parameters.kind: no restorer for "tape" restores is installed; known kinds are postgres, velero, file-copy',
      );
    });
  },
);
