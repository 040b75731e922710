/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// Runs dr:restore:postgres in a process of its own, so its peak RSS is the
// action's alone. Started by postgresRestore.ts with a JSON job on argv.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader, type JsonObject } from '@backstage/config';
import {
  DrBackendAccess,
  createDrRestorePostgresAction,
} from '@dr-suite/backstage-plugin-scaffolder-backend-module-dr';
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  BackupSourceRegistry,
  RestoreTargetRegistry,
} from '@dr-suite/backstage-plugin-dr-node';

/** Peak resident memory of the tools the action runs (gzip, psql, pg_restore), summed, in bytes. */
function childrenRss(): number {
  try {
    const pids = fs
      .readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return pids.reduce((sum, pid) => {
      try {
        // A point-in-time restore's scratch server is PostgreSQL, not the action.
        if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres')
          return sum;
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        return sum + Number(kb ?? 0) * 1024;
      } catch {
        return sum; // exited between the two reads
      }
    }, 0);
  } catch {
    return 0; // no /proc: only the Node process is measured
  }
}

async function main() {
  const job = JSON.parse(process.argv[2]) as {
    directory: string;
    file: string;
    database: string;
    pg: { host: string; port: number; user: string; password?: string };
    /** Point-in-time restores: the kind parameters, the backup set's facts and source layouts. */
    kindParameters?: { targetTime: string };
    backup?: Record<string, unknown>;
    layouts?: string[];
    /** The bench source's config instead of a folder, e.g. an s3 bucket. */
    source?: JsonObject;
    /** Parallel pg_restore jobs for custom-format dumps. */
    jobs?: number;
  };
  const config = new ConfigReader({
    dr: {
      sources: {
        bench: job.source ?? {
          type: 'filesystem',
          directory: job.directory,
          ...(job.layouts ? { layouts: job.layouts } : {}),
        },
      },
      restoreTargets: {
        bench: {
          type: 'postgres',
          connection: { ...job.pg, database: job.database },
        },
      },
    },
  });
  const key = job.backup || job.source ? job.file : path.basename(job.file);
  // The approval the backend would return on claim; the rest is the real action.
  // Auth and discovery go unused: the API and the token are replaced below.
  const access = new DrBackendAccess({
    auth: {} as AuthService,
    discovery: {} as DiscoveryService,
  });
  Object.assign(access, {
    api: {
      claimApproval: async (id: string) => ({
        id,
        decisions: [{ approver: 'user:default/bob' }],
        backup: {
          sourceId: 'bench',
          key,
          name: key,
          sizeBytes: null,
          completedAt: new Date().toISOString(),
          ...job.backup,
        },
      }),
      reportApprovalOutcome: async () => ({}),
    },
    executorToken: async () => 'bench',
  });
  // DR_BENCH_VERBOSE=1 shows the action's log with elapsed times on stderr.
  const logStart = Date.now();
  const write = process.env.DR_BENCH_VERBOSE
    ? (message: string) =>
        process.stderr.write(`+${Date.now() - logStart} ms ${message}\n`)
    : () => {};
  const quiet = {
    info: write,
    warn: write,
    error: write,
    debug() {},
    child: () => quiet,
  };
  const logger = quiet as any;
  const action = createDrRestorePostgresAction({
    access,
    sources: BackupSourceRegistry.fromConfig(config, { logger }),
    targets: RestoreTargetRegistry.fromConfig(config),
  });
  const outputs: Record<string, unknown> = {};
  const rssBefore = process.memoryUsage().rss;
  // Node's own peak comes from the kernel at the end; the tools' peaks are
  // their high-water marks, read while they run (sampling is kept sparse so
  // that it does not itself load the event loop and the garbage collector).
  let childrenRssPeak = 0;
  const sampler = setInterval(() => {
    childrenRssPeak = Math.max(childrenRssPeak, childrenRss());
  }, 100);
  const started = process.hrtime.bigint();
  await action.handler({
    input: {
      approvalId: 'bench',
      entityRef: 'resource:default/bench',
      backupId: 'b',
      targetId: 'bench',
      scenario: 'bench',
      checks: [],
      ...(job.kindParameters ? { kindParameters: job.kindParameters } : {}),
      ...(job.jobs ? { jobs: job.jobs } : {}),
    },
    logger,
    checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    task: { id: 'bench-task' },
    step: { id: 'restore' },
  } as any);
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  process.stdout.write(
    `${JSON.stringify({
      outputs,
      durationMs,
      rssBeforeMb: rssBefore / 1e6,
      rssPeakMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
      childrenRssPeakMb: childrenRssPeak / 1e6,
    })}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
