/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomBytes } from 'node:crypto';
import { Readable, type Transform, pipeline as pipe } from 'node:stream';
import {
  constants as zlibConstants,
  createGunzip,
  gunzipSync,
} from 'node:zlib';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { VerifyCheck } from '@dr-suite/backstage-plugin-dr-common';
import {
  type ReadableBackupSource,
  isDecryptingBackupSource,
} from '../sources/types';
import type { PostgresRestoreTarget } from './RestoreTargetRegistry';
import type { RestorePhaseRecorder } from './Restorer';
import { Client } from 'pg';
import {
  CheckRunner,
  type CheckResult,
  requirePassedChecks,
} from './CheckRunner';
import { ProgressReporter } from './ProgressReporter';
import { openRegularFile } from './openRegularFile';
import { targetClientConfig } from './restoredDatabaseOf';
import {
  ChecksumVerifyingStream,
  readChecksumSidecar,
  verifyLocalFile,
} from './ChecksumVerification';
import { type ToolStep, hasGzipTool, runToolPipeline } from './ToolPipeline';
import {
  type DumpStagingSettings,
  formatBytes,
  overBudgetMessage,
  stageDump,
} from './DumpStaging';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const CUSTOM_DUMP_MAGIC = Buffer.from('PGDMP');
const REDIS_RDB_MAGIC = Buffer.from('REDIS');
/** Plain bytes enough to tell the format, inflating gzip's start if needed. */
const PROBE_BYTES = 1024;

/**
 * What to restore where.
 * @public
 */
export interface PostgresRestoreRequest {
  target: PostgresRestoreTarget;
  source: ReadableBackupSource;
  backupKey: string;
  backupSizeBytes?: number | null;
  /** Parallel jobs for custom-format dumps that are plain files on this machine. */
  jobs?: number;
  /** SQL checks run against the restored database before it replaces the target. */
  checks?: VerifyCheck[];
  logger: LoggerService;
  signal?: AbortSignal;
  /** Records the load, checks and switch phases with their timings. */
  phases?: RestorePhaseRecorder;
}

/**
 * How a restore went.
 * @public
 */
export interface PostgresRestoreResult {
  database: string;
  format: 'plain' | 'custom';
  compressed: boolean;
  encrypted: boolean;
  parallelJobs: number;
  bytesRead: number;
  checks: CheckResult[];
}

/**
 * Reads the first bytes of a stream and puts them back, so the same stream
 * (no extra layer on the data path) can be handed on.
 */
function peek(
  stream: Readable,
  length: number,
): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    function done(ended: boolean) {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', reject);
      if (ended) {
        resolve({
          head,
          stream: Readable.from(head.length ? [head] : [], {
            objectMode: false,
          }),
        });
        return;
      }
      stream.pause();
      stream.unshift(head);
      resolve({ head, stream });
    }
    function onData(chunk: Buffer) {
      head = Buffer.concat([head, chunk]);
      if (head.length >= length) done(false);
    }
    function onEnd() {
      done(true);
    }
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}

/** The start of a gzip stream inflated as far as `compressed` reaches. */
function inflateStart(compressed: Buffer): Buffer {
  try {
    return gunzipSync(compressed, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0); // not gzip after all: reported as not a dump
  }
}

/** Plain SQL starts with text; anything else there is binary noise. */
function looksLikeText(head: Buffer): boolean {
  return head.every(
    byte => byte === 9 || byte === 10 || byte === 13 || byte >= 32,
  );
}

/** Pipes into a transform so that an error anywhere upstream reaches whoever reads it. */
function through(source: Readable, transform: Transform): Transform {
  return pipe(source, transform, () => undefined);
}

/** A WAL segment's first page: xlp_magic 0xD1xx (little-endian), then info bits. */
function looksLikeWalSegment(head: Buffer): boolean {
  return head.length >= 20 && head[1] === 0xd1 && head[0] >= 0x01;
}

/** gzip, `PGDMP` or SQL text at the start of the plain bytes. */
function looksLikeDump(plain: Buffer): boolean {
  const head = plain.subarray(0, 2).equals(GZIP_MAGIC)
    ? inflateStart(plain)
    : plain;
  if (!head.length) return false;
  return (
    head.subarray(0, 5).equals(CUSTOM_DUMP_MAGIC) ||
    looksLikeText(head.subarray(0, 256))
  );
}

/** `custom` when the plain bytes (inflated if gzip) start with `PGDMP`. */
function dumpFormat(plain: Buffer): 'plain' | 'custom' {
  const head = plain.subarray(0, 2).equals(GZIP_MAGIC)
    ? inflateStart(plain)
    : plain;
  return head.subarray(0, 5).equals(CUSTOM_DUMP_MAGIC) ? 'custom' : 'plain';
}

/** gzip in its own process, from its stdin to the next tool. */
const GUNZIP_STEP: ToolStep = {
  command: 'gzip',
  args: ['--decompress', '--stdout'],
};

/**
 * The tool that loads a dump from its stdin (or a file named after these
 * arguments) into `database`: psql in one transaction that stops at the
 * first error, or pg_restore.
 */
function loaderStep(format: 'plain' | 'custom', database: string): ToolStep {
  return format === 'custom'
    ? {
        command: 'pg_restore',
        args: [
          '--no-owner',
          '--no-privileges',
          '--exit-on-error',
          `--dbname=${database}`,
        ],
      }
    : {
        command: 'psql',
        args: [
          '--no-psqlrc',
          '--quiet',
          '--single-transaction',
          '--set=ON_ERROR_STOP=1',
          `--dbname=${database}`,
        ],
      };
}

/** pg_restore with parallel jobs, which need the dump as a file it can seek in. */
function parallelPgRestore(
  database: string,
  jobs: number,
  file: string,
): ToolStep {
  const { command, args } = loaderStep('custom', database);
  return { command, args: [...args, `--jobs=${jobs}`, file] };
}

/** Reads up to `length` bytes, then stops reading (and destroys) the stream. */
function readUpTo(stream: Readable, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const finish = (error?: Error) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.on('error', () => undefined);
      stream.destroy();
      if (error) reject(error);
      else resolve(head);
    };
    function onData(chunk: Buffer) {
      head = Buffer.concat([head, chunk]);
      if (head.length >= length) finish();
    }
    function onEnd() {
      finish();
    }
    function onError(error: Error) {
      finish(error);
    }
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/**
 * Restores a PostgreSQL dump (plain SQL, optionally gzip, or custom format,
 * optionally OpenSSL-encrypted) into a fresh database, streaming end to end
 * with constant memory, runs the given checks against it and only then
 * switches it into place as the target database. Any failure drops the fresh
 * database and leaves the target untouched.
 * @public
 */
export class PostgresRestorer {
  readonly #checks = new CheckRunner();
  readonly #staging: DumpStagingSettings;

  /**
   * Option `staging`: where custom-format dumps that are not local
   *   files are staged for parallel `pg_restore -j`, within what budget
   *   (default the OS temp folder, 10 GiB)
   */
  constructor(options: { staging?: DumpStagingSettings } = {}) {
    this.#staging = options.staging ?? { maxBytes: 10 * 1024 ** 3 };
  }

  /** The staging settings, which validation holds dumps against. */
  get staging(): DumpStagingSettings {
    return this.#staging;
  }

  async restore(
    request: PostgresRestoreRequest,
  ): Promise<PostgresRestoreResult> {
    return this.replaceDatabase({
      ...request,
      load: database => this.#load(request, database),
    });
  }

  /**
   * Creates a fresh database, fills it with `load`, runs the checks against
   * it and only then switches it into place as the target database; any
   * failure drops the fresh database and leaves the target untouched. The
   * dump restore and point-in-time recovery both end this way.
   * Option `load`: fills the fresh database, given its name and the
   *   environment that connects client tools to it
   * Option `phaseNames`: names for the load and checks phases
   */
  async replaceDatabase<T extends object>(options: {
    target: PostgresRestoreTarget;
    checks?: VerifyCheck[];
    logger: LoggerService;
    signal?: AbortSignal;
    phases?: RestorePhaseRecorder;
    phaseNames?: { load?: string; checks?: string };
    load: (database: string, env: NodeJS.ProcessEnv) => Promise<T>;
  }): Promise<T & { database: string; checks: CheckResult[] }> {
    const { target, logger } = options;
    const phase = <R>(name: string, run: () => Promise<R>) =>
      options.phases ? options.phases.phase(name, run) : run();
    const fresh = `${target.connection.database.slice(
      0,
      40,
    )}__restore_${randomBytes(4).toString('hex')}`;
    const admin = new Client(
      targetClientConfig(target, target.connection.maintenanceDatabase),
    );
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(fresh)}`);
      logger.info(
        `Restoring into a fresh database ${fresh}; ${target.connection.database} stays untouched until the checks pass`,
      );
      try {
        const restored = await phase(options.phaseNames?.load ?? 'load', () =>
          options.load(fresh, this.#toolEnv(target, fresh)),
        );
        const checks = await phase(options.phaseNames?.checks ?? 'checks', () =>
          this.#checks.run(
            (options.checks ?? []).filter(c => c.type === 'sql'),
            {
              database: targetClientConfig(target, fresh),
              signal: options.signal,
            },
          ),
        );
        requirePassedChecks(checks, logger);
        await phase('switch', () => this.#switch(admin, fresh, target));
        logger.info(
          `Switched the restored database into place as ${target.connection.database}`,
        );
        return { ...restored, database: target.connection.database, checks };
      } catch (error) {
        await admin
          .query(
            `DROP DATABASE IF EXISTS ${admin.escapeIdentifier(
              fresh,
            )} WITH (FORCE)`,
          )
          .catch(() => undefined);
        logger.error(
          `Restore failed; dropped ${fresh}, ${target.connection.database} is unchanged`,
        );
        throw error;
      }
    } finally {
      await admin.end().catch(() => undefined);
    }
  }

  /**
   * Drops the target's database, e.g. a restore test's sandbox copy once its
   * checks ran. Connections to it are ended first.
   */
  async drop(target: PostgresRestoreTarget): Promise<void> {
    const admin = new Client(
      targetClientConfig(target, target.connection.maintenanceDatabase),
    );
    await admin.connect();
    try {
      await admin.query(
        `DROP DATABASE IF EXISTS ${admin.escapeIdentifier(
          target.connection.database,
        )} WITH (FORCE)`,
      );
    } finally {
      await admin.end().catch(() => undefined);
    }
  }

  /**
   * Checks, from its first bytes only, that a backup is a PostgreSQL dump
   * that restores here: decrypts the first blocks with the source's key and
   * looks for gzip, `PGDMP` or SQL text. A wrong key usually fails only at
   * the last block's padding, so the magic is what shows it early.
   * @throws InputError saying why and what to pick instead
   */
  static async checkRestorable(options: {
    source: ReadableBackupSource;
    backupKey: string;
    signal?: AbortSignal;
  }): Promise<{ format: 'plain' | 'custom' }> {
    const { source, backupKey } = options;
    const pick = 'pick a pg_dump backup (plain SQL, gzip or custom format)';
    let raw: Buffer;
    try {
      raw = await readUpTo(
        await source.openReadStream(backupKey, { signal: options.signal }),
        PROBE_BYTES * 2,
      );
    } catch (error) {
      throw new InputError(
        `The backup ${backupKey} cannot be read from source "${source.id}" (${
          (error as Error).message
        }); pick another backup`,
      );
    }
    if (!raw.length) {
      throw new InputError(`The backup ${backupKey} is empty; ${pick}`);
    }
    let plain = raw;
    const encrypted =
      isDecryptingBackupSource(source) && source.isEncrypted(raw);
    if (encrypted) {
      const cannotDecrypt = `The backup ${backupKey} cannot be decrypted with the key configured for source "${source.id}": check the source's encryption settings (passphrase, keyDerivation, digest, iterations) or pick a backup made with its key`;
      try {
        // Only the start goes in: the first blocks are enough to judge.
        plain = await readUpTo(
          source.decrypt(
            backupKey,
            await source.openReadStream(backupKey, { signal: options.signal }),
          ),
          PROBE_BYTES,
        );
      } catch (error) {
        const message = (error as Error).message;
        throw new InputError(
          /no encryptionKey is configured/.test(message)
            ? `The backup ${backupKey} is encrypted and source "${source.id}" has no encryption key configured; configure its encryption or pick an unencrypted backup`
            : cannotDecrypt,
        );
      }
      if (!looksLikeDump(plain)) throw new InputError(cannotDecrypt);
      return { format: dumpFormat(plain) };
    }
    if (raw.subarray(0, 5).equals(REDIS_RDB_MAGIC)) {
      throw new InputError(
        `The backup ${backupKey} is a Redis RDB snapshot and cannot restore into a PostgreSQL target; ${pick}`,
      );
    }
    if (looksLikeWalSegment(raw)) {
      throw new InputError(
        `The backup ${backupKey} is a PostgreSQL WAL segment: it only replays onto a base backup through point-in-time recovery: pick a base backup of the same data store and a time to recover to, or ${pick}`,
      );
    }
    if (!looksLikeDump(plain)) {
      throw new InputError(
        `The backup ${backupKey} is not a PostgreSQL dump and cannot restore into a PostgreSQL target; ${pick}`,
      );
    }
    return { format: dumpFormat(plain) };
  }

  async #load(
    request: PostgresRestoreRequest,
    database: string,
  ): Promise<Omit<PostgresRestoreResult, 'database' | 'checks'>> {
    const { source, backupKey, target, signal, logger } = request;
    const env = this.#toolEnv(target, database);
    const jobs = Math.max(1, Math.min(request.jobs ?? 4, 16));
    // A checksum sidecar beside the dump is verified as the dump is read.
    const expected = await readChecksumSidecar(source, backupKey, signal);
    if (expected)
      logger.info(`Verifying the backup against ${expected.sidecar}`);
    const localPath = source.localPath?.(backupKey);
    if (localPath) {
      const loaded = await this.#loadLocalFile(request, {
        path: localPath,
        database,
        env,
        jobs,
        expected,
      });
      if (loaded) return loaded;
    }

    const progress = new ProgressReporter({
      totalBytes: request.backupSizeBytes ?? (await source.statSize(backupKey)),
      report: message => logger.info(message),
    });

    const raw = await source.openReadStream(backupKey, { signal });
    let stream: Readable = through(
      expected
        ? through(raw, new ChecksumVerifyingStream(backupKey, expected))
        : raw,
      progress,
    );
    let peeked = await peek(stream, 64);
    if (!peeked.head.length)
      throw new Error(`The backup ${backupKey} is empty`);

    // The source decrypts with its own key; a source that cannot sees no encryption.
    const encrypted =
      isDecryptingBackupSource(source) && source.isEncrypted(peeked.head);
    if (encrypted) {
      peeked = await peek(source.decrypt(backupKey, peeked.stream), 64);
    }
    const compressed = peeked.head.subarray(0, 2).equals(GZIP_MAGIC);
    const steps: ToolStep[] = [];
    let head = peeked.head.subarray(0, PROBE_BYTES);
    if (compressed && hasGzipTool()) {
      // gzip decompresses in its own process, piped straight into the
      // PostgreSQL tool; the start is inflated here only to see the format.
      steps.push(GUNZIP_STEP);
      head = inflateStart(head);
    } else if (compressed) {
      peeked = await peek(
        through(peeked.stream, createGunzip({ chunkSize: 1024 * 1024 })),
        64,
      );
      head = peeked.head.subarray(0, PROBE_BYTES);
    }
    stream = peeked.stream;
    const custom = head.subarray(0, 5).equals(CUSTOM_DUMP_MAGIC);
    if (!custom && !looksLikeText(head)) {
      throw new Error(
        encrypted
          ? `Could not decrypt the backup ${backupKey} (wrong key or corrupt file)`
          : `The backup ${backupKey} is not a PostgreSQL dump (plain SQL, gzip or custom format)`,
      );
    }
    if (custom && jobs > 1 && !compressed && this.#staging.maxBytes > 0) {
      return this.#restoreStaged(request, {
        stream,
        database,
        env,
        jobs,
        encrypted,
        progress,
      });
    }
    logger.info(
      custom
        ? `Custom-format dump: streaming into pg_restore with one job (${
            jobs > 1
              ? 'parallel jobs need a seekable file and staging is off (dr.restore.staging.maxBytes: 0)'
              : 'one job asked for'
          })`
        : `Plain SQL dump${
            compressed ? ' (gzip)' : ''
          }: streaming into psql in one transaction`,
    );
    steps.push(loaderStep(custom ? 'custom' : 'plain', database));
    await runToolPipeline(steps, { env, input: stream, signal });
    return {
      format: custom ? 'custom' : 'plain',
      compressed,
      encrypted,
      parallelJobs: 1,
      bytesRead: progress.bytes,
    };
  }

  /**
   * A dump that is a file on this machine: a custom-format one restores with
   * parallel `pg_restore` jobs, and any other the tools read by themselves
   * through a shared file descriptor, as `gunzip -c dump | psql` would, so
   * that no byte passes through Node. `undefined` when the dump has to be
   * streamed instead: it is encrypted (the source decrypts it), has a
   * checksum to verify on the way, is gzip without a `gzip` binary here, or
   * is not a regular file (the source then says why it cannot be read).
   */
  async #loadLocalFile(
    request: PostgresRestoreRequest,
    options: {
      path: string;
      database: string;
      env: NodeJS.ProcessEnv;
      jobs: number;
      expected: Awaited<ReturnType<typeof readChecksumSidecar>>;
    },
  ): Promise<Omit<PostgresRestoreResult, 'database' | 'checks'> | undefined> {
    const { source, backupKey, signal, logger } = request;
    const { database, env, jobs, expected } = options;
    const file = await openRegularFile(options.path);
    if (!file) return undefined;
    try {
      const probe = Buffer.alloc(PROBE_BYTES);
      // A positioned read leaves the file's offset at 0 for the tools.
      const { bytesRead } = await file.read(probe, 0, PROBE_BYTES, 0);
      const head = probe.subarray(0, bytesRead);
      const { size } = await file.stat();
      if (head.subarray(0, 5).equals(CUSTOM_DUMP_MAGIC) && jobs > 1) {
        if (expected) await verifyLocalFile(options.path, backupKey, expected);
        logger.info(
          `Custom-format dump on local disk: pg_restore with ${jobs} parallel jobs`,
        );
        await runToolPipeline(
          [parallelPgRestore(database, jobs, options.path)],
          { env, signal },
        );
        return {
          format: 'custom',
          compressed: false,
          encrypted: false,
          parallelJobs: jobs,
          bytesRead: size,
        };
      }
      const compressed = head.subarray(0, 2).equals(GZIP_MAGIC);
      if (
        expected ||
        !head.length ||
        (compressed && !hasGzipTool()) ||
        (isDecryptingBackupSource(source) && source.isEncrypted(head))
      ) {
        return undefined;
      }
      if (!looksLikeDump(head)) {
        throw new Error(
          `The backup ${backupKey} is not a PostgreSQL dump (plain SQL, gzip or custom format)`,
        );
      }
      const format = dumpFormat(head);
      logger.info(
        `${format === 'custom' ? 'Custom-format' : 'Plain SQL'} dump${
          compressed ? ' (gzip)' : ''
        } on local disk: ${
          compressed ? 'gzip reads it and pipes it' : 'read directly'
        } into ${
          format === 'custom' ? 'pg_restore' : 'psql in one transaction'
        }`,
      );
      // The open file's own size: no second stat through the source.
      const progress = new ProgressReporter({
        totalBytes: size,
        report: message => logger.info(message),
      });
      await progress.followFileOffset(file.fd, size, () =>
        runToolPipeline(
          [...(compressed ? [GUNZIP_STEP] : []), loaderStep(format, database)],
          { env, input: file.fd, signal },
        ),
      );
      return {
        format,
        compressed,
        encrypted: false,
        parallelJobs: 1,
        bytesRead: size,
      };
    } finally {
      await file.close();
    }
  }

  /**
   * A custom-format dump that is not a local file (a bucket, an encrypted
   * file): copied, decrypted, to a private temp file within the staging
   * budget so `pg_restore -j` can seek in it; the file is always removed.
   */
  async #restoreStaged(
    request: PostgresRestoreRequest,
    options: {
      stream: Readable;
      database: string;
      env: NodeJS.ProcessEnv;
      jobs: number;
      encrypted: boolean;
      progress: ProgressReporter;
    },
  ): Promise<Omit<PostgresRestoreResult, 'database' | 'checks'>> {
    const { backupKey, logger, signal } = request;
    const settings = this.#staging;
    const known = request.backupSizeBytes;
    if (known && known > settings.maxBytes) {
      options.stream.destroy();
      throw new Error(overBudgetMessage(backupKey, known, settings));
    }
    logger.info(
      `Custom-format dump not on local disk: staging it to a temp file in ${
        settings.directory ?? 'the OS temp folder'
      } (budget ${formatBytes(settings.maxBytes)}) so pg_restore can run ${
        options.jobs
      } parallel jobs; the file is removed afterwards`,
    );
    const staged = await stageDump(options.stream, {
      backupKey,
      settings,
      signal,
    });
    try {
      logger.info(
        `Staged ${formatBytes(staged.bytes)}; pg_restore with ${
          options.jobs
        } parallel jobs`,
      );
      await runToolPipeline(
        [parallelPgRestore(options.database, options.jobs, staged.path)],
        { env: options.env, signal },
      );
    } finally {
      await staged.remove();
      logger.info('Removed the staged dump');
    }
    return {
      format: 'custom',
      compressed: false,
      encrypted: options.encrypted,
      parallelJobs: options.jobs,
      bytesRead: options.progress.bytes,
    };
  }

  /** Puts the fresh database in place of the target, keeping or dropping the old one. */
  async #switch(
    admin: Client,
    fresh: string,
    target: PostgresRestoreTarget,
  ): Promise<void> {
    const name = target.connection.database;
    const previous = `${name.slice(0, 50)}__previous`;
    const q = (identifier: string) => admin.escapeIdentifier(identifier);
    const { rowCount } = await admin.query(
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [name],
    );
    const exists = Boolean(rowCount);
    if (exists) {
      await admin.query(
        `ALTER DATABASE ${q(name)} WITH ALLOW_CONNECTIONS false`,
      );
      try {
        await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await admin.query(
          `DROP DATABASE IF EXISTS ${q(previous)} WITH (FORCE)`,
        );
        await admin.query(`ALTER DATABASE ${q(name)} RENAME TO ${q(previous)}`);
      } catch (error) {
        await admin
          .query(`ALTER DATABASE ${q(name)} WITH ALLOW_CONNECTIONS true`)
          .catch(() => undefined);
        throw error;
      }
    }
    try {
      await admin.query(`ALTER DATABASE ${q(fresh)} RENAME TO ${q(name)}`);
    } catch (error) {
      if (exists) {
        await admin
          .query(`ALTER DATABASE ${q(previous)} RENAME TO ${q(name)}`)
          .catch(() => undefined);
        await admin
          .query(`ALTER DATABASE ${q(name)} WITH ALLOW_CONNECTIONS true`)
          .catch(() => undefined);
      }
      throw error;
    }
    if (!exists) return;
    if (target.keepPrevious) {
      await admin.query(
        `ALTER DATABASE ${q(previous)} WITH ALLOW_CONNECTIONS true`,
      );
    } else {
      await admin.query(`DROP DATABASE ${q(previous)} WITH (FORCE)`);
    }
  }

  /** Connection settings for psql and pg_restore through the environment, never the command line. */
  #toolEnv(target: PostgresRestoreTarget, database: string): NodeJS.ProcessEnv {
    const { host, port, user, password } = target.connection;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PGHOST: host,
      PGPORT: String(port),
      PGUSER: user,
      PGDATABASE: database,
      PGCONNECT_TIMEOUT: '10',
    };
    if (password) env.PGPASSWORD = password;
    else delete env.PGPASSWORD;
    return env;
  }
}
