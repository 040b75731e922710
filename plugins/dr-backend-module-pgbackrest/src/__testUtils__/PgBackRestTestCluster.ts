/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  PostgresTestCluster,
  findPostgresServerTools,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';

export const STANZA = 'demo';
export const EMPTY_STANZA = 'empty';

/**
 * Where the PostgreSQL server binaries are, or why the cluster cannot run
 * (the caller fails or skips with that reason): the server package and
 * pgBackRest must both be installed.
 */
export function findClusterTools(): { bindir: string } | { missing: string } {
  const tools = findPostgresServerTools();
  if ('missing' in tools) return tools;
  try {
    execFileSync('pgbackrest', ['version'], { stdio: 'ignore' });
  } catch {
    return {
      missing: 'pgbackrest is not installed (apt-get install pgbackrest)',
    };
  }
  return tools;
}

/**
 * A throwaway PostgreSQL cluster (dr-node's `PostgresTestCluster`)
 * archiving into its own pgBackRest repository, all in one temp folder:
 * real `archive-push`, `stanza-create` and backups. `stop()` stops the
 * server and removes the folder.
 */
export class PgBackRestTestCluster {
  readonly cluster: PostgresTestCluster;
  readonly root: string;
  readonly repoPath: string;
  readonly configPath: string;

  private constructor(cluster: PostgresTestCluster) {
    this.cluster = cluster;
    this.root = cluster.root;
    this.repoPath = path.join(cluster.root, 'repo');
    this.configPath = path.join(cluster.root, 'pgbackrest.conf');
  }

  /** Creates the cluster, starts it and creates the stanzas. */
  static async start(bindir: string): Promise<PgBackRestTestCluster> {
    const configOf = (root: string) => path.join(root, 'pgbackrest.conf');
    const cluster = await PostgresTestCluster.start({
      bindir,
      archiveCommand: root =>
        `pgbackrest --config=${configOf(
          root,
        )} --stanza=${STANZA} archive-push %p`,
      beforeStart: async started => {
        const { root } = started;
        for (const dir of ['log', 'lock']) fs.mkdirSync(path.join(root, dir));
        const stanza = (name: string) => [
          `[${name}]`,
          `pg1-path=${started.dataDirectory}`,
          `pg1-port=${started.port}`,
          `pg1-socket-path=${root}`,
          '',
        ];
        fs.writeFileSync(
          configOf(root),
          [
            '[global]',
            `repo1-path=${path.join(root, 'repo')}`,
            'repo1-retention-full=2',
            `log-path=${path.join(root, 'log')}`,
            `lock-path=${path.join(root, 'lock')}`,
            'log-level-console=error',
            // An immediate checkpoint: the test must not wait for a timed one.
            'start-fast=y',
            '',
            ...stanza(STANZA),
            // A second stanza of the same cluster that never gets a backup.
            ...stanza(EMPTY_STANZA),
          ].join('\n'),
        );
        await started.chownToClusterUser();
      },
    });
    const wrapped = new PgBackRestTestCluster(cluster);
    try {
      await wrapped.pgbackrest('stanza-create');
      await cluster.runAsClusterUser('pgbackrest', [
        `--config=${wrapped.configPath}`,
        `--stanza=${EMPTY_STANZA}`,
        'stanza-create',
      ]);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return wrapped;
  }

  /** Runs a pgbackrest command for the stanza, as the cluster's user. */
  async pgbackrest(...args: string[]): Promise<string> {
    const { stdout } = await this.cluster.runAsClusterUser('pgbackrest', [
      `--config=${this.configPath}`,
      `--stanza=${STANZA}`,
      ...args,
    ]);
    return stdout;
  }

  /** Runs SQL in the `postgres` database and returns psql's unaligned output. */
  sql(query: string): Promise<string> {
    return this.cluster.sql(query);
  }

  /**
   * Writes a little, switches to a new WAL segment and waits until
   * `archive-push` has stored the finished one.
   * @returns the archived segment's name
   */
  async writeAndArchive(table: string): Promise<string> {
    await this.sql(
      `create table if not exists ${table}(x int); insert into ${table} select generate_series(1, 1000)`,
    );
    return this.cluster.switchAndArchiveWal();
  }

  /** The path of a table's first data file. */
  async relationFile(table: string): Promise<string> {
    return path.join(
      this.cluster.dataDirectory,
      await this.sql(`select pg_relation_filepath('${table}')`),
    );
  }

  /** Stops the server (fast shutdown) and removes everything; safe to call twice. */
  stop(): Promise<void> {
    return this.cluster.stop();
  }
}
