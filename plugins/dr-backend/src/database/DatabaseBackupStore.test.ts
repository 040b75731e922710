/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { IndexedBackup } from '@dr-suite/backstage-plugin-dr-node';
import type { Knex } from 'knex';
import {
  DatabaseBackupStore,
  backupId,
  type SourceSelector,
} from './DatabaseBackupStore';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

function backup(
  key: string,
  completedAt: string | null,
  extra: Partial<IndexedBackup> = {},
): IndexedBackup {
  return {
    key,
    name: key.split('/').pop()!,
    type: 'full',
    status: 'succeeded',
    startedAt: completedAt ? new Date(completedAt) : null,
    completedAt: completedAt ? new Date(completedAt) : null,
    sizeBytes: 5_000_000_000,
    checksum: null,
    encrypted: null,
    details: {},
    ...extra,
  };
}

const prefix = (sourceId: string, p: string): SourceSelector => ({
  sourceId,
  sourceType: 's3',
  selector: { kind: 'prefix', prefix: p, canonical: p },
});

describe('DatabaseBackupStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let store: DatabaseBackupStore;

    beforeAll(async () => {
      knex = await migratedDatabase(databases, databaseId);
      store = new DatabaseBackupStore(knex);
    });
    afterEach(() => knex('dr_backups').delete());

    it('upserts, lists keys by prefix and removes backups of one source', async () => {
      const sink = store.sinkFor('s3-main', 's3');
      await sink.upsert([
        backup('orders/a_full_20261101_000000.sql.gz', '2026-11-01T00:00:00Z'),
        backup('orders/a_full_20261102_000000.sql.gz', '2026-11-02T00:00:00Z'),
        backup('ordersx/b_full_20261102_000000.sql.gz', '2026-11-02T00:00:00Z'),
      ]);
      await store
        .sinkFor('other', 's3')
        .upsert([backup('orders/c', '2026-11-03T00:00:00Z')]);

      expect([...(await sink.keys('orders/'))].sort()).toEqual([
        'orders/a_full_20261101_000000.sql.gz',
        'orders/a_full_20261102_000000.sql.gz',
      ]);
      await sink.remove(['orders/a_full_20261101_000000.sql.gz']);
      expect(await store.countForSource('s3-main')).toBe(2);
      expect(await store.countForSource('other')).toBe(1);
    });

    it('keeps big sizes, booleans and details intact and updates changed rows', async () => {
      const sink = store.sinkFor('vol', 'filesystem');
      await sink.upsert([
        backup('x/db_full_20261101_000000.dump.enc', '2026-11-01T00:00:00Z', {
          encrypted: true,
          details: { a: 1 },
        }),
      ]);
      await sink.upsert([
        backup('x/db_full_20261101_000000.dump.enc', '2026-11-01T00:00:00Z', {
          encrypted: true,
          status: 'failed',
          details: { a: 2 },
        }),
      ]);
      const record = await store.get(
        backupId('vol', 'x/db_full_20261101_000000.dump.enc'),
      );
      expect(record).toEqual({
        id: backupId('vol', 'x/db_full_20261101_000000.dump.enc'),
        sourceId: 'vol',
        sourceType: 'filesystem',
        key: 'x/db_full_20261101_000000.dump.enc',
        name: 'db_full_20261101_000000.dump.enc',
        type: 'full',
        status: 'failed',
        startedAt: '2026-11-01T00:00:00.000Z',
        completedAt: '2026-11-01T00:00:00.000Z',
        sizeBytes: 5_000_000_000,
        checksum: null,
        encrypted: true,
        details: { a: 2 },
      });
    });

    it('finds the newest successful backup across selectors, ignoring failures and other prefixes', async () => {
      await store
        .sinkFor('s3-main', 's3')
        .upsert([
          backup(
            'orders/a_full_20261101_000000.sql.gz',
            '2026-11-01T00:00:00Z',
          ),
          backup(
            'orders/a_full_20261105_000000.sql.gz',
            '2026-11-05T00:00:00Z',
            { status: 'failed' },
          ),
          backup('orders0/newer', '2026-11-09T00:00:00Z'),
        ]);
      await store
        .sinkFor('vol', 'filesystem')
        .upsert([
          backup('orders/wal/0001', '2026-11-03T00:00:00Z', { type: 'wal' }),
        ]);

      expect(
        await store.newestSuccessful([prefix('s3-main', 'orders/')]),
      ).toEqual(new Date('2026-11-01T00:00:00Z'));
      expect(
        await store.newestSuccessful([
          prefix('s3-main', 'orders/'),
          prefix('vol', 'orders/'),
        ]),
      ).toEqual(new Date('2026-11-03T00:00:00Z'));
      expect(
        await store.newestSuccessful([prefix('s3-main', 'nothing/')]),
      ).toBeNull();
      expect(await store.newestSuccessful([])).toBeNull();

      const byEntity = await store.newestSuccessfulByEntity([
        {
          entityRef: 'resource:default/orders-db',
          selectors: [prefix('s3-main', 'orders/'), prefix('vol', 'orders/')],
        },
        {
          entityRef: 'resource:default/empty',
          selectors: [prefix('s3-main', 'nothing/')],
        },
      ]);
      expect(byEntity.get('resource:default/orders-db')).toEqual(
        new Date('2026-11-03T00:00:00Z'),
      );
      expect(byEntity.get('resource:default/empty')).toBeNull();
    });

    it('matches filter selectors in memory', async () => {
      await store.sinkFor('velero', 'velero').upsert([
        backup('nightly-1', '2026-11-01T00:00:00Z', {
          details: { includedNamespaces: ['orders'] },
        }),
        backup('nightly-2', '2026-11-02T00:00:00Z', {
          details: { includedNamespaces: ['payments'] },
        }),
      ]);
      const selector: SourceSelector = {
        sourceId: 'velero',
        sourceType: 'velero',
        selector: {
          kind: 'filter',
          description: 'orders',
          canonical: 'orders',
          matches: ({ details }) =>
            (details.includedNamespaces as string[]).includes('orders'),
        },
      };
      expect(await store.newestSuccessful([selector])).toEqual(
        new Date('2026-11-01T00:00:00Z'),
      );
      const page = await store.list([selector], { limit: 10 });
      expect(page.items.map(i => i.key)).toEqual(['nightly-1']);
      const facts = await store.newestSuccessfulByEntity([
        { entityRef: 'component:default/orders', selectors: [selector] },
      ]);
      expect(facts.get('component:default/orders')).toEqual(
        new Date('2026-11-01T00:00:00Z'),
      );
      expect(
        await store.matches(backupId('velero', 'nightly-2'), [selector]),
      ).toBe(false);
      expect(
        await store.matches(backupId('velero', 'nightly-1'), [selector]),
      ).toBe(true);
    });

    it('pages newest first with a stable cursor and filters by status', async () => {
      const keys = Array.from(
        { length: 25 },
        (_, i) =>
          `db/app_full_202611${String(i + 1).padStart(2, '0')}_000000.sql.gz`,
      );
      await store.sinkFor('s3-main', 's3').upsert(
        keys.map((k, i) =>
          backup(k, `2026-11-${String(i + 1).padStart(2, '0')}T00:00:00Z`, {
            status: i % 5 === 0 ? 'failed' : 'succeeded',
          }),
        ),
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list([prefix('s3-main', 'db/')], {
          limit: 10,
          cursor,
        });
        seen.push(...page.items.map(i => i.key));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...keys].reverse());

      const succeeded = await store.list([prefix('s3-main', 'db/')], {
        limit: 100,
        statuses: ['succeeded'],
      });
      expect(succeeded.items).toHaveLength(20);
      await expect(
        store.list([prefix('s3-main', 'db/')], {
          limit: 10,
          cursor: 'garbage',
        }),
      ).rejects.toThrow(/cursor is not one this API returned/);
    });
  });
});
