/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { runPostureAndAuditBench } from './backend/postureAndAudit';
import { runS3IndexingBench } from './backend/s3Indexing';
import { runRecoveryWindowsBench } from './backend/recoveryWindows';
import { runPostgresRestoreBench } from './restore/postgresRestore';
import { runCustomDumpFromS3Bench } from './restore/customDumpFromS3';
import { runPointInTimeRestoreBench } from './restore/pointInTimeRestore';
import { runDrTabRenderBench } from './frontend/drTabRender';
import { summaryTable } from './report';

const SUITES: Record<string, () => Promise<void>> = {
  posture: runPostureAndAuditBench,
  indexing: runS3IndexingBench,
  windows: runRecoveryWindowsBench,
  restore: async () => {
    await runPostgresRestoreBench();
    await runCustomDumpFromS3Bench();
  },
  'restore-plain': runPostgresRestoreBench,
  'restore-custom': runCustomDumpFromS3Bench,
  pitr: runPointInTimeRestoreBench,
  frontend: runDrTabRenderBench,
};

async function main() {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(SUITES);
  const unknown = names.filter(name => !SUITES[name]);
  if (unknown.length)
    throw new Error(
      `Unknown benchmark "${unknown.join('", "')}"; known: ${Object.keys(
        SUITES,
      ).join(', ')}`,
    );
  // A suite that fails is reported and the others still run.
  const failed: string[] = [];
  for (const name of names) {
    process.stdout.write(`\n== ${name}\n`);
    try {
      await SUITES[name]();
    } catch (error) {
      failed.push(name);
      process.stderr.write(
        `[${name}] failed: ${(error as Error)?.stack ?? error}\n`,
      );
    }
  }
  process.stdout.write(`\n${summaryTable()}\n`);
  if (failed.length)
    throw new Error(`Benchmarks that failed: ${failed.join(', ')}`);
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
