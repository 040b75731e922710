/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { IndexedBackup } from '@dr-suite/backstage-plugin-dr-node';
import type { Knex } from 'knex';
import {
  DatabaseBackupStore,
  type SourceSelector,
} from './DatabaseBackupStore';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const T0 = Date.parse('2026-11-01T00:00:00Z');
const minutes = (n: number) => new Date(T0 + n * 60_000);

function row(
  key: string,
  at: Date,
  extra: Partial<IndexedBackup> = {},
): IndexedBackup {
  return {
    key,
    name: key.split('/').pop()!,
    type: 'full',
    status: 'succeeded',
    startedAt: at,
    completedAt: at,
    sizeBytes: 16_777_216,
    checksum: null,
    encrypted: null,
    details: {},
    ...extra,
  };
}

/** A segment name: timeline, log, segment. */
const seg = (timeline: number, log: number, segment: number) =>
  [timeline, log, segment]
    .map(n => n.toString(16).toUpperCase().padStart(8, '0'))
    .join('');

const wal = (name: string, at: Date, extra: Partial<IndexedBackup> = {}) =>
  row(`orders-db/wal/${name}`, at, { type: 'wal', startedAt: null, ...extra });

const selector: SourceSelector = {
  sourceId: 'vol',
  sourceType: 'filesystem',
  selector: { kind: 'prefix', prefix: 'orders-db/', canonical: 'orders-db/' },
};

/** A pg_basebackup set whose manifest starts at segment 0/3. */
const baseBackup = (at: Date, startLsn = '0/3000028') =>
  row('orders-db/base_20261101_000000/', at, {
    details: { layout: 'pg_basebackup', startLsn, timeline: 1 },
  });

describe('DatabaseRecoveryWindows', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let store: DatabaseBackupStore;

    beforeAll(async () => {
      knex = await migratedDatabase(databases, databaseId);
      store = new DatabaseBackupStore(knex);
    });
    afterEach(() => knex('dr_backups').delete());

    const index = (rows: IndexedBackup[]) =>
      store.sinkFor('vol', 'filesystem').upsert(rows);

    it('is recoverable from the oldest base backup to the last segment of a contiguous chain', async () => {
      await index([
        // An older dump-style backup: its start is the first segment archived after it.
        row('orders-db/dump_20261031.sql.gz', minutes(-1)),
        baseBackup(minutes(3)),
        ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map(n => wal(seg(1, 0, n), minutes(n))),
      ]);
      const points = await store.recoveryWindows.restorablePoints([selector]);
      expect(points.windows['vol:orders-db/']).toEqual({
        walPrefix: 'orders-db/wal/',
        from: minutes(-1).toISOString(),
        to: minutes(8).toISOString(),
      });
      expect(points.newest).toEqual(minutes(8));
    });

    it('cuts the window at a missing segment, and RPO counts only up to it', async () => {
      await index([
        row('orders-db/dump_20261031.sql.gz', minutes(-1)),
        baseBackup(minutes(3)),
        // 02 is missing: the older dump cannot reach the base backup.
        ...[0, 1, 3, 4, 5, 7, 8, 9].map(n => wal(seg(1, 0, n), minutes(n))),
      ]);
      const points = await store.recoveryWindows.restorablePoints([selector]);
      expect(points.windows['vol:orders-db/']).toEqual({
        walPrefix: 'orders-db/wal/',
        from: minutes(3).toISOString(),
        to: minutes(5).toISOString(),
        gapAt: '000000010000000000000006',
        reason:
          'WAL segment 000000010000000000000006 is missing: the store can be restored only up to the segment before it.',
      });
      // WAL archived after the gap is newer but cannot be replayed.
      expect(points.newest).toEqual(minutes(5));
      expect(await store.newestSuccessful([selector])).toEqual(minutes(9));
    });

    it('does not take a log rollover (…FF → next log 00) for a gap', async () => {
      await index([
        baseBackup(minutes(0), 'A/FE000028'),
        wal(seg(1, 0xa, 0xfe), minutes(1)),
        wal(`${seg(1, 0xa, 0xff)}.gz`, minutes(2)),
        wal(`${seg(1, 0xb, 0)}.gz`, minutes(3)),
        wal(seg(1, 0xb, 1), minutes(4)),
      ]);
      const { windows } = await store.recoveryWindows.restorablePoints([
        selector,
      ]);
      expect(windows['vol:orders-db/']).toEqual({
        walPrefix: 'orders-db/wal/',
        from: minutes(0).toISOString(),
        to: minutes(4).toISOString(),
      });
    });

    it('follows a timeline switch and does not count history files or partial segments', async () => {
      await index([
        baseBackup(minutes(0)),
        wal(seg(1, 0, 3), minutes(1)),
        wal(seg(1, 0, 4), minutes(2)),
        // Promotion: the old timeline's last segment is kept as .partial and
        // timeline 2 continues from the same segment number.
        wal(`${seg(1, 0, 5)}.partial`, minutes(3), { status: 'in-progress' }),
        wal('00000002.history', minutes(3)),
        wal(seg(2, 0, 5), minutes(4)),
        wal(seg(2, 0, 6), minutes(5)),
        wal(`${seg(2, 0, 7)}.partial`, minutes(6), { status: 'in-progress' }),
      ]);
      const { windows } = await store.recoveryWindows.restorablePoints([
        selector,
      ]);
      expect(windows['vol:orders-db/']).toEqual({
        walPrefix: 'orders-db/wal/',
        from: minutes(0).toISOString(),
        to: minutes(5).toISOString(),
      });
    });

    it('says a WAL stream without any base backup restores nothing', async () => {
      await index([0, 1, 2].map(n => wal(seg(1, 0, n), minutes(n))));
      const points = await store.recoveryWindows.restorablePoints([selector]);
      expect(points.windows['vol:orders-db/']).toEqual({
        walPrefix: 'orders-db/wal/',
        from: null,
        to: null,
        reason:
          'WAL is archived but there is no base backup to replay it onto: nothing can be restored.',
      });
      expect(points.newest).toBeNull();
    });

    it('leaves stores without segment-named WAL to their newest backup', async () => {
      await index([
        row('orders-db/dump.sql.gz', minutes(0)),
        wal('0001', minutes(5)),
      ]);
      expect(await store.recoveryWindows.restorablePoints([selector])).toEqual({
        windows: {},
      });
    });
  });
});
