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
import request from 'supertest';
import {
  RedisTestServer,
  findRedisServer,
} from './__testUtils__/RedisTestServer';
import drModuleRedis from '.';

jest.setTimeout(60_000);

const tools = findRedisServer();
if ('missing' in tools && (process.env.DR_REQUIRE_POSTGRES || process.env.CI)) {
  throw new Error(`The Redis module tests need redis-server: ${tools.missing}`);
}
const describeWithRedis = 'ok' in tools ? describe : describe.skip;

const sessions: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'sessions',
    namespace: 'default',
    annotations: {
      'dr.backstage.io/rpo': '1h',
      'dr.backstage.io/backup-sources': 'redis-sessions:',
    },
  },
  spec: { type: 'cache', owner: 'team-a' },
};

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describeWithRedis.each(databases.eachSupportedId())(
  'the DR backend with the redis module and a real redis-server, on %s',
  databaseId => {
    let redis: RedisTestServer;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

    beforeAll(async () => {
      redis = await RedisTestServer.start();
      const knex = await databases.init(databaseId);
      const scheduler = mockServices.scheduler() as SchedulerService & {
        factory(): ServiceFactory;
      };
      ({ server } = await startTestBackend({
        features: [
          drPlugin,
          drModuleRedis,
          scheduler.factory(),
          mockServices.database.factory({ knex, migrations: { skip: false } }),
          catalogServiceMock.factory({ entities: [sessions] }),
          mockServices.rootConfig.factory({
            data: {
              dr: {
                sources: {
                  'redis-sessions': {
                    type: 'redis',
                    url: redis.url,
                    password: redis.password,
                  },
                },
              },
            },
          }),
        ],
      }));
    });
    afterAll(() => redis?.stop());

    const refresh = () =>
      request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'redis-sessions' });
    const posture = async () =>
      (
        await request(server).get(
          '/api/dr/entities/resource/default/sessions/posture',
        )
      ).body;
    const backups = async () =>
      (
        await request(server).get(
          '/api/dr/entities/resource/default/sessions/backups',
        )
      ).body.items.map((b: { type: string; status: string }) => [
        b.type,
        b.status,
      ]);

    it('judges RPO from the newest real snapshot, never from the start time or a failed BGSAVE', async () => {
      // Started, never saved: nothing to restore from is known.
      expect((await refresh()).status).toBe(202);
      expect((await posture()).rpo).toMatchObject({
        status: 'unknown',
        lastSuccessfulBackupAt: null,
      });

      await redis.write('session:1', 'alice');
      const savedAt = await redis.save();
      await refresh();
      expect((await posture()).rpo).toMatchObject({
        status: 'met',
        targetSeconds: 3600,
        lastSuccessfulBackupAt: savedAt.toISOString(),
      });
      expect(await backups()).toEqual([['snapshot', 'succeeded']]);

      redis.breakDataDirectory();
      await redis.bgsave();
      await refresh();
      const after = await posture();
      expect(after.rpo.lastSuccessfulBackupAt).toBe(savedAt.toISOString());
      expect(after.sources).toEqual([
        expect.objectContaining({
          sourceId: 'redis-sessions',
          type: 'redis',
          status: 'ok',
        }),
      ]);
      expect(await backups()).toEqual([
        ['snapshot', 'failed'],
        ['snapshot', 'succeeded'],
      ]);
    });
  },
);
