/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The OS user the cluster runs as when the tests run as root (initdb refuses root). */
const CLUSTER_USER = 'postgres';

/**
 * Where the PostgreSQL server binaries are, or why a test cluster cannot
 * run (the caller fails or skips with that reason). Synchronous: jest
 * decides whether to skip a describe block before any hook runs.
 * @public
 */
export function findPostgresServerTools():
  | { bindir: string }
  | { missing: string } {
  let bindir: string;
  try {
    bindir = execFileSync('pg_config', ['--bindir'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return {
      missing: 'pg_config (the PostgreSQL server package) is not installed',
    };
  }
  if (!fs.existsSync(path.join(bindir, 'initdb'))) {
    return { missing: `no initdb in ${bindir}` };
  }
  return { bindir };
}

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

/**
 * Options of {@link PostgresTestCluster.start}.
 * @public
 */
export interface PostgresTestClusterOptions {
  bindir: string;
  /** `archive_command`, given the cluster's temp folder; no archiving when left out. */
  archiveCommand?(root: string): string;
  /** Runs after initdb, before the server starts, e.g. to write a tool's config. */
  beforeStart?(cluster: PostgresTestCluster): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster in one temp folder, for tests of backup
 * tools and point-in-time recovery: real `initdb` (with data checksums),
 * `wal_level = replica`, optional archiving, reachable through a Unix socket
 * in its folder and a free port, run as the `postgres` OS user when the
 * tests run as root. `stop()` stops the server and removes the folder.
 * @public
 */
export class PostgresTestCluster {
  readonly root: string;
  readonly dataDirectory: string;
  readonly port: number;
  readonly bindir: string;
  readonly #asRoot: boolean;
  #started = false;

  private constructor(bindir: string, root: string, port: number) {
    this.bindir = bindir;
    this.root = root;
    this.dataDirectory = path.join(root, 'data');
    this.port = port;
    this.#asRoot = process.getuid?.() === 0;
  }

  /** Creates the cluster and starts it. */
  static async start(
    options: PostgresTestClusterOptions,
  ): Promise<PostgresTestCluster> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-pg-test-'));
    const cluster = new PostgresTestCluster(
      options.bindir,
      root,
      await freePort(),
    );
    try {
      await cluster.#init(options);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** The superuser the tests connect as. */
  get superuser(): string {
    return this.#asRoot ? CLUSTER_USER : os.userInfo().username;
  }

  async #init(options: PostgresTestClusterOptions) {
    await this.chownToClusterUser();
    await this.runAsClusterUser(path.join(this.bindir, 'initdb'), [
      '-D',
      this.dataDirectory,
      '-A',
      'trust',
      '-k',
      '-N',
    ]);
    const archive = options.archiveCommand?.(this.root);
    fs.appendFileSync(
      path.join(this.dataDirectory, 'postgresql.conf'),
      [
        '',
        `port = ${this.port}`,
        "listen_addresses = ''",
        `unix_socket_directories = '${this.root}'`,
        'wal_level = replica',
        ...(archive
          ? ['archive_mode = on', `archive_command = '${archive}'`]
          : []),
        'fsync = off',
        '',
      ].join('\n'),
    );
    await options.beforeStart?.(this);
    // -w waits until the server accepts connections, bounded by -t.
    await this.runAsClusterUser(path.join(this.bindir, 'pg_ctl'), [
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
  }

  /** Gives a path (recursively) to the cluster's user when the tests run as root. */
  async chownToClusterUser(target: string = this.root): Promise<void> {
    if (this.#asRoot) await run('chown', ['-R', CLUSTER_USER, target]);
  }

  /** Runs a command as the cluster's OS user, in the cluster's folder. */
  runAsClusterUser(
    command: string,
    args: string[],
  ): Promise<{ stdout: string; stderr: string }> {
    return this.#asRoot
      ? run('runuser', ['-u', CLUSTER_USER, '--', command, ...args], {
          cwd: this.root,
        })
      : run(command, args, { cwd: this.root });
  }

  /** Runs SQL and returns psql's unaligned, tuples-only output. */
  async sql(query: string, database = 'postgres'): Promise<string> {
    const { stdout } = await this.runAsClusterUser(
      path.join(this.bindir, 'psql'),
      [
        '-h',
        this.root,
        '-p',
        String(this.port),
        '-d',
        database,
        '-v',
        'ON_ERROR_STOP=1',
        '-qAtc',
        query,
      ],
    );
    return stdout.trim();
  }

  /**
   * Switches to a new WAL segment and waits (polling, capped at 30 s) until
   * the archiver has stored the finished one.
   * @returns the archived segment's name
   */
  async switchAndArchiveWal(): Promise<string> {
    const segment = await this.sql('select pg_walfile_name(pg_switch_wal())');
    await this.waitUntilArchived(segment);
    return segment;
  }

  /** Polls pg_stat_archiver (capped at 30 s) until `segment` is archived. */
  async waitUntilArchived(segment: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const archived = await this.sql(
        "select coalesce(last_archived_wal, '') from pg_stat_archiver",
      );
      if (archived >= segment) return;
      if (Date.now() > deadline) {
        throw new Error(`WAL segment ${segment} was not archived within 30 s`);
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }

  /**
   * Takes a base backup with pg_basebackup in tar format, gzip-compressed,
   * WAL included (`base.tar.gz`, `pg_wal.tar.gz`, `backup_manifest`).
   * @param directory - a folder that does not exist yet
   */
  async baseBackup(directory: string): Promise<void> {
    fs.mkdirSync(path.dirname(directory), { recursive: true });
    await this.chownToClusterUser(path.dirname(directory));
    await this.runAsClusterUser(path.join(this.bindir, 'pg_basebackup'), [
      '-h',
      this.root,
      '-p',
      String(this.port),
      '-D',
      directory,
      '-Ft',
      '-z',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
  }

  /** Stops the server (fast shutdown) and removes everything; safe to call twice. */
  async stop() {
    if (this.#started) {
      this.#started = false;
      await this.runAsClusterUser(path.join(this.bindir, 'pg_ctl'), [
        '-D',
        this.dataDirectory,
        '-m',
        'fast',
        '-w',
        '-t',
        '60',
        'stop',
      ]).catch(() => undefined);
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
