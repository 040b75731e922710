/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
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
import { Client, type ClientConfig } from 'pg';
import { CheckRunner, type CheckResult } from './CheckRunner';
import { ProgressReporter } from './ProgressReporter';
import { type ToolStep, hasGzipTool, runToolPipeline } from './ToolPipeline';

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

  async restore(
    request: PostgresRestoreRequest,
  ): Promise<PostgresRestoreResult> {
    const { target, logger } = request;
    const phase = <T>(name: string, run: () => Promise<T>) =>
      request.phases ? request.phases.phase(name, run) : run();
    const fresh = `${target.connection.database.slice(
      0,
      40,
    )}__restore_${randomBytes(4).toString('hex')}`;
    const admin = new Client(
      this.#clientConfig(target, target.connection.maintenanceDatabase),
    );
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(fresh)}`);
      logger.info(
        `Restoring into a fresh database ${fresh}; ${target.connection.database} stays untouched until the checks pass`,
      );
      try {
        const restored = await phase('load', () => this.#load(request, fresh));
        const checks = await phase('checks', () =>
          this.#checks.run(
            (request.checks ?? []).filter(c => c.type === 'sql'),
            {
              database: this.#clientConfig(target, fresh),
              signal: request.signal,
            },
          ),
        );
        for (const check of checks) {
          logger.info(
            `Check ${check.passed ? 'passed' : 'FAILED'}: ${check.name}: ${
              check.detail
            }`,
          );
        }
        const failed = checks.filter(c => !c.passed);
        if (failed.length) {
          throw new Error(
            `${failed.length} of ${checks.length} checks failed: ${failed
              .map(c => `${c.name} (${c.detail})`)
              .join('; ')}`,
          );
        }
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
  }): Promise<void> {
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
      return;
    }
    if (raw.subarray(0, 5).equals(REDIS_RDB_MAGIC)) {
      throw new InputError(
        `The backup ${backupKey} is a Redis RDB snapshot and cannot restore into a PostgreSQL target; ${pick}`,
      );
    }
    if (looksLikeWalSegment(raw)) {
      throw new InputError(
        `The backup ${backupKey} is a PostgreSQL WAL segment: it only replays onto a base backup through point-in-time recovery, which is not available yet; ${pick}`,
      );
    }
    if (!looksLikeDump(plain)) {
      throw new InputError(
        `The backup ${backupKey} is not a PostgreSQL dump and cannot restore into a PostgreSQL target; ${pick}`,
      );
    }
  }

  async #load(
    request: PostgresRestoreRequest,
    database: string,
  ): Promise<Omit<PostgresRestoreResult, 'database' | 'checks'>> {
    const { source, backupKey, target, signal, logger } = request;
    const env = this.#toolEnv(target, database);
    const jobs = Math.max(1, Math.min(request.jobs ?? 4, 16));

    // A custom-format dump that is a plain local file restores in parallel.
    const localPath = source.localPath?.(backupKey);
    if (localPath && jobs > 1) {
      const header = Buffer.alloc(5);
      const fd = await fs.promises.open(localPath, 'r');
      await fd.read(header, 0, 5, 0).finally(() => fd.close());
      if (header.equals(CUSTOM_DUMP_MAGIC)) {
        logger.info(
          `Custom-format dump on local disk: pg_restore with ${jobs} parallel jobs`,
        );
        await runToolPipeline(
          [
            {
              command: 'pg_restore',
              args: [
                '--no-owner',
                '--no-privileges',
                '--exit-on-error',
                `--jobs=${jobs}`,
                `--dbname=${database}`,
                localPath,
              ],
            },
          ],
          { env, signal },
        );
        return {
          format: 'custom',
          compressed: false,
          encrypted: false,
          parallelJobs: jobs,
          bytesRead: (await fs.promises.stat(localPath)).size,
        };
      }
    }

    const progress = new ProgressReporter({
      totalBytes: request.backupSizeBytes ?? (await source.statSize(backupKey)),
      report: message => logger.info(message),
    });
    let stream: Readable = through(
      await source.openReadStream(backupKey, { signal }),
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
    let head = peeked.head;
    if (compressed && hasGzipTool()) {
      // gzip decompresses in its own process, piped straight into the
      // PostgreSQL tool; the start is inflated here only to see the format.
      steps.push({ command: 'gzip', args: ['--decompress', '--stdout'] });
      head = inflateStart(peeked.head);
    } else if (compressed) {
      peeked = await peek(
        through(peeked.stream, createGunzip({ chunkSize: 1024 * 1024 })),
        64,
      );
      head = peeked.head;
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
    if (custom) {
      logger.info(
        'Custom-format dump: streaming into pg_restore (parallel jobs need a seekable file)',
      );
      steps.push({
        command: 'pg_restore',
        args: [
          '--no-owner',
          '--no-privileges',
          '--exit-on-error',
          `--dbname=${database}`,
        ],
      });
    } else {
      logger.info(
        `Plain SQL dump${
          compressed ? ' (gzip)' : ''
        }: streaming into psql in one transaction`,
      );
      steps.push({
        command: 'psql',
        args: [
          '--no-psqlrc',
          '--quiet',
          '--single-transaction',
          '--set=ON_ERROR_STOP=1',
          `--dbname=${database}`,
        ],
      });
    }
    await runToolPipeline(steps, { env, input: stream, signal });
    return {
      format: custom ? 'custom' : 'plain',
      compressed,
      encrypted,
      parallelJobs: 1,
      bytesRead: progress.bytes,
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

  #clientConfig(target: PostgresRestoreTarget, database: string): ClientConfig {
    const { host, port, user, password } = target.connection;
    return {
      host,
      port,
      user,
      password,
      database,
      connectionTimeoutMillis: 10_000,
    };
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
