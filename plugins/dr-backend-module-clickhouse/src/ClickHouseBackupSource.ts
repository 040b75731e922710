/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  type BackupSelector,
  type BackupSource,
  type BackupSourceFactory,
  type IndexRunContext,
  type IndexRunResult,
  type IndexedBackup,
  readSourceTimeouts,
  replaceIndex,
} from '@dr-suite/backstage-plugin-dr-node';
import { ClickHouseHttpClient } from './ClickHouseHttpClient';
import { SYSTEM_BACKUPS_QUERY, readSystemBackupsLine } from './systemBackups';

/** Longest selector accepted; destinations are URLs and paths. */
const MAX_SELECTOR_LENGTH = 1024;

/**
 * The BACKUP operations a ClickHouse server reports in `system.backups`,
 * read over its HTTP interface. Each operation is one backup keyed
 * `<destination>#<operation id>`, the destination written without scheme
 * or credentials: `host/bucket/path/` for `S3(…)`, `<disk>/<path>` for
 * `Disk(…)`, the path for `File(…)`, `<container>/<path>` for
 * `AzureBlobStorage(…)`.
 *
 * Selectors are a prefix of that destination (`<source>:` for every backup
 * of the server).
 * @internal
 */
export class ClickHouseBackupSource implements BackupSource {
  readonly type = 'clickhouse';
  readonly id: string;
  readonly #client: ClickHouseHttpClient;

  constructor(options: { id: string; client: ClickHouseHttpClient }) {
    this.id = options.id;
    this.#client = options.client;
  }

  /**
   * Reads `dr.sources.<id>`: `url`, `user` (default `default`), `password`
   * and `timeouts`.
   */
  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }): ClickHouseBackupSource {
    const { id, config } = options;
    return new ClickHouseBackupSource({
      id,
      client: new ClickHouseHttpClient({
        url: config.getString('url'),
        user: config.getOptionalString('user') ?? 'default',
        password: config.getOptionalString('password') ?? '',
        timeouts: readSourceTimeouts(config),
        what: `ClickHouse of source "${id}"`,
      }),
    });
  }

  async index(context: IndexRunContext): Promise<IndexRunResult> {
    // system.backups holds the operations since the server started: a
    // complete listing every run is small and exact. The whole answer is
    // read before anything is written, so a failure keeps the last index.
    const body = await this.#client.query(SYSTEM_BACKUPS_QUERY, context.signal);
    const backups: IndexedBackup[] = [];
    const skipped: string[] = [];
    let restores = 0;
    body.split('\n').forEach((line, index) => {
      if (!line.trim()) return;
      const read = readSystemBackupsLine(line);
      if (read.kind === 'backup') backups.push(read.backup);
      else if (read.kind === 'restore') restores += 1;
      else skipped.push(`line ${index + 1}: ${read.problem}`);
    });
    for (const backup of backups) {
      if (typeof backup.details.problem === 'string') {
        context.logger.warn(
          `Backup "${backup.key}" of source "${this.id}": ${backup.details.problem}`,
        );
      }
    }
    if (skipped.length > 0) {
      context.logger.warn(
        `Source "${this.id}" left out ${
          skipped.length
        } row(s) of system.backups that are not backups: ${skipped
          .slice(0, 5)
          .join(', ')}`,
      );
    }
    if (backups.length === 0) {
      context.logger.info(
        `system.backups of source "${this.id}" lists no BACKUP operation; ClickHouse empties it when the server restarts`,
      );
    }
    const result = await replaceIndex(context.sink, backups);
    return {
      ...result,
      state: {
        ...result.state,
        restoreOperations: restores,
        skippedRows: skipped.slice(0, 20),
      },
    };
  }

  parseSelector(selector: string, _entity: Entity): BackupSelector {
    let prefix = selector.trim();
    if (prefix.length > MAX_SELECTOR_LENGTH) {
      throw new InputError(
        `Selector of source "${this.id}" is longer than ${MAX_SELECTOR_LENGTH} characters`,
      );
    }
    if ([...prefix].some(c => c.charCodeAt(0) < 0x20)) {
      throw new InputError(
        `Selector of source "${this.id}" contains control characters`,
      );
    }
    // People paste the URL of BACKUP … TO S3('https://…'); keys have no scheme.
    prefix = prefix.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    if (prefix.includes('#')) {
      throw new InputError(
        `Selector "${prefix}" of source "${this.id}" is a destination prefix and may not contain "#", e.g. "${this.id}:s3.example.com/bucket/backups/"`,
      );
    }
    return { kind: 'prefix', prefix, canonical: prefix };
  }
}

/**
 * The `clickhouse` source type, for `createBackupSourceFactoryFeature`.
 * @public
 */
export const clickHouseBackupSourceFactory: BackupSourceFactory = {
  type: 'clickhouse',
  create: options => ClickHouseBackupSource.fromConfig(options),
};
