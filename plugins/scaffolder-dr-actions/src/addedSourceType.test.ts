/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import request from 'supertest';
import memoryBackupSourceModule from './__testUtils__/memoryBackupSourceModule';
import {
  countOrders,
  describeWithPostgres,
  dropDatabases,
  pgSettings,
  uniqueName,
} from './__testUtils__/postgresFixtures';
import {
  ALICE,
  as,
  exampleTemplate,
  ordersDatabase,
  startRestoreFlowBackend,
  type RestoreFlowBackend,
} from './__testUtils__/restoreFlowBackend';

jest.setTimeout(120_000);

describeWithPostgres(
  'a backup source type installed as a module, outside the DR packages',
  () => {
    const staging = uniqueName('dr_added_type_staging');
    const backupTime = new Date(Date.now() - 10 * 60_000).toISOString();
    let flow: RestoreFlowBackend;
    let server: any;

    beforeAll(async () => {
      flow = await startRestoreFlowBackend({
        // Installed once, like any backend module package.
        features: [memoryBackupSourceModule],
        entities: [
          ordersDatabase({
            'dr.backstage.io/rpo': '1h',
            'dr.backstage.io/backup-sources': 'mem:orders-db/',
          }),
          exampleTemplate('dr-restore-execute.yaml'),
        ],
        // The first test asks for the first index.
        refresh: false,
        config: {
          dr: {
            sources: {
              mem: {
                type: 'memory',
                backups: [
                  {
                    key: 'orders-db/orders.sql',
                    completedAt: backupTime,
                    content:
                      'CREATE TABLE orders (id int);\nINSERT INTO orders SELECT generate_series(1, 42);\n',
                  },
                ],
              },
            },
            restoreTargets: {
              'orders-staging': {
                type: 'postgres',
                connection: { ...pgSettings(), database: staging },
              },
            },
          },
        },
      });
      server = flow.server;
    });

    afterAll(async () => {
      await flow?.stop();
      await dropDatabases(staging, `${staging}__previous`);
    });

    it('is indexed by the DR plugin and listed by GET /sources', async () => {
      const refreshed = await request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'mem' });
      expect(refreshed.status).toBe(202);
      const sources = await request(server).get('/api/dr/sources');
      expect(sources.status).toBe(200);
      expect(sources.body.items).toEqual([
        expect.objectContaining({
          sourceId: 'mem',
          type: 'memory',
          status: 'ok',
          lastError: null,
          backupCount: 1,
        }),
      ]);
    });

    it('is restored by dr:restore:postgres after approval, through the scaffolder', async () => {
      const backups = await request(server)
        .get('/api/dr/entities/resource/default/orders-db/backups')
        .set('Authorization', as(ALICE));
      expect(backups.body.items.map((b: { key: string }) => b.key)).toEqual([
        'orders-db/orders.sql',
      ]);
      const requested = await request(server)
        .post('/api/dr/approvals')
        .set('Authorization', as(ALICE))
        .send({
          parameters: {
            kind: 'postgres',
            entityRef: 'resource:default/orders-db',
            backupId: backups.body.items[0].id,
            targetId: 'orders-staging',
            scenario: 'database-corruption',
          },
          reason: 'Restore test of the memory source',
        });
      expect(requested.status).toBe(201);
      const approved = await flow.approve(requested.body.id);
      const task = await flow.finishedTask(approved.executionTaskId);
      expect({ status: task.status, log: task.log }).toMatchObject({
        status: 'completed',
      });
      expect(await countOrders(staging)).toBe(42);
      const used = await request(server)
        .get(`/api/dr/approvals/${requested.body.id}`)
        .set('Authorization', as(ALICE));
      expect(used.body).toMatchObject({
        status: 'executed',
        outcome: 'succeeded',
      });
    });
  },
);
