/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Knex } from 'knex';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { DatabaseEntityFactsStore } from './DatabaseEntityFactsStore';
import {
  DatabaseEntityStore,
  type EntitySnapshot,
} from './DatabaseEntityStore';

jest.setTimeout(60_000);

function snapshot(
  name: string,
  extra: Partial<EntitySnapshot> = {},
): EntitySnapshot {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    title: null,
    owner: 'group:default/team-a',
    tier: 'tier-1',
    rtoSeconds: 3600,
    rpoSeconds: 900,
    drillCadenceDays: 90,
    hasObjectives: true,
    selectors: [{ sourceId: 'vol', selector: `${name}/` }],
    scenarios: [],
    problems: [],
    ...extra,
  };
}

describe('DatabaseEntityStore and DatabaseEntityFactsStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let entities: DatabaseEntityStore;
    let facts: DatabaseEntityFactsStore;

    beforeAll(async () => {
      knex = await migratedDatabase(databases, databaseId);
      entities = new DatabaseEntityStore(knex);
      facts = new DatabaseEntityFactsStore(knex);
    });
    afterEach(async () => {
      await knex('dr_entities').delete();
      await knex('dr_entity_facts').delete();
    });

    it('writes only what changed and removes entities that left the catalog', async () => {
      const first = await entities.replaceAll(
        [snapshot('a'), snapshot('b')],
        new Date('2026-11-01T00:00:00Z'),
      );
      expect(first).toEqual({
        changed: ['component:default/a', 'component:default/b'],
        removed: [],
      });

      const second = await entities.replaceAll(
        [
          snapshot('a'),
          snapshot('c', { tier: null, hasObjectives: false, selectors: [] }),
        ],
        new Date('2026-11-02T00:00:00Z'),
      );
      expect(second).toEqual({
        changed: ['component:default/c'],
        removed: ['component:default/b'],
      });
      expect((await entities.listWithSelectors()).map(e => e.name)).toEqual([
        'a',
      ]);
      expect(await entities.get('component:default/c')).toMatchObject({
        hasObjectives: false,
        tier: null,
      });
      expect(await entities.lastSyncedAt()).toEqual(
        new Date('2026-11-02T00:00:00Z'),
      );
    });

    it('joins facts and filters by owner, kind, tier and search', async () => {
      await entities.replaceAll(
        [
          snapshot('orders', { title: 'Orders Service' }),
          snapshot('payments', {
            owner: 'group:default/team-b',
            tier: 'tier-2',
          }),
          snapshot('db', {
            kind: 'Resource',
            entityRef: 'resource:default/db',
          }),
        ],
        new Date(),
      );
      await facts.setBackupFacts(
        new Map([
          ['component:default/orders', new Date('2026-11-01T00:00:00Z')],
        ]),
      );
      await facts.setDrillFacts('component:default/orders', {
        lastSuccessful: {
          completedAt: new Date('2026-10-01T00:00:00Z'),
          rtoSeconds: 600,
        },
        last: {
          completedAt: new Date('2026-10-02T00:00:00Z'),
          outcome: 'failed',
        },
        byScenario: {
          corruption: {
            completedAt: '2026-10-01T00:00:00.000Z',
            rtoSeconds: 600,
          },
        },
      });
      // A later backup refresh must keep the drill facts.
      await facts.setBackupFacts(
        new Map([
          ['component:default/orders', new Date('2026-11-02T00:00:00Z')],
        ]),
      );

      const [orders] = await entities.listWithFacts({ search: 'SERVICE' });
      expect(orders).toMatchObject({
        name: 'orders',
        lastSuccessfulBackupAt: new Date('2026-11-02T00:00:00Z'),
        lastSuccessfulDrillAt: new Date('2026-10-01T00:00:00Z'),
        lastSuccessfulDrillRtoSeconds: 600,
        lastDrillOutcome: 'failed',
        scenarioDrills: {
          corruption: {
            completedAt: '2026-10-01T00:00:00.000Z',
            rtoSeconds: 600,
          },
        },
      });
      expect(
        (await entities.listWithFacts({ owner: ['group:default/team-b'] })).map(
          e => e.name,
        ),
      ).toEqual(['payments']);
      expect(
        (await entities.listWithFacts({ kind: ['resource'] })).map(e => e.name),
      ).toEqual(['db']);
      expect(
        (
          await entities.listWithFacts({
            tier: ['tier-1'],
            kind: ['Component'],
          })
        ).map(e => e.name),
      ).toEqual(['orders']);
      // Search wildcards are literal.
      expect(await entities.listWithFacts({ search: '%' })).toEqual([]);
    });

    it('iterates in batches in entity-ref order', async () => {
      await entities.replaceAll(
        Array.from({ length: 12 }, (_, i) =>
          snapshot(`svc-${String(i).padStart(2, '0')}`),
        ),
        new Date(),
      );
      const batches: string[][] = [];
      for await (const batch of entities.iterateWithFacts({}, 5))
        batches.push(batch.map(e => e.name));
      expect(batches.map(b => b.length)).toEqual([5, 5, 2]);
      expect(batches.flat()).toEqual(
        Array.from(
          { length: 12 },
          (_, i) => `svc-${String(i).padStart(2, '0')}`,
        ),
      );
    });
  });
});
