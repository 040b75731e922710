/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import { isReadableBackupSource } from '../sources/types';
import type { Restorer } from './Restorer';
import { PostgresRestorer } from './PostgresRestorer';
import type { PostgresRestoreTarget } from './RestoreTargetRegistry';

/**
 * What a PostgreSQL restore reports.
 * @public
 */
export interface PostgresRestoreOutput {
  [key: string]: string | number;
  database: string;
  bytesRead: number;
  checksPassed: number;
}

/**
 * The `postgres` restore kind: a dump read from its source (which decrypts it
 * with its own key) restored by a {@link PostgresRestorer} into a fresh
 * database, checked with the approved SQL checks and switched into place.
 * @public
 */
export function createPostgresRestorer(
  engine: PostgresRestorer = new PostgresRestorer(),
): Restorer<{ jobs: number }, PostgresRestoreOutput, PostgresRestoreTarget> {
  return {
    kind: 'postgres',
    parseTarget(config) {
      const connection = config.getConfig('connection');
      return {
        connection: {
          host: connection.getOptionalString('host') ?? '127.0.0.1',
          port: connection.getOptionalNumber('port') ?? 5432,
          user: connection.getString('user'),
          password: connection.getOptionalString('password'),
          database: connection.getString('database'),
          maintenanceDatabase:
            connection.getOptionalString('maintenanceDatabase') ?? 'postgres',
        },
        keepPrevious: config.getOptionalBoolean('keepPrevious') ?? false,
      };
    },
    async validate({ backup, source }) {
      const pick = 'pick a pg_dump backup (plain SQL, gzip or custom format)';
      if (backup.status && backup.status !== 'succeeded') {
        throw new InputError(
          `The backup ${backup.key} ${
            backup.status === 'in-progress'
              ? 'is still running'
              : `${backup.status === 'failed' ? 'failed' : 'partially failed'}`
          } and cannot be restored; pick a backup that succeeded`,
        );
      }
      const layout = backup.details?.layout;
      if (layout === 'pg_basebackup') {
        throw new InputError(
          `The backup ${backup.key} is a pg_basebackup set, which restores only through point-in-time recovery; point-in-time recovery is not available yet, so ${pick}`,
        );
      }
      if (layout === 'clickhouse-native' || layout === 'clickhouse-backup') {
        throw new InputError(
          `The backup ${backup.key} is a ClickHouse backup set and cannot restore into a PostgreSQL target; ${pick}`,
        );
      }
      if (typeof layout === 'string') {
        throw new InputError(
          `The backup ${backup.key} is a ${layout} backup set and cannot restore into a PostgreSQL target; ${pick}`,
        );
      }
      if (backup.type === 'wal') {
        throw new InputError(
          `The backup ${backup.key} is a PostgreSQL WAL segment: it only replays onto a base backup through point-in-time recovery, which is not available yet; ${pick}`,
        );
      }
      if (!source || !isReadableBackupSource(source)) {
        throw new InputError(
          `Backups of source "${backup.sourceId}" cannot be restored with pg_restore or psql; ${pick} from a filesystem or s3 source`,
        );
      }
      await PostgresRestorer.checkRestorable({ source, backupKey: backup.key });
    },
    async execute(request) {
      const { target, source, backup } = request;
      if (target.kind !== 'postgres' || !isReadableBackupSource(source)) {
        throw new InputError(
          'Not a valid PostgreSQL restore; validate it first',
        );
      }
      const restored = await engine.restore({
        target,
        source,
        backupKey: backup.key,
        backupSizeBytes: backup.sizeBytes,
        jobs: request.options.jobs,
        checks: request.parameters.checks,
        logger: request.logger,
        signal: request.signal,
        phases: request.phases,
      });
      return {
        output: {
          database: restored.database,
          bytesRead: restored.bytesRead,
          checksPassed: restored.checks.length,
        },
      };
    },
  };
}
