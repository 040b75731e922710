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
import { DatabaseRecoveryWindows } from './DatabaseRecoveryWindows';
import { walSegmentName } from '../posture/walSegments';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const T0 = Date.parse('2026-01-01T00:00:00Z');
const MINUTE = 60_000;
const PREFIX = 'store/';
const WAL = `${PREFIX}wal/`;

const selector: SourceSelector = {
  sourceId: 'vol',
  sourceType: 'filesystem',
  selector: { kind: 'prefix', prefix: PREFIX, canonical: PREFIX },
};

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}

function segmentRow(timeline: number, number: number, at: number) {
  const name = walSegmentName({ timeline, number });
  return {
    key: `${WAL}${name}.gz`,
    name,
    type: 'wal' as const,
    status: 'succeeded' as const,
    startedAt: null,
    completedAt: new Date(at),
    sizeBytes: 16_777_216,
    checksum: null,
    encrypted: null,
    details: {},
  };
}

/** A base backup: a plain dump (its start found by time) or a pg_basebackup set. */
function baseRow(
  at: number,
  startNumber?: number,
  timeline = 1,
): IndexedBackup {
  const stamp = new Date(at).toISOString().replace(/[-:.]/g, '');
  const lsn =
    startNumber === undefined
      ? undefined
      : `${Math.floor(startNumber / 256).toString(16)}/${(startNumber % 256)
          .toString(16)
          .padStart(2, '0')}000028`;
  return {
    key: lsn ? `${PREFIX}base_${stamp}/` : `${PREFIX}dump_${stamp}.sql.gz`,
    name: lsn ? `base_${stamp}` : `dump_${stamp}.sql.gz`,
    type: 'full',
    status: 'succeeded',
    startedAt: new Date(at),
    completedAt: new Date(at + 2 * MINUTE),
    sizeBytes: 1000,
    checksum: null,
    encrypted: null,
    details: lsn ? { layout: 'pg_basebackup', startLsn: lsn, timeline } : {},
  };
}

describe('incremental recovery windows', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let store: DatabaseBackupStore;
    let fromScratch: DatabaseRecoveryWindows;

    beforeAll(async () => {
      knex = await migratedDatabase(databases, databaseId);
    });
    beforeEach(() => {
      store = new DatabaseBackupStore(knex);
      fromScratch = new DatabaseRecoveryWindows(knex, store, {
        incremental: false,
      });
    });
    afterEach(async () => {
      await knex('dr_backups').delete();
      await knex('dr_recovery_window_states').delete();
    });

    const sink = () => store.sinkFor('vol', 'filesystem');

    it.each([1, 2, 3, 4, 5, 6])(
      'gives the same windows as a full computation, through appends, gaps, fills, deletions, new base backups and timeline switches (seed %p)',
      async seed => {
        const rnd = random(seed);
        const present = new Map<string, IndexedBackup>();
        const put = async (rows: IndexedBackup[]) => {
          for (const r of rows) present.set(r.key, r);
          await sink().upsert(rows);
        };
        const remove = async (keys: string[]) => {
          for (const k of keys) present.delete(k);
          await sink().remove(keys);
        };
        let timeline = 1;
        let next = 0;
        let clock = T0;
        /** Archives `count` segments, leaving some out when `gaps`. */
        const archive = async (count: number, gaps: boolean) => {
          const rows = [];
          for (let i = 0; i < count; i++) {
            clock += MINUTE;
            if (!(gaps && rnd.chance(0.04))) {
              rows.push(segmentRow(timeline, next, clock));
            }
            next += 1;
          }
          await put(rows);
        };
        const newBase = async () => {
          clock += MINUTE;
          await put([
            baseRow(clock, rnd.chance(0.5) ? next : undefined, timeline),
          ]);
        };

        await newBase();
        await archive(rnd.int(100, 300), true);
        let incrementalRuns = 0;
        for (let step = 0; step < 40; step++) {
          const roll = rnd.int(0, 99);
          const segments = [...present.values()].filter(r => r.type === 'wal');
          const bases = [...present.values()].filter(r => r.type === 'full');
          if (roll < 45) {
            await archive(rnd.int(1, 60), rnd.chance(0.5));
          } else if (roll < 55 && next > 0) {
            // A missing segment turns up late (at the time it would have had).
            const n = rnd.int(Math.max(0, next - 200), next - 1);
            await put([segmentRow(timeline, n, T0 + (n + 1) * MINUTE)]);
          } else if (roll < 62 && segments.length > 2) {
            // Retention or a lost object: a segment disappears, mostly a
            // recent one (inside the window), sometimes any.
            const from = rnd.chance(0.7)
              ? Math.max(0, segments.length - 150)
              : 0;
            await remove([segments[rnd.int(from, segments.length - 1)].key]);
          } else if (roll < 72) {
            await newBase();
          } else if (roll < 77 && bases.length > 1) {
            await remove([
              bases.sort(
                (a, b) => a.startedAt!.getTime() - b.startedAt!.getTime(),
              )[0].key,
            ]);
          } else if (roll < 82) {
            // Promotion: the next timeline continues from the last segment.
            timeline += 1;
            next = Math.max(0, next - 1);
            await archive(rnd.int(1, 20), false);
          } else if (roll < 87) {
            // A history file and a partial segment: never counted.
            await put([
              {
                ...segmentRow(timeline, next, clock),
                key: `${WAL}${walSegmentName({
                  timeline,
                  number: next,
                })}.partial`,
                status: 'in-progress',
              },
            ]);
          } else if (roll < 92 && next > 0) {
            // A segment re-uploaded later (its archive time moves).
            const n = rnd.int(Math.max(0, next - 100), next - 1);
            clock += MINUTE;
            await put([segmentRow(timeline, n, clock)]);
          } else {
            // Nothing changed: the stored window must still be right.
          }

          const before = await knex('dr_recovery_window_states').first('state');
          const incremental = await store.recoveryWindows.restorablePoints([
            selector,
          ]);
          if (before?.state) incrementalRuns += 1;
          const full = await fromScratch.restorablePoints([selector]);
          expect({ step, roll, ...incremental }).toEqual({
            step,
            roll,
            ...full,
          });
        }
        // The property is about the incremental path: it must have run.
        expect(incrementalRuns).toBeGreaterThan(5);
      },
    );

    it('reads only the new segments after 60 more arrive', async () => {
      // A week of WAL every minute and a base backup each day.
      const rows: IndexedBackup[] = [];
      const days = 7;
      for (let n = 0; n < days * 1440; n++) {
        if (n % 1440 === 0) rows.push(baseRow(T0 + n * MINUTE - 1000, n));
        rows.push(segmentRow(1, n, T0 + n * MINUTE));
      }
      await sink().upsert(rows);
      const first = await store.recoveryWindows.restorablePoints([selector]);
      expect(first.windows[`vol:${PREFIX}`]).toEqual({
        from: new Date(T0 - 1000).toISOString(),
        to: new Date(T0 + (days * 1440 - 1) * MINUTE).toISOString(),
        walPrefix: WAL,
      });

      await sink().upsert(
        Array.from({ length: 60 }, (_, i) =>
          segmentRow(1, days * 1440 + i, T0 + (days * 1440 + i) * MINUTE),
        ),
      );
      const statements: string[] = [];
      let walRowsRead = 0;
      const onQuery = (query: { sql: string }) => statements.push(query.sql);
      const onResponse = (response: unknown, query: { sql: string }) => {
        if (
          Array.isArray(response) &&
          /from [`"]dr_backups[`"]/i.test(query.sql)
        ) {
          walRowsRead += response.length;
        }
      };
      knex.on('query', onQuery).on('query-response', onResponse);
      const updated = await store.recoveryWindows.restorablePoints([selector]);
      knex.off('query', onQuery).off('query-response', onResponse);

      expect(updated).toEqual(await fromScratch.restorablePoints([selector]));
      expect(updated.windows[`vol:${PREFIX}`]?.to).toBe(
        new Date(T0 + (days * 1440 + 59) * MINUTE).toISOString(),
      );
      // The 60 new segments and the one the chain ended at, the newest 20
      // WAL names (for the newest segment-named one) and the base backups
      // (one a day): never the week of older WAL, never a count over it.
      expect(walRowsRead).toBeLessThanOrEqual(61 + 20 + days + 5);
      expect(statements.filter(sql => /count\(/i.test(sql))).toEqual([]);
    });

    it('recomputes from scratch when an older segment disappears', async () => {
      const rows: IndexedBackup[] = [baseRow(T0 - 1000, 0)];
      for (let n = 0; n < 300; n++)
        rows.push(segmentRow(1, n, T0 + n * MINUTE));
      await sink().upsert(rows);
      expect(
        (await store.recoveryWindows.restorablePoints([selector])).windows[
          `vol:${PREFIX}`
        ],
      ).toEqual({
        from: new Date(T0 - 1000).toISOString(),
        to: new Date(T0 + 299 * MINUTE).toISOString(),
        walPrefix: WAL,
      });
      await sink().remove([segmentRow(1, 150, 0).key]);
      expect(
        (await store.recoveryWindows.restorablePoints([selector])).windows[
          `vol:${PREFIX}`
        ],
      ).toMatchObject({
        to: new Date(T0 + 149 * MINUTE).toISOString(),
        gapAt: walSegmentName({ timeline: 1, number: 150 }),
      });
    });
  });
});
