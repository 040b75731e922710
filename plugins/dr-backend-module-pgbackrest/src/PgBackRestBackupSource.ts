/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  type BackupSelector,
  type BackupSourceFactory,
  type DataDirectoryRestoreRequest,
  type DataDirectoryRestoringBackupSource,
  type IndexRunContext,
  type IndexRunResult,
  type IndexedBackup,
  SourceTimeoutError,
  readSourceTimeouts,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  type PgBackRestStanza,
  STANZA_STATUS,
  parsePgBackRestInfo,
} from './pgBackRestInfo';
import { locateRepository, statArchivedSegment } from './repository';

/** Stanza names this source accepts: no path separators, no option syntax. */
const STANZA_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `info` of a busy repository is a few hundred kB; this leaves room. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Options of a {@link PgBackRestBackupSource}.
 * @public
 */
export interface PgBackRestBackupSourceOptions {
  id: string;
  /** The one stanza indexed; all stanzas of the repository when omitted. */
  stanza?: string;
  /** The pgBackRest binary, default `pgbackrest` on the PATH. */
  binary?: string;
  /** `--config`: pgbackrest.conf, default pgBackRest's own. */
  configPath?: string;
  /** `--repo1-path`: overrides the repository path of the config file. */
  repoPath?: string;
  /** How long one `pgbackrest info` (and the WAL lookup) may take, in ms. */
  requestTimeoutMs: number;
  logger: LoggerService;
}

/** Replaces absolute paths in pgBackRest's messages, which reach the UI. */
function redactPaths(text: string): string {
  return text.replace(/\/[^\s'"]*/g, '<path>');
}

/**
 * The stanzas of a pgBackRest repository, read through the real binary's
 * `pgbackrest info --output=json`. Each backup set is one row (keyed
 * `<stanza>/<label>`); the newest archived WAL segment is one `wal` row
 * (`<stanza>/archive/<segment>`) when the repository is a local path.
 *
 * Selectors: `<source>:<stanza>`, or `<source>:` for the configured stanza.
 * @public
 */
export class PgBackRestBackupSource
  implements DataDirectoryRestoringBackupSource
{
  readonly type = 'pgbackrest';
  readonly id: string;
  readonly #options: PgBackRestBackupSourceOptions;

  constructor(options: PgBackRestBackupSourceOptions) {
    if (options.stanza !== undefined && !STANZA_NAME.test(options.stanza)) {
      throw new Error(
        `stanza "${options.stanza}" may only contain letters, digits, ".", "_" and "-"`,
      );
    }
    this.id = options.id;
    this.#options = options;
  }

  /**
   * Reads `dr.sources.<id>`: `stanza`, `binary`, `configPath`, `repoPath`
   * (or `repo1-path`) and `timeouts.request`.
   */
  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }): PgBackRestBackupSource {
    const { config } = options;
    return new PgBackRestBackupSource({
      id: options.id,
      stanza: config.getOptionalString('stanza'),
      binary: config.getOptionalString('binary'),
      configPath: config.getOptionalString('configPath'),
      repoPath:
        config.getOptionalString('repoPath') ??
        config.getOptionalString('repo1-path'),
      requestTimeoutMs: readSourceTimeouts(config).requestMs,
      logger: options.logger,
    });
  }

  parseSelector(selector: string, _entity: Entity): BackupSelector {
    const configured = this.#options.stanza;
    const stanza = selector.trim() || configured;
    if (!stanza) {
      throw new InputError(
        `Source "${this.id}" reads several stanzas; name one after the colon, e.g. "${this.id}:main"`,
      );
    }
    if (!STANZA_NAME.test(stanza)) {
      throw new InputError(
        `Stanza "${stanza}" for source "${this.id}" may only contain letters, digits, ".", "_" and "-"`,
      );
    }
    if (configured && stanza !== configured) {
      throw new InputError(
        `Source "${this.id}" reads only stanza "${configured}", not "${stanza}"; leave the selector empty or configure another source`,
      );
    }
    return { kind: 'prefix', prefix: `${stanza}/`, canonical: stanza };
  }

  async index(context: IndexRunContext): Promise<IndexRunResult> {
    const stanzas = parsePgBackRestInfo(await this.#info(context.signal));
    const rows: IndexedBackup[] = [];
    const walRecency: Record<string, string> = {};
    const backupRunning: Record<string, boolean> = {};
    for (const stanza of stanzas) {
      if (!STANZA_NAME.test(stanza.name)) {
        throw new Error(
          `pgbackrest info listed stanza "${stanza.name}", which is not a valid stanza name`,
        );
      }
      if (this.#options.stanza && stanza.name !== this.#options.stanza) {
        continue;
      }
      if (stanza.statusCode === STANZA_STATUS.noValidBackups) {
        // Nothing to restore from; the posture says "no backups". WAL alone
        // restores nothing, so it is not indexed either.
        walRecency[stanza.name] = 'no valid backups';
        continue;
      }
      if (stanza.statusCode !== STANZA_STATUS.ok) {
        throw new Error(
          `pgBackRest stanza "${stanza.name}": ${redactPaths(
            stanza.statusMessage,
          )} (status code ${stanza.statusCode})`,
        );
      }
      rows.push(...stanza.backups);
      // pgBackRest lists a set only once it is complete; a running one shows
      // as the stanza's held backup lock.
      backupRunning[stanza.name] = stanza.backupRunning;
      const wal = await this.#newestArchivedSegment(stanza);
      walRecency[stanza.name] = wal.recency;
      if (wal.row) rows.push(wal.row);
    }
    if (
      this.#options.stanza &&
      !stanzas.some(s => s.name === this.#options.stanza)
    ) {
      throw new Error(
        `pgbackrest info did not list stanza "${this.#options.stanza}"`,
      );
    }
    for (const [stanza, recency] of Object.entries(walRecency)) {
      if (recency.startsWith('unknown')) {
        context.logger.warn(`WAL recency of stanza "${stanza}" is ${recency}`);
      }
    }

    await context.sink.upsert(rows);
    const seen = new Set(rows.map(row => row.key));
    const stale = [...(await context.sink.keys())].filter(
      key => !seen.has(key),
    );
    await context.sink.remove(stale);
    return {
      mode: 'full',
      state: { listedAt: new Date().toISOString(), walRecency, backupRunning },
      listed: rows.length,
      upserted: rows.length,
      removed: stale.length,
    };
  }

  /**
   * pgBackRest's archive range names segments only; their times are the
   * modification times of the archived files, readable when the repository
   * is a path on this machine.
   */
  async #newestArchivedSegment(
    stanza: PgBackRestStanza,
  ): Promise<{ recency: string; row?: IndexedBackup }> {
    const hasBackup = stanza.backups.some(b => b.status === 'succeeded');
    if (!hasBackup) {
      return { recency: 'not indexed: no successful backup to replay WAL on' };
    }
    if (!stanza.archive?.max) {
      return { recency: 'not indexed: the archive is empty' };
    }
    const location = await locateRepository({
      stanza: stanza.name,
      repoPath: this.#options.repoPath,
      configPath: this.#options.configPath,
    });
    if (!location.local) {
      return { recency: `unknown: ${location.reason}` };
    }
    const { id: archiveId, max: segment, min } = stanza.archive;
    const archived = await withTimeout(
      this.#options.requestTimeoutMs,
      `Reading the WAL archive of stanza "${stanza.name}" of source "${this.id}"`,
      () =>
        statArchivedSegment({
          repoPath: location.path,
          stanza: stanza.name,
          archiveId,
          segment,
        }),
    );
    if (!archived) {
      return {
        recency: `unknown: segment ${segment} is not in the repository on this machine`,
      };
    }
    return {
      recency: 'known',
      row: {
        key: `${stanza.name}/archive/${segment}`,
        name: segment,
        type: 'wal',
        status: 'succeeded',
        startedAt: null,
        completedAt: archived.modifiedAt,
        sizeBytes: archived.sizeBytes,
        checksum: null,
        encrypted: null,
        details: {
          stanza: stanza.name,
          archiveId,
          segment,
          archiveMin: min,
          archiveMax: segment,
          timeFrom: 'archived file modification time',
        },
      },
    };
  }

  /**
   * Point-in-time recovery: `pgbackrest restore --type=time` with the
   * target time and `--target-action=promote`, of the backup set into an empty data
   * directory, as the cluster's OS user; pgBackRest writes its own
   * `restore_command` (archive-get) and `recovery.signal`.
   */
  async restoreDataDirectory(
    request: DataDirectoryRestoreRequest,
  ): Promise<void> {
    const match = /^([^/]+)\/([^/]+)$/.exec(request.backupKey);
    if (!match || !STANZA_NAME.test(match[1])) {
      throw new Error(
        `${request.backupKey} is not a pgBackRest backup set of source "${this.id}" (<stanza>/<label>)`,
      );
    }
    const [, stanza, label] = match;
    // PostgreSQL's timestamptz syntax: recovery_target_time refuses ISO's T and Z.
    const target = request.targetTime
      .toISOString()
      .replace('T', ' ')
      .replace('Z', '+00');
    const { binary = 'pgbackrest', configPath, repoPath } = this.#options;
    const args = [
      ...(configPath ? [`--config=${configPath}`] : []),
      ...(repoPath ? [`--repo1-path=${repoPath}`] : []),
      `--stanza=${stanza}`,
      `--pg1-path=${request.dataDirectory}`,
      `--set=${label}`,
      '--type=time',
      `--target=${target}`,
      '--target-action=promote',
      '--log-level-file=off',
      '--log-level-console=off',
      '--log-level-stderr=error',
      'restore',
    ];
    const [file, argv] = request.runAs
      ? ['runuser', ['-u', request.runAs, '--', binary, ...args]]
      : [binary, args];
    request.logger.info(
      `pgbackrest restore --type=time --target="${target}" of ${label} (stanza ${stanza})`,
    );
    try {
      await promisify(execFile)(file, argv, {
        signal: request.signal,
        maxBuffer: MAX_OUTPUT_BYTES,
        windowsHide: true,
      });
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? '')
        .trim()
        .split('\n')[0];
      throw new Error(
        `pgbackrest restore of ${request.backupKey} from source "${
          this.id
        }" failed${stderr ? `: ${redactPaths(stderr)}` : ''}`,
      );
    }
  }

  /** Runs `pgbackrest info --output=json` without a shell, bounded in time. */
  #info(signal?: AbortSignal): Promise<string> {
    const {
      binary = 'pgbackrest',
      configPath,
      repoPath,
      stanza,
    } = this.#options;
    const args = [
      ...(configPath ? [`--config=${configPath}`] : []),
      ...(repoPath ? [`--repo1-path=${repoPath}`] : []),
      ...(stanza ? [`--stanza=${stanza}`] : []),
      // Reading must not write log files as whoever runs Backstage, and only
      // errors may reach stderr: stdout is the JSON.
      '--log-level-file=off',
      '--log-level-console=off',
      '--log-level-stderr=error',
      '--output=json',
      'info',
    ];
    const timeoutMs = this.#options.requestTimeoutMs;
    return new Promise((resolve, reject) => {
      execFile(
        binary,
        args,
        {
          timeout: timeoutMs,
          killSignal: 'SIGKILL',
          maxBuffer: MAX_OUTPUT_BYTES,
          signal,
          windowsHide: true,
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve(stdout);
            return;
          }
          const failure = error as NodeJS.ErrnoException & {
            killed?: boolean;
            code?: string | number;
          };
          if (failure.code === 'ENOENT') {
            reject(
              new Error(
                `The pgBackRest binary of source "${this.id}" was not found; install pgbackrest or set dr.sources.${this.id}.binary`,
              ),
            );
          } else if (failure.killed && !signal?.aborted) {
            reject(
              new SourceTimeoutError(
                `pgbackrest info of source "${this.id}" timed out after ${
                  timeoutMs / 1000
                } s`,
              ),
            );
          } else {
            const message = String(stderr).trim().split('\n')[0] ?? '';
            reject(
              new Error(
                `pgbackrest info of source "${this.id}" failed (exit code ${
                  failure.code
                })${message ? `: ${redactPaths(message)}` : ''}`,
              ),
            );
          }
        },
      );
    });
  }
}

/** Stops waiting for `call` after `ms`; a hung mount cannot hold the indexer. */
async function withTimeout<T>(
  ms: number,
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SourceTimeoutError(`${what} timed out after ${ms / 1000} s`),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([call(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The `pgbackrest` source type, for `createBackupSourceFactoryFeature`.
 * @public
 */
export const pgBackRestBackupSourceFactory: BackupSourceFactory = {
  type: 'pgbackrest',
  create: options => PgBackRestBackupSource.fromConfig(options),
};
