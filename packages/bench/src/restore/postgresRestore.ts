/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import { percentile, report, timed } from '../report';
import { PG_URL } from '../backend/startBenchBackend';

const SUITE = 'restore';
const TARGET_BYTES = Number(process.env.DR_BENCH_DUMP_BYTES ?? 1e9);
const run = promisify(execFile);

export function pgSettings() {
  const url = new URL(PG_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
  };
}

export function pgEnv(database: string): NodeJS.ProcessEnv {
  const { host, port, user } = pgSettings();
  return {
    ...process.env,
    PGHOST: host,
    PGPORT: String(port),
    PGUSER: user,
    PGDATABASE: database,
  };
}

async function admin<T>(
  fn: (db: ReturnType<typeof knexFactory>) => Promise<T>,
): Promise<T> {
  const db = knexFactory({ client: 'pg', connection: `${PG_URL}/postgres` });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

export const drop = (name: string) =>
  admin(db => db.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]));
const create = (name: string) =>
  admin(db => db.raw('CREATE DATABASE ??', [name]));
export const checkpoint = () => admin(db => db.raw('CHECKPOINT'));

/** A pg_dump of about TARGET_BYTES of plain SQL, gzip-compressed. */
async function makeDump(
  directory: string,
): Promise<{ file: string; sqlBytes: number }> {
  const source = 'drbench_restore_source';
  await drop(source);
  await create(source);
  // ~125 bytes per row in the dump.
  const rows = Math.round(TARGET_BYTES / 125);
  await run(
    'psql',
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `CREATE TABLE events (id bigint PRIMARY KEY, occurred_at timestamptz NOT NULL, kind text NOT NULL, payload text NOT NULL);
     INSERT INTO events SELECT i, now() - i * interval '1 second', 'order-' || (i % 17),
            md5(i::text) || md5((i * 7)::text) || md5((i * 13)::text)
       FROM generate_series(1, ${rows}) AS i;`,
    ],
    { env: pgEnv(source), maxBuffer: 1 << 20 },
  );
  const sql = path.join(directory, 'events_full_20261121_000000.sql');
  await run('pg_dump', ['--no-owner', '--no-privileges', '-f', sql, source], {
    env: pgEnv(source),
  });
  const sqlBytes = fs.statSync(sql).size;
  await run('gzip', ['-1', sql]);
  await drop(source);
  return { file: `${sql}.gz`, sqlBytes };
}

/** `gunzip -c dump | psql` into a fresh database: the baseline. */
async function shellRestore(file: string, database: string): Promise<void> {
  await create(database);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      'bash',
      [
        '-o',
        'pipefail',
        '-c',
        `gunzip -c "$1" | psql -X -q --single-transaction -v ON_ERROR_STOP=1 > /dev/null`,
        'restore',
        file,
      ],
      { env: pgEnv(database), stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.once('error', reject);
    child.once('close', code =>
      code === 0
        ? resolve()
        : reject(new Error(`gunzip | psql exited ${code}`)),
    );
  });
}

export interface ActionRun {
  durationMs: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  childrenRssPeakMb: number;
}

/** dr:restore:postgres in its own process, reporting its peak RSS. */
export async function actionRestore(
  directory: string,
  file: string,
  database: string,
  /** More of the worker's job, e.g. a point-in-time restore's kindParameters. */
  extra: Record<string, unknown> = {},
): Promise<ActionRun> {
  const worker = resolvePackagePath('bench', 'src/restore/restoreWorker.ts');
  const transform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
  );
  const { stdout } = await run(
    process.execPath,
    [
      '--require',
      transform,
      worker,
      JSON.stringify({ directory, file, database, pg: pgSettings(), ...extra }),
    ],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

/** Restoring a 1 GB dump through dr:restore:postgres against gunzip | psql of the same file. */
export async function runPostgresRestoreBench(): Promise<void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-bench-restore-'));
  const shellDb = 'drbench_restore_shell';
  const actionDb = 'drbench_restore_action';
  try {
    const dump = await timed(() => makeDump(directory));
    process.stdout.write(
      `[${SUITE}] made a ${(dump.result.sqlBytes / 1e9).toFixed(2)} GB dump (${(
        fs.statSync(dump.result.file).size / 1e6
      ).toFixed(0)} MB gzip) in ${(dump.ms / 1000).toFixed(0)} s\n`,
    );
    await drop(shellDb);
    await drop(actionDb);
    // Three interleaved rounds in alternating order, compared by their
    // medians, so neither side gets the warmer cache or the quieter moment of
    // a shared machine. A checkpoint before each run keeps the previous run's
    // dirty pages from being flushed on the next one's clock.
    const shellMs: number[] = [];
    const actions: ActionRun[] = [];
    const runShell = async () => {
      await checkpoint();
      shellMs.push(
        (await timed(() => shellRestore(dump.result.file, shellDb))).ms,
      );
      await drop(shellDb);
    };
    const runAction = async () => {
      await checkpoint();
      actions.push(await actionRestore(directory, dump.result.file, actionDb));
      await drop(actionDb);
    };
    for (let round = 0; round < 3; round++) {
      if (round % 2 === 0) {
        await runShell();
        await runAction();
      } else {
        await runAction();
        await runShell();
      }
    }
    const shell = percentile(shellMs, 50);
    const actionMs = percentile(
      actions.map(a => a.durationMs),
      50,
    );
    report({
      suite: SUITE,
      name: `dr:restore:postgres of a ${(dump.result.sqlBytes / 1e9).toFixed(
        2,
      )} GB dump / gunzip -c | psql`,
      value: actionMs / shell,
      unit: 'ratio',
      goal: 1.1,
      baseline: { name: 'gunzip -c | psql', value: shell },
      note: `median of ${actions.length} action runs (${actions
        .map(a => (a.durationMs / 1000).toFixed(1))
        .join(', ')} s; fresh database, checks and switch included) against ${
        shellMs.length
      } shell runs (${shellMs.map(ms => (ms / 1000).toFixed(1)).join(', ')} s)`,
    });
    const rssGrowth = (a: ActionRun) =>
      a.rssPeakMb - a.rssBeforeMb + a.childrenRssPeakMb;
    const action = actions.reduce((worst, candidate) =>
      rssGrowth(candidate) > rssGrowth(worst) ? candidate : worst,
    );
    report({
      suite: SUITE,
      name: 'peak RSS of the restore action (Node growth + the tools it runs)',
      value: rssGrowth(action),
      unit: 'MB',
      goal: 200,
      note: `Node grew ${(action.rssPeakMb - action.rssBeforeMb).toFixed(
        1,
      )} MB (peak ${action.rssPeakMb.toFixed(
        0,
      )} MB absolute, ${action.rssBeforeMb.toFixed(
        0,
      )} MB of it Node with the plugins loaded before the restore), the tools it ran (gzip, psql) peaked at ${action.childrenRssPeakMb.toFixed(
        1,
      )} MB`,
    });
  } finally {
    await drop(shellDb);
    await drop(actionDb);
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
