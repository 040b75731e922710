/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { startDrBackend } from '../__testUtils__/startDrBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const SYSTEM = 'system:default/orders';
const OWNER = 'group:default/team-orders';

/**
 * The test world with a System `orders` that has no objectives of its own;
 * its parts are orders-db (healthy) and legacy-db, whose newest dump is
 * fresh until the test deletes it (then it is three days old: breach).
 */
function worldWithSystem() {
  const world = createDrTestWorld();
  const at = new Date(Date.now() - 10 * 60_000);
  const freshDump = path.join(
    world.volume,
    'legacy-db',
    `legacy-full-${at
      .toISOString()
      .replace(/[-:]/g, '')
      .replace('T', '-')
      .slice(0, 15)}.sql.gz`,
  );
  const writeFreshDump = () => {
    fs.writeFileSync(freshDump, 'backup');
    fs.utimesSync(freshDump, at, at);
  };
  writeFreshDump();
  for (const entity of world.entities) {
    if (['orders-db', 'legacy-db'].includes(entity.metadata.name)) {
      entity.spec = { ...entity.spec, system: 'orders' };
    }
  }
  const system: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location':
          world.entities[0].metadata.annotations![
            'backstage.io/managed-by-location'
          ],
      },
    },
    spec: { owner: OWNER },
    relations: [
      { type: 'hasPart', targetRef: 'resource:default/orders-db' },
      { type: 'hasPart', targetRef: 'resource:default/legacy-db' },
    ],
  };
  world.entities.push(system);
  return {
    world,
    writeFreshDump,
    deleteFreshDump: () => fs.rmSync(freshDump),
  };
}

describe("a System's posture rolled up over its parts", () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let setup: ReturnType<typeof worldWithSystem>;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      setup = worldWithSystem();
    });
    afterEach(() => setup.world.cleanup());

    it('is listed in the audit as bad as its database in breach, naming it, and its owners are told once per change', async () => {
      const { server, scheduler, notifications, denied } = await startDrBackend(
        {
          world: setup.world,
          knex,
        },
      );
      // Drilled parts: only their backups decide their posture.
      for (const part of ['orders-db', 'legacy-db']) {
        const drill = await request(server)
          .post(`/api/dr/entities/resource/default/${part}/drills`)
          .send({
            scenario: 'database-corruption',
            startedAt: new Date(Date.now() - 3600_000).toISOString(),
            completedAt: new Date(Date.now() - 3000_000).toISOString(),
            outcome: 'succeeded',
            notes: 'Restored the newest dump into a scratch database',
          });
        expect(drill.status).toBe(201);
      }
      await scheduler.triggerTask('dr-catalog-sync');
      const refresh = () =>
        request(server).post('/api/dr/refresh').send({ sourceId: 'volume' });
      /** What the System's owners were told, in order. */
      const toldAboutSystem = () =>
        notifications.send.mock.calls
          .map(([call]) => call)
          .filter(call => call.payload.scope === `dr-posture:${SYSTEM}`);
      const systemRow = async () => {
        const audit = await request(server).get(
          '/api/dr/audit?kind=system&limit=100',
        );
        expect(audit.status).toBe(200);
        return audit.body.items.find(
          (r: { entityRef: string }) => r.entityRef === SYSTEM,
        );
      };

      // Both parts are healthy: so is the System, told to no one yet.
      expect(await systemRow()).toMatchObject({ overall: 'ok' });
      expect(toldAboutSystem()).toEqual([]);

      // legacy-db's fresh dump goes: its newest is three days old.
      setup.deleteFreshDump();
      await refresh();

      const row = await systemRow();
      expect(row).toMatchObject({
        overall: 'breach',
        drivenBy: 'resource:default/legacy-db',
      });
      const breached = await request(server).get(
        '/api/dr/audit?overall=breach&limit=100',
      );
      expect(breached.body.summary.breach).toBeGreaterThanOrEqual(2);
      expect(
        breached.body.items.map((r: { entityRef: string }) => r.entityRef),
      ).toContain(SYSTEM);
      // The DR tab says the same.
      const tab = await request(server).get(
        '/api/dr/entities/system/default/orders/posture',
      );
      expect(tab.body.rollup).toEqual({
        overall: 'breach',
        drivenBy: 'resource:default/legacy-db',
      });
      // A reader who may not read legacy-db's posture: the tab rolls up only
      // the parts they may see, and never names legacy-db.
      denied.add('dr.posture.read resource:default/legacy-db');
      const hidden = await request(server).get(
        '/api/dr/entities/system/default/orders/posture',
      );
      expect(hidden.status).toBe(200);
      expect(hidden.body.rollup.drivenBy).not.toBe(
        'resource:default/legacy-db',
      );
      expect(JSON.stringify(hidden.body)).not.toContain('legacy-db');
      denied.clear();

      const csv = await request(server).get(
        '/api/dr/audit?format=csv&kind=system',
      );
      expect(csv.status).toBe(200);
      const [header, ...lines] = csv.text.trim().split('\n');
      const columns = header.split(',');
      const systemLine = lines
        .map(line => line.split(','))
        .find(cells => cells[0] === SYSTEM);
      expect(systemLine).toBeDefined();
      expect(systemLine![columns.indexOf('overall')]).toBe('breach');
      expect(systemLine![columns.indexOf('drivenBy')]).toBe(
        'resource:default/legacy-db',
      );

      // Told once, however often the same posture is recomputed.
      await refresh();
      await scheduler.triggerTask('dr-catalog-sync');
      expect(toldAboutSystem()).toEqual([
        {
          recipients: { type: 'entity', entityRef: [OWNER] },
          payload: expect.objectContaining({
            title: `DR posture in breach: ${SYSTEM}`,
            severity: 'critical',
            link: '/catalog/default/system/orders/dr',
            description: expect.stringContaining(
              'DR posture went from healthy to in breach. Driven by its part resource:default/legacy-db.',
            ),
          }),
        },
      ]);

      // A fresh dump again: the System recovers, told once more.
      setup.writeFreshDump();
      await refresh();
      await refresh();
      expect(await systemRow()).toMatchObject({ overall: 'ok' });
      expect(toldAboutSystem()).toHaveLength(2);
      expect(toldAboutSystem()[1].payload).toMatchObject({
        title: `DR posture recovered: ${SYSTEM}`,
        description: 'DR posture went from in breach to healthy.',
      });
    });
  });
});
