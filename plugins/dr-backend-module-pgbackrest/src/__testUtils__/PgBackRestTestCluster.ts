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

/** The OS user the cluster and pgBackRest run as when the tests run as root. */
const CLUSTER_USER = 'postgres';
export const STANZA = 'demo';
export const EMPTY_STANZA = 'empty';

/**
 * Where the PostgreSQL server binaries are, or why the cluster cannot run
 * (the caller fails or skips with that reason). Synchronous: jest decides
 * whether to skip a describe block before any hook runs.
 */
export function findClusterTools(): { bindir: string } | { missing: string } {
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
  try {
    execFileSync('pgbackrest', ['version'], { stdio: 'ignore' });
  } catch {
    return {
      missing: 'pgbackrest is not installed (apt-get install pgbackrest)',
    };
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
 * A throwaway PostgreSQL cluster archiving into its own pgBackRest repository,
 * all in one temp folder: real `initdb`, `archive-push`, `stanza-create` and
 * backups. `stop()` stops the server and removes the folder.
 */
export class PgBackRestTestCluster {
  readonly root: string;
  readonly repoPath: string;
  readonly configPath: string;
  readonly #bindir: string;
  readonly #dataDir: string;
  readonly #port: number;
  readonly #asRoot: boolean;
  #started = false;

  private constructor(bindir: string, root: string, port: number) {
    this.#bindir = bindir;
    this.root = root;
    this.repoPath = path.join(root, 'repo');
    this.configPath = path.join(root, 'pgbackrest.conf');
    this.#dataDir = path.join(root, 'data');
    this.#port = port;
    this.#asRoot = process.getuid?.() === 0;
  }

  /** Creates the cluster, starts it and creates the stanza. */
  static async start(bindir: string): Promise<PgBackRestTestCluster> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-pgbackrest-'));
    const cluster = new PgBackRestTestCluster(bindir, root, await freePort());
    try {
      await cluster.#init();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  async #init() {
    for (const dir of ['log', 'lock']) fs.mkdirSync(path.join(this.root, dir));
    fs.writeFileSync(
      this.configPath,
      [
        '[global]',
        `repo1-path=${this.repoPath}`,
        'repo1-retention-full=2',
        `log-path=${path.join(this.root, 'log')}`,
        `lock-path=${path.join(this.root, 'lock')}`,
        'log-level-console=error',
        // An immediate checkpoint: the test must not wait for a timed one.
        'start-fast=y',
        '',
        `[${STANZA}]`,
        `pg1-path=${this.#dataDir}`,
        `pg1-port=${this.#port}`,
        `pg1-socket-path=${this.root}`,
        '',
        // A second stanza of the same cluster that never gets a backup.
        `[${EMPTY_STANZA}]`,
        `pg1-path=${this.#dataDir}`,
        `pg1-port=${this.#port}`,
        `pg1-socket-path=${this.root}`,
        '',
      ].join('\n'),
    );
    if (this.#asRoot) {
      // initdb refuses root; the cluster and its repository belong to postgres.
      await run('chown', ['-R', CLUSTER_USER, this.root]);
    }
    // Data checksums let pgBackRest flag corrupted pages (`error: true`).
    await this.#asClusterUser(path.join(this.#bindir, 'initdb'), [
      '-D',
      this.#dataDir,
      '-A',
      'trust',
      '-k',
      '-N',
    ]);
    fs.appendFileSync(
      path.join(this.#dataDir, 'postgresql.conf'),
      [
        '',
        `port = ${this.#port}`,
        "listen_addresses = ''",
        `unix_socket_directories = '${this.root}'`,
        'wal_level = replica',
        'archive_mode = on',
        `archive_command = 'pgbackrest --config=${this.configPath} --stanza=${STANZA} archive-push %p'`,
        'fsync = off',
        '',
      ].join('\n'),
    );
    // -w waits until the server accepts connections, bounded by -t.
    await this.#asClusterUser(path.join(this.#bindir, 'pg_ctl'), [
      '-D',
      this.#dataDir,
      '-l',
      path.join(this.root, 'postgres.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
    this.#started = true;
    await this.pgbackrest('stanza-create');
    await this.#asClusterUser('pgbackrest', [
      `--config=${this.configPath}`,
      `--stanza=${EMPTY_STANZA}`,
      'stanza-create',
    ]);
  }

  /** Runs a pgbackrest command for the stanza, as the cluster's user. */
  async pgbackrest(...args: string[]): Promise<string> {
    const { stdout } = await this.#asClusterUser('pgbackrest', [
      `--config=${this.configPath}`,
      `--stanza=${STANZA}`,
      ...args,
    ]);
    return stdout;
  }

  /** Runs SQL in the `postgres` database and returns psql's unaligned output. */
  async sql(query: string): Promise<string> {
    const { stdout } = await this.#asClusterUser(
      path.join(this.#bindir, 'psql'),
      [
        '-h',
        this.root,
        '-p',
        String(this.#port),
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

  /**
   * Writes a little, switches to a new WAL segment and waits (polling, capped
   * at 30 s) until `archive-push` has stored the finished one.
   * @returns the archived segment's name
   */
  async writeAndArchive(table: string): Promise<string> {
    const segment = await this.sql(
      `create table if not exists ${table}(x int); insert into ${table} select generate_series(1, 1000); select pg_walfile_name(pg_switch_wal())`,
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const archived = await this.sql(
        "select coalesce(last_archived_wal, '') from pg_stat_archiver",
      );
      if (archived >= segment) return segment;
      if (Date.now() > deadline) {
        throw new Error(`WAL segment ${segment} was not archived within 30 s`);
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }

  /** The path of a table's first data file. */
  async relationFile(table: string): Promise<string> {
    return path.join(
      this.#dataDir,
      await this.sql(`select pg_relation_filepath('${table}')`),
    );
  }

  /** Stops the server (fast shutdown) and removes everything; safe to call twice. */
  async stop() {
    if (this.#started) {
      this.#started = false;
      await this.#asClusterUser(path.join(this.#bindir, 'pg_ctl'), [
        '-D',
        this.#dataDir,
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

  #asClusterUser(command: string, args: string[]) {
    return this.#asRoot
      ? run('runuser', ['-u', CLUSTER_USER, '--', command, ...args], {
          cwd: this.root,
        })
      : run(command, args, { cwd: this.root });
  }
}
