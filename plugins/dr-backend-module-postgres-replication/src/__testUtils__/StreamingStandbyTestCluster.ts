/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PostgresTestCluster } from '@dr-suite/backstage-plugin-dr-node/testUtils';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `done` every 50 ms, capped at 30 s, for what a server does on its own. */
async function until(what: string, done: () => Promise<boolean>) {
  const deadline = Date.now() + 30_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/**
 * A streaming standby of a dr-node `PostgresTestCluster`, made as its
 * operators make one: `pg_basebackup -R` (which writes `primary_conninfo`
 * and `standby.signal`), in its own temp folder, on a Unix socket there and
 * a free port. `stop()` stops it and removes the folder; safe to call twice.
 */
export class StreamingStandbyTestCluster {
  readonly root: string;
  readonly dataDirectory: string;
  readonly port: number;
  readonly #primary: PostgresTestCluster;
  #started = false;

  private constructor(
    primary: PostgresTestCluster,
    root: string,
    port: number,
  ) {
    this.#primary = primary;
    this.root = root;
    this.dataDirectory = path.join(root, 'data');
    this.port = port;
  }

  static async start(
    primary: PostgresTestCluster,
  ): Promise<StreamingStandbyTestCluster> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-pg-standby-'));
    const standby = new StreamingStandbyTestCluster(
      primary,
      root,
      await freePort(),
    );
    try {
      await standby.#init();
    } catch (error) {
      await standby.stop();
      throw error;
    }
    return standby;
  }

  async #init() {
    const primary = this.#primary;
    await primary.chownToClusterUser(this.root);
    await primary.runAsClusterUser(path.join(primary.bindir, 'pg_basebackup'), [
      '-h',
      primary.root,
      '-p',
      String(primary.port),
      '-D',
      this.dataDirectory,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    // The copied postgresql.conf names the primary's port and socket folder.
    fs.appendFileSync(
      path.join(this.dataDirectory, 'postgresql.conf'),
      [
        '',
        `port = ${this.port}`,
        `unix_socket_directories = '${this.root}'`,
        'hot_standby = on',
        '',
      ].join('\n'),
    );
    await primary.chownToClusterUser(this.root);
    await primary.runAsClusterUser(path.join(primary.bindir, 'pg_ctl'), [
      '-D',
      this.dataDirectory,
      '-l',
      path.join(this.root, 'postgres.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    this.#started = true;
    await until(
      'the standby streams',
      async () =>
        (await this.sql('select status from pg_stat_wal_receiver')) ===
        'streaming',
    );
  }

  /** Runs SQL on the standby; psql's unaligned, tuples-only output. */
  async sql(query: string): Promise<string> {
    const { stdout } = await this.#primary.runAsClusterUser(
      path.join(this.#primary.bindir, 'psql'),
      [
        '-h',
        this.root,
        '-p',
        String(this.port),
        '-d',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-qAtc',
        query,
      ],
    );
    return stdout.trim();
  }

  /** Waits until the standby has replayed (or only received) the primary's WAL up to `lsn`. */
  async waitFor(lsn: string, step: 'replay' | 'receive'): Promise<void> {
    await until(
      `the standby ${step}s ${lsn}`,
      async () =>
        (await this.sql(
          `select pg_last_wal_${step}_lsn() >= '${lsn}'::pg_lsn`,
        )) === 't',
    );
  }

  /** Stops streaming (an empty `primary_conninfo`); the standby keeps what it has. */
  async stopStreaming(): Promise<void> {
    await this.sql("alter system set primary_conninfo = ''");
    await this.sql('select pg_reload_conf()');
    await until(
      'the WAL receiver stops',
      async () =>
        (await this.sql('select count(*) from pg_stat_wal_receiver')) === '0',
    );
  }

  /** Stops the server and removes everything; safe to call twice. */
  async stop(): Promise<void> {
    if (this.#started) {
      this.#started = false;
      await this.#primary
        .runAsClusterUser(path.join(this.#primary.bindir, 'pg_ctl'), [
          '-D',
          this.dataDirectory,
          '-m',
          'immediate',
          '-w',
          '-t',
          '60',
          'stop',
        ])
        .catch(() => undefined);
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
