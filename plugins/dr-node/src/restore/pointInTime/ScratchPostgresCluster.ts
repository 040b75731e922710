/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type ChildProcess,
  execFile,
  execFileSync,
  spawn,
} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const LOG_TAIL = 3000;

/** Where recovery stands, as the recovering server says. */
export interface RecoveryProgress {
  inRecovery: boolean;
  /** `pg_last_wal_replay_lsn()`, null before the server accepts connections. */
  replayedLsn: string | null;
  /** `pg_last_xact_replay_timestamp()`: the newest replayed commit. */
  replayedUntil: string | null;
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

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new Error('The restore was cancelled');
}

/**
 * A throwaway PostgreSQL server for point-in-time recovery: its data in a
 * temp folder of its own, binaries from a configured directory, a free
 * port, reachable only through a Unix socket in that folder, run as the
 * `postgres` OS user when this process is root (PostgreSQL refuses root).
 * Settings that must hold whatever the backed-up configuration says
 * (no archiving into the production archive, no TCP, trust for local
 * connections) are given on the command line, which overrides the data
 * directory's files. `remove()` stops it and deletes the folder, whatever
 * state it is in. A recovered cluster that a restore target keeps is
 * restarted on its own by `keep()` (and found again by `kept()`).
 */
export class ScratchPostgresCluster {
  readonly root: string;
  readonly dataDirectory: string;
  /** The OS user the server runs as, when this process is root. */
  readonly runAs: string | undefined;
  readonly #binDir: string;
  #port: number;
  /** Kept: started by pg_ctl, independent of this process, stopped by it. */
  #detached = false;
  #server: ChildProcess | undefined;
  #exited: Promise<number | null> | undefined;
  #exitCode: number | null | undefined;
  #removed = false;

  private constructor(options: {
    root: string;
    port: number;
    binDir: string;
    runAs: string | undefined;
  }) {
    this.root = options.root;
    this.dataDirectory = path.join(options.root, 'data');
    this.#port = options.port;
    this.#binDir = options.binDir;
    this.runAs = options.runAs;
  }

  /**
   * Makes the folder (an empty data directory owned by the server's user).
   * Option `parentDirectory`: where the temp folder goes, default the OS temp folder
   * Option `namePrefix`: the start of the folder's name, default `dr-pitr-`
   */
  static async create(options: {
    binDir: string;
    parentDirectory?: string;
    namePrefix?: string;
    runAs?: string;
  }): Promise<ScratchPostgresCluster> {
    const parent = options.parentDirectory ?? os.tmpdir();
    fs.mkdirSync(parent, { recursive: true });
    const root = fs.mkdtempSync(
      path.join(parent, options.namePrefix ?? 'dr-pitr-'),
    );
    const runAs =
      process.getuid?.() === 0 ? options.runAs ?? 'postgres' : undefined;
    const cluster = new ScratchPostgresCluster({
      root,
      port: await freePort(),
      binDir: options.binDir,
      runAs,
    });
    try {
      fs.mkdirSync(cluster.dataDirectory, { mode: 0o700 });
      await cluster.chownToServerUser(root);
      if (runAs) {
        await cluster.runAsServerUser('test', ['-w', root]).catch(() => {
          throw new Error(
            `The scratch folder ${parent} cannot be entered by the OS user ${runAs} the cluster runs as; set dr.pointInTimeRecovery.scratchDirectory to a folder it can enter`,
          );
        });
      }
    } catch (error) {
      await cluster.remove();
      throw error;
    }
    return cluster;
  }

  /**
   * A cluster kept earlier (see {@link ScratchPostgresCluster.keep}),
   * found again by its folder, e.g. to stop and remove it.
   */
  static kept(options: {
    root: string;
    port: number;
    binDir: string;
    runAs: string | undefined;
  }): ScratchPostgresCluster {
    const cluster = new ScratchPostgresCluster(options);
    cluster.#detached = true;
    return cluster;
  }

  get port(): number {
    return this.#port;
  }

  /** The superuser to connect as: the server's OS user, as initdb names it by default. */
  get superuser(): string {
    return this.runAs ?? os.userInfo().username;
  }

  /** Path of a binary of the configured PostgreSQL installation. */
  binary(name: string): string {
    return path.join(this.#binDir, name);
  }

  /** Gives the folder (recursively) to the server's user when running as root. */
  async chownToServerUser(target: string = this.root): Promise<void> {
    if (this.runAs) await run('chown', ['-R', this.runAs, target]);
  }

  /** Runs a command as the server's OS user. */
  async runAsServerUser(
    command: string,
    args: string[],
    options: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {},
  ): Promise<{ stdout: string; stderr: string }> {
    const [file, argv] = this.runAs
      ? ['runuser', ['-u', this.runAs, '--', command, ...args]]
      : [command, args];
    return run(file, argv, {
      cwd: this.root,
      signal: options.signal,
      env: options.env,
      maxBuffer: 16 * 1024 * 1024,
    });
  }

  /** Writes a file in the folder that the server's user can read. */
  async writeFile(name: string, content: string): Promise<string> {
    const file = path.join(this.root, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    await this.chownToServerUser(file);
    return file;
  }

  /**
   * Starts the server on the data directory (already written), which then
   * begins recovery as `recovery.signal` and the settings say.
   * @param settings - extra `-c` settings, e.g. recovery_target_time
   */
  async start(settings: Record<string, string>): Promise<void> {
    const args = await this.#serverArguments(settings);
    this.#exitCode = undefined;
    const log = fs.openSync(this.logPath, 'a');
    try {
      // The server is this process's own child, under the cluster user's
      // uid: stopping it is a signal, with no wrapper to pass it on.
      const server = spawn(this.binary('postgres'), args, {
        cwd: this.root,
        stdio: ['ignore', log, log],
        // Nothing of the backend's environment (credentials) reaches the
        // server or its restore_command.
        env: serverEnvironment(),
        ...(this.runAs ? userIds(this.runAs) : {}),
      });
      this.#server = server;
      this.#exited = new Promise(resolve => {
        const exited = (code: number | null) => {
          this.#exitCode = code;
          resolve(code);
        };
        server.once('error', () => exited(-1));
        server.once('exit', code => exited(code));
      });
    } finally {
      fs.closeSync(log);
    }
  }

  /**
   * Keeps the (recovered, promoted) cluster as a restore target: stops the
   * server this process started and starts it again with `pg_ctl`, on its
   * own (it outlives this process), listening on `host:port` where the
   * cluster's own roles log in with their passwords; its Unix
   * socket in the folder still trusts local connections of its OS user.
   * `remove()` stops it with `pg_ctl` then.
   */
  async keep(options: { host: string; port: number }): Promise<void> {
    await this.#stopChild();
    this.#port = options.port;
    const args = await this.#serverArguments(
      { listen_addresses: options.host },
      // Who may reach the address is the listen address's business; over
      // TCP everyone logs in with a password (md5 also takes SCRAM ones).
      'local all all trust\nhost all all all md5\n',
    );
    // Written by this process so far; pg_ctl opens it as the server's user.
    if (fs.existsSync(this.logPath)) await this.chownToServerUser(this.logPath);
    // From here remove() stops it with pg_ctl, also if the start half-failed.
    this.#detached = true;
    await this.runAsServerUser(
      this.binary('pg_ctl'),
      [
        'start',
        '-D',
        this.dataDirectory,
        '-l',
        this.logPath,
        '-w',
        '-t',
        '60',
        '-o',
        args.slice(2).map(shellQuote).join(' '),
      ],
      { env: serverEnvironment() },
    ).catch(error => {
      throw new Error(
        `The recovered cluster could not be started on ${options.host}:${
          options.port
        }: ${
          String((error as { stderr?: string }).stderr ?? '').trim() ||
          (error as Error).message
        }; ${this.logTail().split('\n').slice(-5).join('\n')}`,
      );
    });
  }

  /** The `postgres` arguments: the data directory and every `-c` setting. */
  async #serverArguments(
    settings: Record<string, string>,
    hbaLines = 'local all all trust\nlocal replication all trust\n',
  ): Promise<string[]> {
    const hba = await this.writeFile('pg_hba.conf', hbaLines);
    const ident = await this.writeFile('pg_ident.conf', '');
    const conf = path.join(this.dataDirectory, 'postgresql.conf');
    // Debian keeps postgresql.conf outside the data directory, so a base
    // backup may have none; the server needs one to exist.
    if (!fs.existsSync(conf)) {
      fs.writeFileSync(conf, '', { mode: 0o600 });
      await this.chownToServerUser(conf);
    }
    for (const stale of ['postmaster.pid', 'standby.signal']) {
      fs.rmSync(path.join(this.dataDirectory, stale), { force: true });
    }
    const all: Record<string, string> = {
      port: String(this.port),
      listen_addresses: '',
      unix_socket_directories: this.root,
      hba_file: hba,
      ident_file: ident,
      // Never archive into, or stream from, the backed-up cluster's places.
      archive_mode: 'off',
      archive_command: '',
      primary_conninfo: '',
      hot_standby: 'on',
      ssl: 'off',
      logging_collector: 'off',
      log_destination: 'stderr',
      shared_preload_libraries: '',
      // Its log is shown when recovery fails: in English, whatever the backup says.
      lc_messages: 'C',
      ...settings,
    };
    const args = ['-D', this.dataDirectory];
    for (const [name, value] of Object.entries(all)) {
      args.push('-c', `${name}=${value}`);
    }
    return args;
  }

  get logPath(): string {
    return path.join(this.root, 'postgres.log');
  }

  /** The end of the server's log, for error messages. */
  logTail(): string {
    try {
      const text = fs.readFileSync(this.logPath, 'utf8');
      return text.slice(-LOG_TAIL).trim();
    } catch {
      return '';
    }
  }

  /**
   * Whether the server stopped because the WAL ended before a commit after
   * the recovery target was found (PostgreSQL 13 and later refuse to
   * promote then).
   */
  recoveryEndedBeforeTarget(): boolean {
    return (
      this.#exitCode !== undefined &&
      this.logTail().includes(
        'recovery ended before configured recovery target was reached',
      )
    );
  }

  /** Connection settings of the scratch server for pg and the client tools. */
  connection(database = 'postgres') {
    return {
      host: this.root,
      port: this.port,
      user: this.superuser,
      database,
    };
  }

  /**
   * Polls (with backoff) until recovery has ended and the server promoted,
   * reporting where replay stands whenever it moved.
   * @throws Error with the server's log when it stopped instead, e.g.
   *   "recovery ended before configured recovery target was reached"
   */
  async waitUntilPromoted(options: {
    onProgress(progress: RecoveryProgress): void;
    signal?: AbortSignal;
  }): Promise<void> {
    let delay = 50;
    let last = '';
    for (;;) {
      if (options.signal?.aborted) throw abortError(options.signal);
      if (this.#exitCode !== undefined) {
        throw new Error(
          `The recovering PostgreSQL server stopped (exit ${
            this.#exitCode
          }) before reaching the target: ${this.logTail() || 'no log'}`,
        );
      }
      const progress = await this.#progress();
      if (progress) {
        const now = `${progress.replayedLsn}|${progress.inRecovery}`;
        if (now !== last) {
          last = now;
          options.onProgress(progress);
        }
        if (!progress.inRecovery) return;
      }
      await this.#pause(delay);
      delay = Math.min(delay * 2, 1000);
    }
  }

  /** Waits `ms`, or less when the server exits meanwhile. */
  #pause(ms: number): Promise<void> {
    return new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms);
      this.#exited!.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async #progress(): Promise<RecoveryProgress | undefined> {
    const client = new Client({
      ...this.connection(),
      connectionTimeoutMillis: 5000,
    });
    try {
      await client.connect();
    } catch {
      await client.end().catch(() => undefined);
      return undefined; // still starting up, or not yet consistent
    }
    try {
      const { rows } = await client.query(
        `select pg_is_in_recovery() as in_recovery,
                (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text as lsn,
                pg_last_xact_replay_timestamp() as replayed_until`,
      );
      return {
        inRecovery: Boolean(rows[0].in_recovery),
        replayedLsn: rows[0].lsn ?? null,
        replayedUntil: rows[0].replayed_until
          ? new Date(rows[0].replayed_until).toISOString()
          : null,
      };
    } catch {
      return undefined;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** User databases of the recovered cluster (not templates, not `postgres`). */
  async userDatabases(): Promise<string[]> {
    const client = new Client(this.connection());
    await client.connect();
    try {
      const { rows } = await client.query(
        "select datname from pg_database where not datistemplate and datname <> 'postgres' order by datname",
      );
      return rows.map(r => String(r.datname));
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Stops the server (fast shutdown, then a kill if it does not go within a
   * minute) and deletes the folder. Safe to call in any state, and twice.
   */
  async remove(): Promise<void> {
    if (this.#removed) return;
    this.#removed = true;
    if (this.#detached) {
      await this.runAsServerUser(
        this.binary('pg_ctl'),
        ['stop', '-D', this.dataDirectory, '-m', 'fast', '-w', '-t', '60'],
        { env: serverEnvironment() },
      ).catch(() => undefined); // not running (any more)
    }
    await this.#stopChild();
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  /** Stops the server this process started, if it runs. */
  async #stopChild(): Promise<void> {
    const server = this.#server;
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGINT'); // PostgreSQL's fast shutdown
      const stopped = await Promise.race([
        this.#exited!.then(() => true),
        new Promise<boolean>(resolve =>
          setTimeout(() => resolve(false), 60_000).unref(),
        ),
      ]);
      if (!stopped) {
        server.kill('SIGKILL');
        await this.#exited;
      }
    }
  }
}

/** The server's whole environment: nothing of the backend's (credentials). */
function serverEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC' };
}

/** One argument for `sh -c`, as `pg_ctl -o` hands them on. */
function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** uid and gid of an OS user, for spawning as it. */
function userIds(user: string): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
