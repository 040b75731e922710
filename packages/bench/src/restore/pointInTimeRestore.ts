/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  PostgresTestCluster,
  findPostgresServerTools,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import { percentile, report, timed } from '../report';
import {
  type ActionRun,
  actionRestore,
  checkpoint,
  drop,
  pgEnv,
} from './postgresRestore';

const SUITE = 'pitr';
/** Size of the recovered database's table; DR_BENCH_PITR_BYTES, 1 GB by default. */
const TARGET_BYTES = Number(process.env.DR_BENCH_PITR_BYTES ?? 1e9);
const ROUNDS = Number(process.env.DR_BENCH_PITR_ROUNDS ?? 2);
const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

function asPostgres(command: string, args: string[]) {
  return asRoot
    ? run('runuser', ['-u', 'postgres', '--', command, ...args], {
        maxBuffer: 1 << 20,
      })
    : run(command, args, { maxBuffer: 1 << 20 });
}

/**
 * A cluster archiving into `<directory>/store/wal/`, a database of about
 * TARGET_BYTES taken into an uncompressed tar base backup, then a few
 * commits around an instant read from the server's clock.
 */
async function makeArchivedStore(bindir: string, directory: string) {
  const walDir = path.join(directory, 'store', 'wal');
  fs.mkdirSync(walDir, { recursive: true });
  if (asRoot) await run('chown', ['-R', 'postgres', directory]);
  const cluster = await PostgresTestCluster.start({
    bindir,
    archiveCommand: () => `test ! -f ${walDir}/%f && cp %p ${walDir}/%f`,
  });
  try {
    await cluster.sql('create database events');
    // ~125 bytes a row, as the dump benchmark's table.
    const rows = Math.round(TARGET_BYTES / 125);
    await cluster.sql(
      `create table events (id bigint primary key, occurred_at timestamptz not null, kind text not null, payload text not null);
       insert into events select i, now() - i * interval '1 second', 'order-' || (i % 17),
              md5(i::text) || md5((i * 7)::text) || md5((i * 13)::text)
         from generate_series(1, ${rows}) as i;
       create table marks (id int primary key)`,
      'events',
    );
    const baseKey = 'store/base_20261201_000000/';
    await cluster.runAsClusterUser(path.join(bindir, 'pg_basebackup'), [
      '-h',
      cluster.root,
      '-p',
      String(cluster.port),
      '-D',
      path.join(directory, baseKey),
      '-Ft',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    await cluster.sql('insert into marks values (1)', 'events');
    const between = await cluster.sql(
      `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    );
    await cluster.sql('insert into marks values (2)', 'events');
    await cluster.switchAndArchiveWal();
    const files = fs.readdirSync(path.join(directory, baseKey)).sort();
    const bytes = files.reduce(
      (sum, file) =>
        sum + fs.statSync(path.join(directory, baseKey, file)).size,
      0,
    );
    return { cluster, baseKey, files, between, walDir, bytes };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/**
 * The same steps by hand with the same binaries: unpack the base backup,
 * recover with `cp` as restore_command to the instant, then
 * `pg_dump -Fc | pg_restore` into a fresh database, and remove the cluster.
 */
async function byHand(options: {
  bindir: string;
  directory: string;
  baseKey: string;
  walDir: string;
  between: string;
  database: string;
}): Promise<void> {
  const { bindir } = options;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-bench-pitr-hand-'));
  const data = path.join(root, 'data');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = path.join(options.directory, options.baseKey);
  const script = `
set -euo pipefail
mkdir -m 700 "${data}"
tar -xf "${base}/base.tar" -C "${data}"
tar -xf "${base}/pg_wal.tar" -C "${data}/pg_wal"
touch "${data}/recovery.signal"
cat >> "${data}/postgresql.conf" <<EOF
port = ${port}
listen_addresses = ''
unix_socket_directories = '${root}'
archive_mode = off
restore_command = 'cp ${options.walDir}/%f %p'
recovery_target_time = '${options.between
    .replace('T', ' ')
    .replace('Z', '+00')}'
recovery_target_action = promote
EOF
"${bindir}/pg_ctl" -D "${data}" -l "${root}/log" -w -t 600 start > /dev/null
until [ "$("${bindir}/psql" -h "${root}" -p ${port} -d postgres -Atc 'select pg_is_in_recovery()' 2>/dev/null)" = f ]; do sleep 0.1; done
`;
  try {
    if (asRoot) await run('chown', ['postgres', root]);
    await asPostgres('bash', ['-c', script]);
    await checkpoint();
    await run(
      'psql',
      ['-X', '-q', '-c', `create database ${options.database}`],
      {
        env: pgEnv('postgres'),
      },
    );
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        'bash',
        [
          '-o',
          'pipefail',
          '-c',
          `PGHOST="$1" PGPORT="$2" PGUSER="$3" "$4/pg_dump" -Fc -Z0 --no-owner --no-privileges events | "$4/pg_restore" --no-owner --no-privileges --exit-on-error -d "$5"`,
          'pitr',
          root,
          String(port),
          asRoot ? 'postgres' : os.userInfo().username,
          bindir,
          options.database,
        ],
        {
          env: pgEnv(options.database),
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      child.once('error', reject);
      child.once('close', code =>
        code === 0
          ? resolve()
          : reject(new Error(`pg_dump | pg_restore exited ${code}`)),
      );
    });
  } finally {
    await asPostgres(path.join(bindir, 'pg_ctl'), [
      '-D',
      data,
      '-m',
      'fast',
      '-w',
      'stop',
    ]).catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Point-in-time recovery of a large database through dr:restore:postgres against the same steps by hand. */
export async function runPointInTimeRestoreBench(): Promise<void> {
  const tools = findPostgresServerTools();
  if ('missing' in tools) throw new Error(tools.missing);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-bench-pitr-'));
  fs.chmodSync(directory, 0o755);
  const handDb = 'drbench_pitr_hand';
  const actionDb = 'drbench_pitr_action';
  let store: Awaited<ReturnType<typeof makeArchivedStore>> | undefined;
  try {
    const made = await timed(() => makeArchivedStore(tools.bindir, directory));
    store = made.result;
    process.stdout.write(
      `[${SUITE}] made a ${(store.bytes / 1e9).toFixed(
        2,
      )} GB base backup (tar) with archived WAL in ${(made.ms / 1000).toFixed(
        0,
      )} s\n`,
    );
    // The source cluster is not needed any more; its load would skew both sides.
    await store.cluster.stop();
    await drop(handDb);
    await drop(actionDb);
    const handMs: number[] = [];
    const actions: ActionRun[] = [];
    const runHand = async () => {
      await checkpoint();
      handMs.push(
        (
          await timed(() =>
            byHand({
              bindir: tools.bindir,
              directory,
              baseKey: store!.baseKey,
              walDir: store!.walDir,
              between: store!.between,
              database: handDb,
            }),
          )
        ).ms,
      );
      await drop(handDb);
    };
    const runAction = async () => {
      await checkpoint();
      actions.push(
        await actionRestore(directory, store!.baseKey, actionDb, {
          layouts: ['pg_basebackup'],
          kindParameters: { targetTime: store!.between },
          backup: {
            details: { layout: 'pg_basebackup', files: store!.files },
            completedAt: null,
            recoveryWindow: {
              from: new Date(0).toISOString(),
              to: new Date().toISOString(),
              walPrefix: 'store/wal/',
            },
          },
        }),
      );
      await drop(actionDb);
    };
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        await runHand();
        await runAction();
      } else {
        await runAction();
        await runHand();
      }
    }
    const hand = percentile(handMs, 50);
    const actionMs = percentile(
      actions.map(a => a.durationMs),
      50,
    );
    report({
      suite: SUITE,
      name: `dr:restore:postgres point-in-time recovery of a ${(
        store.bytes / 1e9
      ).toFixed(2)} GB base backup / the same steps by hand`,
      value: actionMs / hand,
      unit: 'ratio',
      goal: 1.1,
      baseline: {
        name: 'tar, recovery with cp, pg_dump | pg_restore',
        value: hand,
      },
      note: `median of ${actions.length} action runs (${actions
        .map(a => (a.durationMs / 1000).toFixed(1))
        .join(
          ', ',
        )} s; scratch cluster, WAL served over HTTP, fresh database and switch included) against ${
        handMs.length
      } runs by hand (${handMs
        .map(ms => (ms / 1000).toFixed(1))
        .join(', ')} s)`,
    });
    const rssGrowth = (a: ActionRun) =>
      a.rssPeakMb - a.rssBeforeMb + a.childrenRssPeakMb;
    const action = actions.reduce((worst, candidate) =>
      rssGrowth(candidate) > rssGrowth(worst) ? candidate : worst,
    );
    report({
      suite: SUITE,
      name: 'peak RSS of the point-in-time restore action beyond PostgreSQL (Node growth + tar, pg_dump, pg_restore)',
      value: rssGrowth(action),
      unit: 'MB',
      goal: 200,
      note: `Node grew ${(action.rssPeakMb - action.rssBeforeMb).toFixed(
        1,
      )} MB (peak ${action.rssPeakMb.toFixed(
        0,
      )} MB absolute); the tools it ran peaked at ${action.childrenRssPeakMb.toFixed(
        1,
      )} MB; the scratch postgres and its restore_command scripts are PostgreSQL's and not counted`,
    });
  } finally {
    await store?.cluster.stop();
    await drop(handDb);
    await drop(actionDb);
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
