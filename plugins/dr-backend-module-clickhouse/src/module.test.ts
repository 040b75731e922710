/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested the way it is installed: beside the DR backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import {
  type ClickHouseTestServer,
  startClickHouseTestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import request from 'supertest';
import drModuleClickHouse from '.';

jest.setTimeout(60_000);

const MINUTE = 60_000;
// One "now" for the whole file: ClickHouse's times are whole seconds.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const ago = (minutes: number) => new Date(NOW - minutes * MINUTE);
const B2 =
  'https://s3.eu-central-003.backblazeb2.com/batchsender-clickhouse-cold/backups';

function resource(name: string, backupSources: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'dr.backstage.io/rpo': '24h',
        'dr.backstage.io/backup-sources': backupSources,
      },
    },
    spec: { type: 'database', owner: 'team-a' },
  };
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the DR backend with the clickhouse module, on %s',
  databaseId => {
    let clickhouse: ClickHouseTestServer;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

    beforeAll(async () => {
      clickhouse = await startClickHouseTestServer();
      // Seed 000's events store: daily BACKUP … TO S3 on Backblaze B2. The
      // newest CREATED one is 26 hours old; newer ones are running or failed.
      clickhouse.put({
        id: 'daily-1',
        name: `S3('${B2}/daily-1/', 'KEYID', '[HIDDEN]')`,
        status: 'BACKUP_CREATED',
        start_time: ago(26 * 60 + 20),
        end_time: ago(26 * 60),
        num_files: 211,
        total_size: 734_003_200,
      });
      clickhouse.put({
        id: 'daily-2',
        name: `S3('${B2}/daily-2/', 'KEYID', '[HIDDEN]')`,
        status: 'BACKUP_FAILED',
        start_time: ago(2 * 60 + 20),
        end_time: ago(2 * 60),
        error:
          'Code: 499. DB::Exception: The AWS Access Key Id you provided does not exist in our records. (S3_ERROR)',
      });
      clickhouse.put({
        id: 'daily-3',
        name: `S3('${B2}/daily-3/', 'KEYID', '[HIDDEN]')`,
        status: 'CREATING_BACKUP',
        start_time: ago(10),
      });
      // The analytics store backs up to a local disk: created an hour ago.
      clickhouse.put({
        id: 'analytics-1',
        name: "Disk('backups', 'analytics/1.zip')",
        status: 'BACKUP_CREATED',
        start_time: ago(70),
        end_time: ago(60),
        num_files: 12,
        total_size: 52_428_800,
      });

      const knex = await databases.init(databaseId);
      const scheduler = mockServices.scheduler() as SchedulerService & {
        factory(): ServiceFactory;
      };
      ({ server } = await startTestBackend({
        features: [
          drPlugin,
          drModuleClickHouse,
          scheduler.factory(),
          mockServices.database.factory({ knex, migrations: { skip: false } }),
          catalogServiceMock.factory({
            entities: [
              resource('events-db', `clickhouse-prod:${B2}/`),
              resource('analytics-db', 'clickhouse-prod:backups/analytics/'),
            ],
          }),
          mockServices.rootConfig.factory({
            data: {
              dr: {
                sources: {
                  'clickhouse-prod': {
                    type: 'clickhouse',
                    url: clickhouse.url,
                    user: clickhouse.user,
                    password: clickhouse.password,
                  },
                },
              },
            },
          }),
        ],
      }));
    });
    afterAll(() => clickhouse?.stop());

    const posture = (name: string) =>
      request(server).get(`/api/dr/entities/resource/default/${name}/posture`);

    it('takes RPO from the newest created backup only', async () => {
      const refresh = await request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'clickhouse-prod' });
      expect(refresh.status).toBe(202);

      const events = await posture('events-db');
      expect(events.status).toBe(200);
      expect(events.body).toMatchObject({
        overall: 'breach',
        rpo: {
          status: 'breached',
          targetSeconds: 86400,
          lastSuccessfulBackupAt: ago(26 * 60).toISOString(),
        },
        sources: [
          {
            sourceId: 'clickhouse-prod',
            type: 'clickhouse',
            selector: `${B2}/`,
            status: 'ok',
          },
        ],
      });
      const analytics = await posture('analytics-db');
      expect(analytics.body.rpo).toMatchObject({
        status: 'met',
        lastSuccessfulBackupAt: ago(60).toISOString(),
      });

      const listed = await request(server).get(
        '/api/dr/entities/resource/default/events-db/backups',
      );
      expect(
        listed.body.items.map((b: { name: string; status: string }) => [
          b.name,
          b.status,
        ]),
      ).toEqual([
        [`S3('${B2}/daily-3/')`, 'in-progress'],
        [`S3('${B2}/daily-2/')`, 'failed'],
        [`S3('${B2}/daily-1/')`, 'succeeded'],
      ]);
    });

    it('turns the source stale with ClickHouse’s error on a wrong password, which it never shows', async () => {
      const wrong = await startTestBackendWithPassword('not-the-password');
      const sources = await request(wrong).get('/api/dr/sources');
      expect(
        sources.body.items.find(
          (s: { sourceId: string }) => s.sourceId === 'clickhouse-prod',
        ),
      ).toMatchObject({
        status: 'stale',
        lastError: expect.stringContaining(
          'AUTHENTICATION_FAILED (code 516): dr_reader: Authentication failed',
        ),
      });
      expect(JSON.stringify(sources.body)).not.toContain('not-the-password');
    });

    async function startTestBackendWithPassword(password: string) {
      const knex = await databases.init(databaseId);
      const scheduler = mockServices.scheduler() as SchedulerService & {
        factory(): ServiceFactory;
      };
      const backend = await startTestBackend({
        features: [
          drPlugin,
          drModuleClickHouse,
          scheduler.factory(),
          mockServices.database.factory({ knex, migrations: { skip: false } }),
          catalogServiceMock.factory({
            entities: [resource('events-db', `clickhouse-prod:${B2}/`)],
          }),
          mockServices.rootConfig.factory({
            data: {
              dr: {
                sources: {
                  'clickhouse-prod': {
                    type: 'clickhouse',
                    url: clickhouse.url,
                    user: clickhouse.user,
                    password,
                  },
                },
              },
            },
          }),
        ],
      });
      await request(backend.server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'clickhouse-prod' });
      return backend.server;
    }
  },
);
