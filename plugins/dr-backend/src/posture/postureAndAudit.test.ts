/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import type { Knex } from 'knex';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { startDrBackend } from '../__testUtils__/startDrBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

describe('GET .../posture and GET /audit', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      world = createDrTestWorld();
    });
    afterEach(() => world.cleanup());

    it('say the same about every entity, a stale source included', async () => {
      const { server, scheduler } = await startDrBackend({ world, knex });
      await scheduler.triggerTask('dr-catalog-sync');
      // The volume goes away: its entities' postures carry source-stale.
      fs.rmSync(world.volume, { recursive: true });
      await request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'volume' });

      const audit = await request(server).get('/api/dr/audit?limit=100');
      expect(audit.status).toBe(200);
      expect(audit.body.items.length).toBe(4);
      for (const row of audit.body.items) {
        const posture = await request(server).get(
          `/api/dr/entities/${row.kind.toLowerCase()}/${row.namespace}/${
            row.name
          }/posture`,
        );
        expect(posture.status).toBe(200);
        expect({
          entityRef: row.entityRef,
          overall: row.overall,
          rpoStatus: row.rpoStatus,
          rtoStatus: row.rtoStatus,
          drillStatus: row.drillStatus,
          problemCount: row.problemCount,
        }).toEqual({
          entityRef: posture.body.entityRef,
          overall: posture.body.overall,
          rpoStatus: posture.body.rpo.status,
          rtoStatus: posture.body.rto.status,
          drillStatus: posture.body.drills.status,
          problemCount: posture.body.problems.filter(
            (p: { severity: string }) => p.severity !== 'info',
          ).length,
        });
      }
      const ordersDb = audit.body.items.find(
        (r: { name: string }) => r.name === 'orders-db',
      );
      // source-stale is the only warning of orders-db.
      expect(ordersDb.problemCount).toBe(1);
    });
  });
});
