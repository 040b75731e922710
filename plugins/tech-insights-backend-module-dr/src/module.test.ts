/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  type TestDatabaseId,
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
// The real DR plugin serves the API the module reads; tests only.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import request from 'supertest';
import techInsightsModuleDr from './index';

jest.setTimeout(60_000);

const HOUR = 3600_000;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/** orders-db backed up every 6 hours until 10 minutes ago; legacy-db's last backup 3 days ago. */
function createVolume(now: number) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-tech-insights-'));
  const write = (key: string, at: Date) => {
    const file = path.join(root, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'backup');
    fs.utimesSync(file, at, at);
  };
  for (let i = 0; i < 8; i++) {
    const at = new Date(now - 10 * 60_000 - i * 6 * HOUR);
    write(`orders-db/orders_full_${stamp(at)}.sql.gz`, at);
  }
  write(
    `legacy-db/legacy_full_${stamp(new Date(now - 72 * HOUR))}.sql.gz`,
    new Date(now - 72 * HOUR),
  );
  return root;
}

function resource(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'database', owner: 'group:default/team-orders' },
  };
}

describe('DR facts and checks in the Tech Insights backend', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let volume: string;
  afterEach(
    () => volume && fs.rmSync(volume, { recursive: true, force: true }),
  );

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    async function start() {
      volume = createVolume(Date.now());
      const scheduler = mockServices.scheduler() as any;
      // Each plugin its own database, as in a real backend.
      const knexes = {
        dr: await databases.init(databaseId as TestDatabaseId),
        'tech-insights': await databases.init(databaseId as TestDatabaseId),
      };
      const { server } = await startTestBackend({
        features: [
          drPlugin,
          techInsightsPlugin,
          techInsightsModuleDr,
          scheduler.factory(),
          createServiceFactory({
            service: coreServices.database,
            deps: { plugin: coreServices.pluginMetadata },
            factory: ({ plugin }) => ({
              getClient: async () =>
                knexes[plugin.getId() as keyof typeof knexes],
            }),
          }),
          catalogServiceMock.factory({
            entities: [
              resource('orders-db', {
                'dr.backstage.io/rto': '30m',
                'dr.backstage.io/rpo': '15m',
                'dr.backstage.io/backup-sources': 'volume:orders-db/',
              }),
              resource('legacy-db', {
                'dr.backstage.io/rpo': '1d',
                'dr.backstage.io/backup-sources': 'volume:legacy-db/',
              }),
            ],
          }),
          mockServices.rootConfig.factory({
            data: {
              dr: {
                sources: { volume: { type: 'filesystem', directory: volume } },
              },
              techInsights: {
                factRetrievers: {
                  drFactRetriever: {
                    cadence: '*/30 * * * *',
                    lifecycle: { maxItems: 1 },
                  },
                },
              },
            },
          }),
        ],
      });
      await request(server).post('/api/dr/refresh').send({});
      await scheduler.triggerTask('dr-catalog-sync');
      return { server, scheduler };
    }

    it('retrieves DR facts and runs the DR checks on them', async () => {
      const { server, scheduler } = await start();
      // A drill of orders-db an hour ago, recorded through the DR API.
      const drill = await request(server)
        .post('/api/dr/entities/resource/default/orders-db/drills')
        .send({
          scenario: 'database-corruption',
          startedAt: new Date(Date.now() - 2 * HOUR).toISOString(),
          completedAt: new Date(Date.now() - HOUR).toISOString(),
          outcome: 'succeeded',
          notes: 'Restored the newest dump into a scratch database by hand',
        });
      expect(drill.status).toBe(201);

      await scheduler.triggerTask('drFactRetriever');

      const facts = await request(server)
        .get('/api/tech-insights/facts/latest')
        .query({
          entity: 'resource:default/legacy-db',
          'ids[]': 'drFactRetriever',
        });
      expect(facts.status).toBe(200);
      expect(facts.body.drFactRetriever.facts).toMatchObject({
        overall: 'breach',
        rpoStatus: 'breached',
        rpoTargetSeconds: 86_400,
        drillStatus: 'never',
        staleSourceCount: 0,
        staleSources: [],
      });
      expect(facts.body.drFactRetriever.facts.rpoActualSeconds).toBeGreaterThan(
        86_400,
      );

      const run = async (name: string) => {
        const res = await request(server)
          .post(`/api/tech-insights/checks/run/default/resource/${name}`)
          .send({
            checks: ['drRpoMet', 'drDrillCurrent', 'drRestoreTested30d'],
          });
        expect(res.status).toBe(200);
        return Object.fromEntries(
          res.body.map((r: { check: { id: string }; result: boolean }) => [
            r.check.id,
            r.result,
          ]),
        );
      };
      expect(await run('orders-db')).toEqual({
        drRpoMet: true,
        drDrillCurrent: true,
        // A drill typed in by a person is not a restore that ran.
        drRestoreTested30d: false,
      });
      expect(await run('legacy-db')).toEqual({
        drRpoMet: false,
        drDrillCurrent: false,
        drRestoreTested30d: false,
      });
    });

    it('lists the DR checks', async () => {
      const { server } = await start();
      const res = await request(server).get('/api/tech-insights/checks');
      expect(res.body.map((c: { name: string }) => c.name)).toEqual([
        'RPO met',
        'Drill current',
        'Restore tested in the last 30 days',
      ]);
    });
  });
});
