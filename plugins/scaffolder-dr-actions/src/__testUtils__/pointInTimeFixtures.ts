/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  PostgresTestCluster,
  findPostgresServerTools,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';

const tools = findPostgresServerTools();
const required = Boolean(process.env.DR_REQUIRE_POSTGRES || process.env.CI);
if ('missing' in tools && required) {
  throw new Error(
    `The point-in-time recovery tests need the PostgreSQL server binaries (DR_REQUIRE_POSTGRES/CI is set): ${tools.missing}`,
  );
}

/** `describe` when scratch clusters can run here; skipped with the reason when not. */
export const describeWithServerBinaries =
  'bindir' in tools ? describe : describe.skip;

/**
 * A data store archived as backup scripts do it: a folder with
 * `<prefix>base_YYYYMMDD_HHMMSS/` (pg_basebackup, tar, gzip) and
 * `<prefix>wal/` (archive_command copies each segment), with orders
 * committed at instants read from the cluster's own clock.
 */
export interface ArchivedDataStore {
  /** The source folder (a filesystem source's `directory`). */
  directory: string;
  prefix: string;
  /** The base backup set's key, `<prefix>base_…/`. */
  baseKey: string;
  baseFiles: string[];
  /** When the base backup started and completed (the cluster's clock). */
  baseStartedAt: string;
  baseCompletedAt: string;
  /** Order ids committed before `between`, and after it. */
  before: number[];
  after: number[];
  /** An instant between the last commit of `before` and the first of `after`. */
  between: string;
  /** An instant after the last commit (order 5), before the WAL was archived. */
  afterLastCommit: string;
  /** When the last WAL segment was archived. */
  archivedUntil: string;
  cluster: PostgresTestCluster;
  cleanup(): Promise<void>;
}

function stamp(time: Date): string {
  return time.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/**
 * Starts a cluster archiving into `<directory>/<prefix>wal/`, takes a base
 * backup into `<directory>/<prefix>base_…/`, then commits orders 1-3,
 * reads the clock, commits orders 4-5, and archives the WAL.
 */
export async function archivedDataStore(
  options: {
    prefix?: string;
    /**
     * The `archive_command` writing into `walDir` (no single quotes), e.g.
     * compressing or encrypting; by default a plain copy.
     */
    archiveCommand?(walDir: string): string;
    /** Runs once the base backup is written, before the commits, e.g. to upload it. */
    afterBaseBackup?(store: {
      directory: string;
      baseKey: string;
      cluster: PostgresTestCluster;
    }): Promise<void>;
  } = {},
): Promise<ArchivedDataStore> {
  const prefix = options.prefix ?? 'orders-db/';
  if (!('bindir' in tools)) throw new Error(tools.missing);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-pitr-source-'));
  const walDir = path.join(directory, prefix, 'wal');
  fs.mkdirSync(walDir, { recursive: true });
  const cluster = await PostgresTestCluster.start({
    bindir: tools.bindir,
    archiveCommand: () =>
      options.archiveCommand?.(walDir) ??
      `test ! -f ${walDir}/%f && cp %p ${walDir}/%f`,
  });
  try {
    await cluster.chownToClusterUser(directory);
    await cluster.sql('create database orders');
    await cluster.sql(
      'create table orders (id int primary key, note text)',
      'orders',
    );
    const startedAt = new Date(
      Math.floor(Date.parse(await cluster.sql('select now()')) / 1000) * 1000,
    );
    const baseName = `base_${stamp(startedAt)}`;
    await cluster.baseBackup(path.join(directory, prefix, baseName));
    const baseCompletedAt = new Date(
      fs.statSync(
        path.join(directory, prefix, baseName, 'backup_manifest'),
      ).mtimeMs,
    ).toISOString();
    await options.afterBaseBackup?.({
      directory,
      baseKey: `${prefix}${baseName}/`,
      cluster,
    });
    const commit = async (ids: number[]) => {
      for (const id of ids) {
        await cluster.sql(
          `insert into orders values (${id}, 'order ${id}')`,
          'orders',
        );
      }
    };
    await commit([1, 2, 3]);
    // The instant after the first commits, by the server's own clock.
    const between = await cluster.sql(
      `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    );
    await commit([4, 5]);
    const afterLastCommit = await cluster.sql(
      `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    );
    await cluster.switchAndArchiveWal();
    const segments = fs.readdirSync(walDir).sort();
    const archivedUntil = new Date(
      fs.statSync(path.join(walDir, segments[segments.length - 1])).mtimeMs,
    ).toISOString();
    return {
      directory,
      prefix,
      baseKey: `${prefix}${baseName}/`,
      baseFiles: fs.readdirSync(path.join(directory, prefix, baseName)).sort(),
      baseStartedAt: startedAt.toISOString(),
      baseCompletedAt,
      before: [1, 2, 3],
      after: [4, 5],
      between,
      afterLastCommit,
      archivedUntil,
      cluster,
      async cleanup() {
        await cluster.stop();
        fs.rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await cluster.stop();
    fs.rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}
