/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { VerifyCheck } from '@dr-suite/backstage-plugin-dr-common';
import { Client } from 'pg';
import {
  type BackupSource,
  type ReadableBackupSource,
  isDataDirectoryRestoringBackupSource,
  isReadableBackupSource,
} from '../../sources/types';
import {
  type CheckResult,
  CheckRunner,
  requirePassedChecks,
} from '../CheckRunner';
import type { PostgresRestorer } from '../PostgresRestorer';
import { ProgressReporter } from '../ProgressReporter';
import { openRegularFile } from '../openRegularFile';
import type { PostgresRestoreTarget } from '../RestoreTargetRegistry';
import type { RestoreBackup, RestorePhaseRecorder } from '../Restorer';
import { runToolPipeline } from '../ToolPipeline';
import { type KeptCluster, keepCluster } from './KeptClusters';
import {
  type RecoveryProgress,
  ScratchPostgresCluster,
} from './ScratchPostgresCluster';
import { WalSegmentServer } from './WalSegmentServer';

/**
 * Settings of point-in-time recovery on this machine
 * (`dr.pointInTimeRecovery`).
 * @public
 */
export interface PointInTimeRecoverySettings {
  /** PostgreSQL server binaries (initdb, postgres, pg_ctl, pg_dump); default `pg_config --bindir`. */
  binDir?: string;
  /** Where scratch clusters' temp folders go; default the OS temp folder. */
  scratchDirectory?: string;
  /** The OS user scratch clusters run as when the backend runs as root; default `postgres`. */
  runAs?: string;
}

/**
 * One approved point-in-time restore.
 * @public
 */
export interface PointInTimeRestoreRequest {
  target: PostgresRestoreTarget;
  source: BackupSource;
  backup: RestoreBackup;
  /** The instant to recover to. */
  targetTime: Date;
  /** The recovered cluster's database to move; its only user database when undefined. */
  database?: string;
  checks?: VerifyCheck[];
  logger: LoggerService;
  signal?: AbortSignal;
  phases?: RestorePhaseRecorder;
}

/**
 * How a point-in-time restore went.
 * @public
 */
export interface PointInTimeRestoreResult {
  database: string;
  recoveredDatabase: string;
  /** The recovered cluster, when the target keeps it (`keepRecoveredCluster`). */
  kept?: KeptCluster;
  /** Bytes moved from the recovered cluster into the target. */
  bytesMoved: number;
  walFilesFetched: number;
  walBytesFetched: number;
  checks: CheckResult[];
}

let defaultBinDir: string | undefined;

/** `pg_config --bindir`, once. */
function pgConfigBinDir(): string {
  defaultBinDir ??= execFileSync('pg_config', ['--bindir'], {
    encoding: 'utf8',
  }).trim();
  return defaultBinDir;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Point-in-time recovery of PostgreSQL into a restore target: a scratch
 * cluster is provisioned from the base backup (the tar files of a
 * pg_basebackup set read from any readable source, or the source's own
 * tool such as `pgbackrest restore --type=time`), replays WAL up to the
 * target time and promotes; the chosen database is then dumped from it
 * and restored into a fresh database of the target, which is checked and
 * switched into place as a dump restore is. The scratch cluster is always
 * stopped and deleted, whether the restore succeeds, fails or is cancelled;
 * except when the target keeps the recovered cluster itself
 * (`keepRecoveredCluster`): then the checks run against it and, once they
 * pass, it replaces the cluster kept there before and is left running.
 * @public
 */
export class PointInTimeRecovery {
  readonly #engine: PostgresRestorer;
  readonly #settings: PointInTimeRecoverySettings;

  constructor(
    engine: PostgresRestorer,
    settings: PointInTimeRecoverySettings = {},
  ) {
    this.#engine = engine;
    this.#settings = settings;
  }

  async restore(
    request: PointInTimeRestoreRequest,
  ): Promise<PointInTimeRestoreResult> {
    const { logger, signal } = request;
    const phase = <T>(name: string, run: () => Promise<T>) =>
      request.phases ? request.phases.phase(name, run) : run();
    const binDir = this.#settings.binDir ?? pgConfigBinDir();
    const keep = request.target.keepRecoveredCluster;
    const cluster = await ScratchPostgresCluster.create({
      binDir,
      // A kept cluster is recovered where it will stay.
      parentDirectory: keep?.directory ?? this.#settings.scratchDirectory,
      namePrefix: keep ? `${request.target.id}-` : undefined,
      runAs: this.#settings.runAs,
    });
    let wal: WalSegmentServer | undefined;
    let kept: KeptCluster | undefined;
    try {
      logger.info(
        `Point-in-time recovery to ${request.targetTime.toISOString()}: scratch PostgreSQL cluster on port ${
          cluster.port
        } with the binaries in ${binDir}`,
      );
      const settings = await phase('provisioning', async () => {
        const result = await this.#provision(request, cluster);
        wal = result.wal;
        return result.settings;
      });
      await phase('wal-replay', async () => {
        let lastProgress: RecoveryProgress | undefined;
        const waitOptions = {
          signal,
          onProgress: (progress: RecoveryProgress) => {
            lastProgress = progress;
            const fetched = wal?.served;
            logger.info(
              `WAL replay ${progress.inRecovery ? 'at' : 'done at'} ${
                progress.replayedLsn ?? '?'
              }${
                progress.replayedUntil
                  ? `, last replayed commit ${progress.replayedUntil}`
                  : ''
              }${
                fetched
                  ? `; ${fetched.files} WAL files (${megabytes(
                      fetched.bytes,
                    )}) fetched from source "${request.source.id}"`
                  : ''
              }`,
            );
          },
        };
        await cluster.start(settings);
        try {
          await this.#waitUntilPromoted(cluster, wal, waitOptions);
        } catch (error) {
          if (wal?.failures.length) throw error;
          if (!this.#archiveHoldsTarget(cluster, request)) throw error;
          // No commit after the target in the archived WAL, which the
          // window says reaches past it: nothing after the target exists,
          // so the end of the archive is the state at the target.
          await cluster.start({ ...settings, recovery_target_time: '' });
          await this.#waitUntilPromoted(cluster, wal, waitOptions);
          logger.info(
            `No transaction after ${request.targetTime.toISOString()} in the archive: recovered to the end of the archived WAL, ${
              lastProgress?.replayedUntil
                ? `last commit at ${lastProgress.replayedUntil}`
                : 'no commit replayed'
            }; the scratch cluster promoted`,
          );
          return;
        }
        logger.info(
          'Recovery reached the target time and the scratch cluster promoted',
        );
      });
      if (keep) {
        const database = await this.#pickDatabase(request, cluster, true);
        const checks = await phase('verification', () =>
          this.#checkKept(cluster, database, request),
        );
        kept = await phase('switch', () =>
          keepCluster({
            target: request.target,
            cluster,
            binDir,
            database,
            recoveredTo: request.targetTime,
            logger,
            signal,
          }),
        );
        return {
          database,
          recoveredDatabase: database,
          kept,
          bytesMoved: 0,
          walFilesFetched: wal?.served.files ?? 0,
          walBytesFetched: wal?.served.bytes ?? 0,
          checks,
        };
      }
      const recoveredDatabase = await this.#pickDatabase(request, cluster);
      const restored = await this.#engine.replaceDatabase({
        target: request.target,
        checks: request.checks,
        logger,
        signal,
        phases: request.phases,
        phaseNames: { load: 'transfer', checks: 'verification' },
        load: (fresh, env) =>
          this.#transfer(cluster, recoveredDatabase, fresh, env, request),
      });
      return {
        database: restored.database,
        recoveredDatabase,
        bytesMoved: restored.bytesMoved,
        walFilesFetched: wal?.served.files ?? 0,
        walBytesFetched: wal?.served.bytes ?? 0,
        checks: restored.checks,
      };
    } finally {
      await wal?.stop().catch(() => undefined);
      if (!kept) {
        await cluster.remove();
        logger.info('Removed the scratch cluster');
      }
    }
  }

  /** Waits for promotion; a WAL file that could not be served is the cause when the server stopped. */
  async #waitUntilPromoted(
    cluster: ScratchPostgresCluster,
    wal: WalSegmentServer | undefined,
    options: Parameters<ScratchPostgresCluster['waitUntilPromoted']>[0],
  ): Promise<void> {
    try {
      await cluster.waitUntilPromoted(options);
    } catch (error) {
      const failures = wal?.failures ?? [];
      if (!failures.length) throw error;
      throw new Error(
        `${failures[failures.length - 1]}; ${(error as Error).message}`,
      );
    }
  }

  /**
   * Whether the server stopped at the end of the WAL short of the target
   * although the recovery window reaches the target: the archive then
   * holds everything up to it.
   */
  #archiveHoldsTarget(
    cluster: ScratchPostgresCluster,
    request: PointInTimeRestoreRequest,
  ): boolean {
    const windowEnd = request.backup.recoveryWindow?.to;
    return (
      cluster.recoveryEndedBeforeTarget() &&
      Boolean(windowEnd) &&
      request.targetTime.getTime() <= Date.parse(windowEnd!)
    );
  }

  /** The approved SQL checks, against the recovered cluster that is to be kept. */
  async #checkKept(
    cluster: ScratchPostgresCluster,
    database: string,
    request: PointInTimeRestoreRequest,
  ): Promise<CheckResult[]> {
    const checks = await new CheckRunner().run(
      (request.checks ?? []).filter(c => c.type === 'sql'),
      { database: cluster.connection(database), signal: request.signal },
    );
    try {
      return requirePassedChecks(checks, request.logger);
    } catch (error) {
      request.logger.error(
        'The recovered cluster failed its checks: it is removed, and the cluster kept at the target before stays as it was',
      );
      throw error;
    }
  }

  /** Writes the data directory and returns the recovery settings the server starts with. */
  async #provision(
    request: PointInTimeRestoreRequest,
    cluster: ScratchPostgresCluster,
  ): Promise<{ settings: Record<string, string>; wal?: WalSegmentServer }> {
    const { source, backup, logger, signal } = request;
    // PostgreSQL's own timestamptz syntax: it refuses ISO 8601's T and Z here.
    const targetTime = request.targetTime
      .toISOString()
      .replace('T', ' ')
      .replace('Z', '+00');
    if (isDataDirectoryRestoringBackupSource(source)) {
      // The tool writes the data directory and its own restore_command.
      await source.restoreDataDirectory({
        backupKey: backup.key,
        dataDirectory: cluster.dataDirectory,
        targetTime: request.targetTime,
        runAs: cluster.runAs,
        logger,
        signal,
      });
      return {
        settings: {
          recovery_target_time: targetTime,
          recovery_target_action: 'promote',
        },
      };
    }
    if (!isReadableBackupSource(source)) {
      throw new Error(
        `Source "${source.id}" can neither be read nor restore a data directory itself`,
      );
    }
    const walPrefix = backup.recoveryWindow?.walPrefix;
    if (!walPrefix) {
      throw new Error(
        `No WAL archive is known for the backup ${backup.key}: point-in-time recovery needs the recovery window of its data store`,
      );
    }
    await this.#extractBaseBackup(source, backup, cluster, logger, signal);
    const wal = await WalSegmentServer.start({
      source,
      prefix: walPrefix,
      signal,
    });
    const script = await cluster.writeFile('fetch-wal.js', wal.fetchScript());
    fs.writeFileSync(path.join(cluster.dataDirectory, 'recovery.signal'), '');
    await cluster.chownToServerUser(cluster.dataDirectory);
    logger.info(
      `WAL segments are fetched on demand from "${walPrefix}" of source "${source.id}"`,
    );
    return {
      wal,
      settings: {
        restore_command: `'${process.execPath}' '${script}' %f %p`,
        recovery_target_time: targetTime,
        recovery_target_action: 'promote',
        recovery_target_timeline: 'latest',
      },
    };
  }

  /** Unpacks `base.tar[.gz]` into the data directory and `pg_wal.tar[.gz]` into its pg_wal. */
  async #extractBaseBackup(
    source: ReadableBackupSource,
    backup: RestoreBackup,
    cluster: ScratchPostgresCluster,
    logger: LoggerService,
    signal?: AbortSignal,
  ) {
    const files = Array.isArray(backup.details?.files)
      ? (backup.details!.files as unknown[]).map(String)
      : [];
    const base = files.find(f => /^base\.tar(\.gz)?$/.test(f));
    if (!base) {
      throw new Error(
        `The backup ${
          backup.key
        } has no base.tar or base.tar.gz (pg_basebackup --format=tar): ${
          files.join(', ') || 'no files listed'
        }`,
      );
    }
    const tablespaces = files.filter(f => /^\d+\.tar(\.gz)?$/.test(f));
    if (tablespaces.length) {
      throw new Error(
        `The backup ${backup.key} has tablespaces (${tablespaces.join(
          ', ',
        )}), which point-in-time recovery does not restore yet`,
      );
    }
    const walTar = files.find(f => /^pg_wal\.tar(\.gz)?$/.test(f));
    const parts: Array<[string, string]> = [[base, cluster.dataDirectory]];
    if (walTar) {
      parts.push([walTar, path.join(cluster.dataDirectory, 'pg_wal')]);
    }
    for (const [file, directory] of parts) {
      const key = `${backup.key}${file}`;
      fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
      const tar = (input: string[]) => ({
        command: 'tar',
        args: [
          '--extract',
          ...(file.endsWith('.gz') ? ['--gzip'] : []),
          '--no-same-owner',
          ...input,
          `--directory=${directory}`,
        ],
      });
      const local = source.localPath?.(key);
      const handle = local ? await openRegularFile(local) : undefined;
      if (handle) {
        // A file on this machine: tar reads it itself, nothing passes through Node.
        try {
          const { size } = await handle.stat();
          logger.info(`Unpacking ${file} (${megabytes(size)}) from the volume`);
          await new ProgressReporter({
            totalBytes: size,
            report: message => logger.info(`${message} (${file})`),
          }).followFileOffset(handle.fd, size, () =>
            runToolPipeline([tar(['--file=-'])], {
              env: process.env,
              input: handle.fd,
              signal,
            }),
          );
        } finally {
          await handle.close();
        }
        continue;
      }
      const progress = new ProgressReporter({
        totalBytes: await source.statSize(key),
        report: message => logger.info(`${message} (${file})`),
      });
      // pipeline: a broken source fails the extraction, not just stops it.
      const stream = pipeline(
        await source.openReadStream(key, { signal }),
        progress,
        () => undefined,
      );
      await runToolPipeline([tar(['--file=-'])], {
        env: process.env,
        input: stream,
        signal,
      });
    }
    fs.mkdirSync(path.join(cluster.dataDirectory, 'pg_wal', 'archive_status'), {
      recursive: true,
    });
    fs.chmodSync(cluster.dataDirectory, 0o700);
  }

  /**
   * The recovered database to move (or, for a kept cluster, to check and
   * name in the output, where a cluster of several falls back to `postgres`).
   */
  async #pickDatabase(
    request: PointInTimeRestoreRequest,
    cluster: ScratchPostgresCluster,
    wholeCluster = false,
  ): Promise<string> {
    const databases = await cluster.userDatabases();
    if (request.database) {
      if (!databases.includes(request.database)) {
        throw new Error(
          `The recovered cluster has no database "${
            request.database
          }"; it has ${databases.join(', ') || 'no user databases'}`,
        );
      }
      return request.database;
    }
    if (wholeCluster && databases.length !== 1) return 'postgres';
    if (databases.length !== 1) {
      throw new Error(
        `The recovered cluster has ${
          databases.length ? databases.join(', ') : 'no user databases'
        }; name the one to restore in kindParameters.database`,
      );
    }
    return databases[0];
  }

  /**
   * `pg_dump | pg_restore` joined by an OS pipe (the data never passes
   * through Node), with the fresh database's growing size as progress.
   */
  async #transfer(
    cluster: ScratchPostgresCluster,
    database: string,
    fresh: string,
    targetEnv: NodeJS.ProcessEnv,
    request: PointInTimeRestoreRequest,
  ): Promise<{ bytesMoved: number }> {
    const { logger, signal, target } = request;
    const scratch = cluster.connection(database);
    const sizes = new Client({
      host: target.connection.host,
      port: target.connection.port,
      user: target.connection.user,
      password: target.connection.password,
      database: target.connection.maintenanceDatabase,
      connectionTimeoutMillis: 10_000,
    });
    await sizes.connect();
    const sizeOf = async () =>
      Number(
        (await sizes.query('select pg_database_size($1) as bytes', [fresh]))
          .rows[0].bytes,
      );
    const what = `of ${database} moved from the recovered cluster into the target`;
    let reporting = Promise.resolve();
    const timer = setInterval(() => {
      reporting = reporting
        .then(async () => logger.info(`${megabytes(await sizeOf())} ${what}`))
        .catch(() => undefined);
    }, 2000);
    try {
      await runToolPipeline(
        [
          {
            // The scratch server by arguments, which win over the target's
            // PG* environment; it trusts local connections, so the target's
            // password is never asked for there.
            command: cluster.binary('pg_dump'),
            args: [
              '--format=custom',
              '--compress=0',
              '--no-owner',
              '--no-privileges',
              `--host=${scratch.host}`,
              `--port=${scratch.port}`,
              `--username=${scratch.user}`,
              `--dbname=${database}`,
            ],
          },
          {
            command: cluster.binary('pg_restore'),
            args: [
              '--no-owner',
              '--no-privileges',
              '--exit-on-error',
              `--dbname=${targetEnv.PGDATABASE}`,
            ],
          },
        ],
        { env: targetEnv, signal },
      );
      clearInterval(timer);
      await reporting;
      const bytesMoved = await sizeOf();
      logger.info(`${megabytes(bytesMoved)} ${what}, done`);
      return { bytesMoved };
    } finally {
      clearInterval(timer);
      await reporting;
      await sizes.end().catch(() => undefined);
    }
  }
}
