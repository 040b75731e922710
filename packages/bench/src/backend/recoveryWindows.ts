/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import knexFactory, { type Knex } from 'knex';
// This private bench times the plugin's own store classes, which the plugin
// rightly does not export; a backend run could not seed a year of WAL in time.
/* eslint-disable @backstage/no-forbidden-package-imports */
import {
  DatabaseBackupStore,
  type SourceSelector,
} from '@dr-suite/backstage-plugin-dr-backend/src/database/DatabaseBackupStore';
import { DatabaseRecoveryWindows } from '@dr-suite/backstage-plugin-dr-backend/src/database/DatabaseRecoveryWindows';
import { MIGRATIONS_DIRECTORY } from '@dr-suite/backstage-plugin-dr-backend/src/database/migrations';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { percentile, report, timed } from '../report';
import { PG_URL } from './startBenchBackend';

const SUITE = 'recovery windows';
const DATABASE = 'drbench_windows';
const SOURCE = 'archive';
const PREFIX = 'orders-db/';
const DAYS = Number(process.env.DR_BENCH_WAL_DAYS ?? 365);
const SEGMENTS = DAYS * 1440;
const NEW_SEGMENTS = 60;
const RUNS = 5;

const selector: SourceSelector = {
  sourceId: SOURCE,
  sourceType: 'filesystem',
  selector: { kind: 'prefix', prefix: PREFIX, canonical: PREFIX },
};

const hex = (value: number, width: number) =>
  value.toString(16).toUpperCase().padStart(width, '0');
const segmentName = (n: number) =>
  `00000001${hex(Math.floor(n / 256), 8)}${hex(n % 256, 8)}`;

async function freshDatabase(): Promise<Knex> {
  const admin = knexFactory({ client: 'pg', connection: `${PG_URL}/postgres` });
  try {
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [DATABASE]);
    await admin.raw('CREATE DATABASE ??', [DATABASE]);
  } finally {
    await admin.destroy();
  }
  const db = knexFactory({
    client: 'pg',
    connection: `${PG_URL}/${DATABASE}`,
    pool: { min: 1, max: 4 },
  });
  await db.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  return db;
}

/**
 * A year of WAL archived every minute (segment n at start + n minutes) and a
 * pg_basebackup set each day whose manifest starts at that day's first
 * segment, generated server-side as the indexer would have written them.
 */
async function seedStore(db: Knex, start: Date): Promise<void> {
  await db.raw(
    `INSERT INTO dr_backups (id, source_id, key, name, type, status, started_at, completed_at,
                             sort_time, size_bytes, checksum, encrypted, details, fingerprint, indexed_at)
     SELECT substr(md5(?::text || chr(10) || k), 1, 32), ?, k, name, 'wal', 'succeeded', NULL, t, t,
            16777216, NULL, NULL, '{"sourceType":"filesystem"}', 'seed', now()
       FROM (SELECT n, ?::timestamptz + n * interval '1 minute' AS t,
                    '00000001' || lpad(upper(to_hex(n / 256)), 8, '0')
                               || lpad(upper(to_hex(n % 256)), 8, '0') AS name,
                    ?::text || 'wal/00000001' || lpad(upper(to_hex(n / 256)), 8, '0')
                                        || lpad(upper(to_hex(n % 256)), 8, '0') AS k
               FROM generate_series(0, ?::int - 1) AS n) AS segments`,
    [SOURCE, SOURCE, start, PREFIX, SEGMENTS],
  );
  await db.raw(
    `INSERT INTO dr_backups (id, source_id, key, name, type, status, started_at, completed_at,
                             sort_time, size_bytes, checksum, encrypted, details, fingerprint, indexed_at)
     SELECT substr(md5(?::text || chr(10) || k), 1, 32), ?, k, name, 'full', 'succeeded', t, t + interval '5 minutes',
            t + interval '5 minutes', 5000000000, NULL, NULL,
            json_build_object('sourceType', 'filesystem', 'layout', 'pg_basebackup', 'timeline', 1,
                              'startLsn', upper(to_hex(d * 1440 / 256)) || '/'
                                          || lpad(upper(to_hex(d * 1440 % 256)), 2, '0') || '000028')::text,
            'seed', now()
       FROM (SELECT d, ?::timestamptz + d * interval '1 day' - interval '30 seconds' AS t,
                    'base_' || to_char(?::timestamptz + d * interval '1 day', 'YYYYMMDD_HH24MISS') AS name,
                    ?::text || 'base_' || to_char(?::timestamptz + d * interval '1 day', 'YYYYMMDD_HH24MISS') || '/' AS k
               FROM generate_series(0, ?::int - 1) AS d) AS bases`,
    [SOURCE, SOURCE, start, start, PREFIX, start, DAYS],
  );
  await db.raw('ANALYZE dr_backups');
}

/** The same rows the window is computed from, read with one SELECT. */
async function bareSelect(db: Knex): Promise<number> {
  const rows = await db('dr_backups')
    .where('source_id', SOURCE)
    .where('key', '>=', PREFIX)
    .where('key', '<', 'orders-db0')
    .select('key', 'type', 'status', 'started_at', 'completed_at', 'details');
  return rows.length;
}

const median = (samples: number[]) => percentile(samples, 50);

/**
 * One data store with a year of WAL every minute and daily base backups:
 * its recovery window computed from scratch, and updated after 60 new
 * segments were indexed, each against reading the same rows with one SELECT.
 */
export async function runRecoveryWindowsBench(): Promise<void> {
  const db = await freshDatabase();
  try {
    const start = new Date(
      Math.floor(Date.now() / 60_000) * 60_000 - SEGMENTS * 60_000,
    );
    const seeded = await timed(() => seedStore(db, start));
    process.stdout.write(
      `[${SUITE}] seeded ${SEGMENTS} segments and ${DAYS} base backups in ${(
        seeded.ms / 1000
      ).toFixed(0)} s\n`,
    );
    const store = new DatabaseBackupStore(db);
    const fromScratch = new DatabaseRecoveryWindows(db, store, {
      incremental: false,
    });

    const selectMs: number[] = [];
    const fullMs: number[] = [];
    let rowCount = 0;
    await bareSelect(db); // warms the cache for both sides
    for (let i = 0; i < 3; i++) {
      const select = await timed(() => bareSelect(db));
      rowCount = select.result;
      selectMs.push(select.ms);
      fullMs.push(
        (await timed(() => fromScratch.restorablePoints([selector]))).ms,
      );
    }
    // The first incremental computation has no state yet: a full one.
    await store.recoveryWindows.restorablePoints([selector]);

    const sink = store.sinkFor(SOURCE, 'filesystem');
    const updateMs: number[] = [];
    const windowMs: number[] = [];
    let next = SEGMENTS;
    for (let run = 0; run < RUNS; run++) {
      const first = next;
      const arrived = Array.from({ length: NEW_SEGMENTS }, (_, i) => {
        const n = first + i;
        const at = new Date(start.getTime() + n * 60_000);
        return {
          key: `${PREFIX}wal/${segmentName(n)}`,
          name: segmentName(n),
          type: 'wal' as const,
          status: 'succeeded' as const,
          startedAt: null,
          completedAt: at,
          sizeBytes: 16_777_216,
          checksum: null,
          encrypted: null,
          details: {},
        };
      });
      next += NEW_SEGMENTS;
      // What a re-index does with them: write the rows, update the window.
      let windowOnly = 0;
      const update = await timed(async () => {
        await sink.upsert(arrived);
        const window = await timed(() =>
          store.recoveryWindows.restorablePoints([selector]),
        );
        windowOnly = window.ms;
        return window.result;
      });
      updateMs.push(update.ms);
      windowMs.push(windowOnly);
      const expected = await fromScratch.restorablePoints([selector]);
      if (JSON.stringify(update.result) !== JSON.stringify(expected)) {
        throw new Error(
          `Incremental window ${JSON.stringify(
            update.result,
          )} differs from the full computation ${JSON.stringify(expected)}`,
        );
      }
      if (
        update.result.windows[`${SOURCE}:${PREFIX}`]?.to !==
        arrived[NEW_SEGMENTS - 1].completedAt.toISOString()
      ) {
        throw new Error(
          `Window ends at ${
            update.result.windows[`${SOURCE}:${PREFIX}`]?.to
          }, not at the newest segment`,
        );
      }
    }

    const baseline = {
      name: `one SELECT of the store's ${rowCount} rows`,
      value: median(selectMs),
    };
    const full = median(fullMs);
    const update = median(updateMs);
    report({
      suite: SUITE,
      name: `window computed from scratch (${SEGMENTS} segments, ${DAYS} daily base backups)`,
      value: full,
      unit: 'ms',
      baseline,
    });
    report({
      suite: SUITE,
      name: 'window from scratch / one SELECT of the same rows',
      value: full / baseline.value,
      unit: 'ratio',
      goal: 0.5,
      baseline,
    });
    report({
      suite: SUITE,
      name: `re-index after ${NEW_SEGMENTS} new segments (write the rows + update the window), median of ${RUNS}`,
      value: update,
      unit: 'ms',
      baseline,
      note: `the window update alone: ${median(windowMs).toFixed(0)} ms`,
    });
    report({
      suite: SUITE,
      name: `re-index after ${NEW_SEGMENTS} new segments / one SELECT of the same rows`,
      value: update / baseline.value,
      unit: 'ratio',
      goal: 0.05,
      baseline,
    });
    report({
      suite: SUITE,
      name: `window update after ${NEW_SEGMENTS} new segments / window from scratch`,
      value: median(windowMs) / full,
      unit: 'ratio',
      baseline: { name: 'from scratch', value: full },
    });
  } finally {
    await db.destroy();
    const admin = knexFactory({
      client: 'pg',
      connection: `${PG_URL}/postgres`,
    });
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [DATABASE]);
    await admin.destroy();
  }
}
