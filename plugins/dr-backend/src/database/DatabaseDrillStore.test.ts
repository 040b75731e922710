/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Knex } from 'knex';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { DatabaseDrillStore, type NewDrill } from './DatabaseDrillStore';

jest.setTimeout(60_000);

function drill(completedAt: string, extra: Partial<NewDrill> = {}): NewDrill {
  const completed = new Date(completedAt);
  return {
    entityRef: 'component:default/orders',
    scenario: 'corruption',
    startedAt: new Date(completed.getTime() - 600_000),
    completedAt: completed,
    outcome: 'succeeded',
    measuredRtoSeconds: 600,
    measuredRpoSeconds: null,
    backupId: null,
    participants: ['user:default/alice'],
    notes: null,
    actionItems: [{ title: 'Automate it', done: false }],
    approvalId: null,
    taskId: null,
    recordedBy: 'user:default/alice',
    ...extra,
  };
}

describe('DatabaseDrillStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let store: DatabaseDrillStore;

    beforeAll(async () => {
      knex = await migratedDatabase(databases, databaseId);
      store = new DatabaseDrillStore(knex);
    });
    afterEach(() => knex('dr_drills').delete());

    it('stores a drill and reads it back exactly', async () => {
      const created = await store.insert(
        drill('2026-11-01T10:00:00Z', {
          notes: 'went fine',
          measuredRpoSeconds: 120,
        }),
      );
      const { items } = await store.list('component:default/orders', {
        limit: 10,
      });
      expect(items).toEqual([created]);
      expect(created).toMatchObject({
        startedAt: '2026-11-01T09:50:00.000Z',
        completedAt: '2026-11-01T10:00:00.000Z',
        measuredRpoSeconds: 120,
        participants: ['user:default/alice'],
        actionItems: [{ title: 'Automate it', done: false }],
      });
    });

    it('derives facts: newest success, newest drill of any outcome, newest success per scenario', async () => {
      await store.insert(
        drill('2026-10-01T00:00:00Z', { measuredRtoSeconds: 900 }),
      );
      await store.insert(
        drill('2026-10-20T00:00:00Z', {
          scenario: 'region',
          measuredRtoSeconds: 7200,
        }),
      );
      await store.insert(
        drill('2026-11-05T00:00:00Z', {
          outcome: 'failed',
          measuredRtoSeconds: 99,
        }),
      );
      // Recorded later but happened earlier: must not win.
      await store.insert(
        drill('2026-09-01T00:00:00Z', { measuredRtoSeconds: 1 }),
      );
      await store.insert(
        drill('2026-10-01T00:00:00Z', { entityRef: 'component:default/other' }),
      );

      expect(await store.facts('component:default/orders')).toEqual({
        lastSuccessful: {
          completedAt: new Date('2026-10-20T00:00:00Z'),
          rtoSeconds: 7200,
        },
        last: {
          completedAt: new Date('2026-11-05T00:00:00Z'),
          outcome: 'failed',
        },
        byScenario: {
          corruption: {
            completedAt: '2026-10-01T00:00:00.000Z',
            rtoSeconds: 900,
          },
          region: { completedAt: '2026-10-20T00:00:00.000Z', rtoSeconds: 7200 },
        },
      });
      expect(await store.facts('component:default/none')).toEqual({
        lastSuccessful: null,
        last: null,
        byScenario: {},
      });
    });

    it('does not count an unverified drill as a measured RTO or as the last drill', async () => {
      await store.insert(
        drill('2026-10-01T00:00:00Z', { measuredRtoSeconds: 900 }),
      );
      // Restored without any check: newer and faster, yet it proves nothing.
      await store.insert(
        drill('2026-11-05T00:00:00Z', {
          outcome: 'unverified',
          measuredRtoSeconds: 1,
        }),
      );
      await store.insert(
        drill('2026-11-06T00:00:00Z', {
          entityRef: 'component:default/only-unverified',
          outcome: 'unverified',
        }),
      );

      expect(await store.facts('component:default/orders')).toEqual({
        lastSuccessful: {
          completedAt: new Date('2026-10-01T00:00:00Z'),
          rtoSeconds: 900,
        },
        last: {
          completedAt: new Date('2026-10-01T00:00:00Z'),
          outcome: 'succeeded',
        },
        byScenario: {
          corruption: {
            completedAt: '2026-10-01T00:00:00.000Z',
            rtoSeconds: 900,
          },
        },
      });
      expect(await store.facts('component:default/only-unverified')).toEqual({
        lastSuccessful: null,
        last: null,
        byScenario: {},
      });
      const { items } = await store.list('component:default/orders', {
        limit: 10,
      });
      expect(items.map(i => i.outcome)).toEqual(['unverified', 'succeeded']);
    });

    it('pages newest first', async () => {
      for (let day = 1; day <= 7; day++) {
        await store.insert(drill(`2026-11-0${day}T00:00:00Z`));
      }
      const first = await store.list('component:default/orders', { limit: 5 });
      const second = await store.list('component:default/orders', {
        limit: 5,
        cursor: first.nextCursor!,
      });
      expect(
        [...first.items, ...second.items].map(d => d.completedAt.slice(0, 10)),
      ).toEqual([
        '2026-11-07',
        '2026-11-06',
        '2026-11-05',
        '2026-11-04',
        '2026-11-03',
        '2026-11-02',
        '2026-11-01',
      ]);
      expect(second.nextCursor).toBeNull();
    });

    it('voids a drill once, keeps it listed and stops counting it', async () => {
      const kept = await store.insert(
        drill('2026-10-01T00:00:00Z', { measuredRtoSeconds: 900 }),
      );
      const forged = await store.insert(
        drill('2026-11-01T00:00:00Z', {
          scenario: 'region',
          measuredRtoSeconds: 1,
        }),
      );
      const at = new Date('2026-11-02T00:00:00Z');
      const voided = await store.void('component:default/orders', forged.id, {
        voidedBy: 'user:default/bob',
        reason: 'Never happened',
        at,
      });
      expect(voided).toEqual({
        result: 'voided',
        drill: {
          ...forged,
          voided: {
            at: '2026-11-02T00:00:00.000Z',
            by: 'user:default/bob',
            reason: 'Never happened',
          },
        },
      });
      expect(
        await store.void('component:default/orders', forged.id, {
          voidedBy: 'user:default/carol',
          reason: 'again',
        }),
      ).toMatchObject({
        result: 'already-voided',
        drill: { voided: { by: 'user:default/bob' } },
      });
      expect(
        await store.void('component:default/other', kept.id, {
          voidedBy: 'user:default/bob',
          reason: 'wrong entity',
        }),
      ).toEqual({ result: 'missing' });

      const { items } = await store.list('component:default/orders', {
        limit: 10,
      });
      expect(items.map(d => [d.id, d.voided?.reason ?? null])).toEqual([
        [forged.id, 'Never happened'],
        [kept.id, null],
      ]);
      expect(await store.facts('component:default/orders')).toEqual({
        lastSuccessful: {
          completedAt: new Date('2026-10-01T00:00:00Z'),
          rtoSeconds: 900,
        },
        last: {
          completedAt: new Date('2026-10-01T00:00:00Z'),
          outcome: 'succeeded',
        },
        byScenario: {
          corruption: {
            completedAt: '2026-10-01T00:00:00.000Z',
            rtoSeconds: 900,
          },
        },
      });
    });

    it('records one drill per approval', async () => {
      await store.insert(drill('2026-11-01T00:00:00Z', { approvalId: 'a1' }));
      await expect(
        store.insert(drill('2026-11-02T00:00:00Z', { approvalId: 'a1' })),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: 'A drill is already recorded for approval a1',
      });
      await store.insert(drill('2026-11-03T00:00:00Z'));
      await store.insert(drill('2026-11-04T00:00:00Z'));
    });
  });
});
