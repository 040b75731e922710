/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3TestServer } from '@dr-suite/backstage-plugin-dr-node/testUtils';
import knexFactory from 'knex';
import { percentile, report, timed } from '../report';
import { PG_URL } from '../backend/startBenchBackend';
import {
  type ActionRun,
  actionRestore,
  checkpoint,
  drop,
  pgEnv,
} from './postgresRestore';

const SUITE = 'restore';
/** Plain SQL size of the dump; custom format compresses it several times. */
const TARGET_BYTES = Number(process.env.DR_BENCH_CUSTOM_DUMP_BYTES ?? 400e6);
const TABLES = 4;
const BUCKET = 'bench-dumps';
const KEY = 'events/events_full_20261121_000000.dump';
const run = promisify(execFile);

/** A custom-format pg_dump of TABLES tables with an index each (what -j splits). */
async function makeCustomDump(directory: string): Promise<string> {
  const source = 'drbench_custom_source';
  await drop(source);
  const db = knexFactory({ client: 'pg', connection: `${PG_URL}/postgres` });
  await db.raw('CREATE DATABASE ??', [source]).finally(() => db.destroy());
  const rows = Math.round(TARGET_BYTES / 125 / TABLES);
  const sql = Array.from(
    { length: TABLES },
    (
      _,
      t,
    ) => `CREATE TABLE events_${t} (id bigint PRIMARY KEY, occurred_at timestamptz NOT NULL, kind text NOT NULL, payload text NOT NULL);
     INSERT INTO events_${t} SELECT i, now() - i * interval '1 second', 'order-' || (i % 17),
            md5(i::text) || md5((i * 7)::text) || md5((i * ${t + 11})::text)
       FROM generate_series(1, ${rows}) AS i;
     CREATE INDEX events_${t}_occurred_at ON events_${t} (occurred_at);`,
  ).join('\n');
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    env: pgEnv(source),
    maxBuffer: 1 << 20,
  });
  const file = path.join(directory, 'events.dump');
  await run(
    'pg_dump',
    ['--no-owner', '--no-privileges', '-Fc', '-Z', '1', '-f', file, source],
    { env: pgEnv(source) },
  );
  await drop(source);
  return file;
}

/**
 * A custom-format dump read from s3rver through dr:restore:postgres with
 * `-j 2` (staged to a temp file, then parallel pg_restore) against `-j 1`
 * (streamed), same dump, same run, alternating order.
 */
export async function runCustomDumpFromS3Bench(): Promise<void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-bench-custom-'));
  const s3 = await startS3TestServer({ buckets: [BUCKET] });
  const database = 'drbench_restore_custom';
  try {
    const dump = await timed(() => makeCustomDump(directory));
    const size = fs.statSync(dump.result).size;
    await new S3Client(s3.clientConfig).send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: KEY,
        // A buffer: s3rver stores a streamed body's aws-chunked framing as is.
        Body: fs.readFileSync(dump.result),
      }),
    );
    process.stdout.write(
      `[${SUITE}] made a ${(size / 1e6).toFixed(
        0,
      )} MB custom-format dump of ${TABLES} tables in ${(
        dump.ms / 1000
      ).toFixed(0)} s and put it into s3rver\n`,
    );
    const source = { type: 's3', bucket: BUCKET, ...s3.clientConfig };
    const runs: Record<1 | 2, ActionRun[]> = { 1: [], 2: [] };
    const restoreWith = async (jobs: 1 | 2) => {
      await drop(database);
      await checkpoint();
      runs[jobs].push(
        await actionRestore(directory, KEY, database, { source, jobs }),
      );
    };
    for (let round = 0; round < 3; round++) {
      const order: Array<1 | 2> = round % 2 === 0 ? [1, 2] : [2, 1];
      for (const jobs of order) await restoreWith(jobs);
    }
    const median = (list: ActionRun[]) =>
      percentile(
        list.map(r => r.durationMs),
        50,
      );
    const one = median(runs[1]);
    const two = median(runs[2]);
    const seconds = (list: ActionRun[]) =>
      list.map(r => (r.durationMs / 1000).toFixed(1)).join(', ');
    report({
      suite: SUITE,
      name: `custom-format dump from S3 (${(size / 1e6).toFixed(
        0,
      )} MB, ${TABLES} tables): pg_restore -j 2 (staged) / -j 1 (streamed)`,
      value: two / one,
      unit: 'ratio',
      baseline: { name: '-j 1, streamed', value: one },
      note: `medians of ${runs[2].length} runs each: -j 2 ${seconds(
        runs[2],
      )} s (staging included), -j 1 ${seconds(runs[1])} s; on ${
        os.cpus().length
      } cores shared with the PostgreSQL server`,
    });
  } finally {
    await drop(database);
    await s3.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
