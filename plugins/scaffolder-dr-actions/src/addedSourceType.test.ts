/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
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
import yaml from 'yaml';
import memoryBackupSourceModule from './__testUtils__/memoryBackupSourceModule';
import {
  countOrders,
  describeWithPostgres,
  dropDatabases,
  pgSettings,
  uniqueName,
} from './__testUtils__/postgresFixtures';
import { scaffolderModuleDr } from './module';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const as = (user: string) => mockCredentials.user.header(user);

describeWithPostgres(
  'a backup source type installed as a module, outside the DR packages',
  () => {
    const staging = uniqueName('dr_added_type_staging');
    const backupTime = new Date(Date.now() - 10 * 60_000).toISOString();
    let server: any;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      const execution = yaml.parse(
        fs.readFileSync(
          path.resolve(
            __dirname,
            '../../../examples/templates/dr-restore-execute.yaml',
          ),
          'utf8',
        ),
      ) as Entity;
      execution.metadata.namespace = 'default';
      const { host, port, user, password } = pgSettings();
      const backend = await startTestBackend({
        features: [
          drPlugin,
          scaffolderPlugin,
          scaffolderModuleDr,
          // Installed once, like any backend module package.
          memoryBackupSourceModule,
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Resource',
                metadata: {
                  name: 'orders-db',
                  namespace: 'default',
                  annotations: {
                    'dr.backstage.io/rpo': '1h',
                    'dr.backstage.io/backup-sources': 'mem:orders-db/',
                  },
                },
                spec: { type: 'database', owner: 'group:default/team-orders' },
              },
              execution,
            ],
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: jest.fn() } as any),
          }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
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
                    connection: {
                      host,
                      port,
                      user,
                      password,
                      database: staging,
                    },
                  },
                },
              },
            },
          }),
        ],
      });
      server = backend.server;
      stop = () => backend.stop();
    });

    afterAll(async () => {
      await stop?.();
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
      const approved = await request(server)
        .post(`/api/dr/approvals/${requested.body.id}/decision`)
        .set('Authorization', as(BOB))
        .send({ decision: 'approve' });
      expect(approved.body.status).toBe('approved');

      let task: { status: string } = { status: 'open' };
      for (let attempt = 0; attempt < 240; attempt++) {
        task = (
          await request(server)
            .get(`/api/scaffolder/v2/tasks/${approved.body.executionTaskId}`)
            .set('Authorization', as(BOB))
        ).body;
        if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
        await new Promise(resolve => setTimeout(resolve, 250));
      }
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${approved.body.executionTaskId}/events`)
        .set('Authorization', as(BOB));
      const log = events.body
        .map((e: { body: { message?: string } }) => e.body.message)
        .filter(Boolean)
        .join('\n');
      expect({ status: task.status, log }).toMatchObject({
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
