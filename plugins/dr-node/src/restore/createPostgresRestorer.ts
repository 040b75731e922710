/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import { postgresPointInTimeParametersSchema } from '@dr-suite/backstage-plugin-dr-common';
import { isReadableBackupSource } from '../sources/types';
import {
  PointInTimeRecovery,
  type PointInTimeRecoverySettings,
} from './pointInTime/PointInTimeRecovery';
import {
  readPointInTimeParameters,
  validatePointInTime,
} from './pointInTime/validatePointInTime';
import {
  readKeptClusterSettings,
  removeKeptCluster,
} from './pointInTime/KeptClusters';
import type { RestoreExecutionResult, Restorer } from './Restorer';
import { PostgresRestorer } from './PostgresRestorer';
import { overBudgetMessage } from './DumpStaging';
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
  options: { pointInTime?: PointInTimeRecoverySettings } = {},
): Restorer<{ jobs: number }, PostgresRestoreOutput, PostgresRestoreTarget> {
  const pointInTime = new PointInTimeRecovery(engine, options.pointInTime);
  return {
    kind: 'postgres',
    // kindParameters.targetTime asks for point-in-time recovery.
    parametersSchema: postgresPointInTimeParametersSchema,
    parseTarget(config) {
      const keepRecoveredCluster = readKeptClusterSettings(config);
      if (keepRecoveredCluster && !config.has('connection')) {
        // Nothing is moved into a database: the kept cluster is the target.
        return {
          connection: {
            host: keepRecoveredCluster.host,
            port: keepRecoveredCluster.ports.from,
            user: 'postgres',
            database: 'postgres',
            maintenanceDatabase: 'postgres',
          },
          keepPrevious: false,
          keepRecoveredCluster,
        };
      }
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
        ...(keepRecoveredCluster ? { keepRecoveredCluster } : {}),
      };
    },
    async validate(request) {
      const { backup, source } = request;
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
      const recovery = readPointInTimeParameters(
        request.parameters.kindParameters,
      );
      if (recovery) {
        validatePointInTime(request, recovery);
        return;
      }
      if (request.target.keepRecoveredCluster) {
        throw new InputError(
          `Restore target "${request.target.id}" keeps the cluster a point-in-time recovery makes; choose a time to recover to (kindParameters.targetTime) and a base backup, or pick a target that takes dumps`,
        );
      }
      const layout = backup.details?.layout;
      if (layout === 'pg_basebackup') {
        throw new InputError(
          `The backup ${backup.key} is a pg_basebackup set, which restores only through point-in-time recovery: choose a time to recover to (kindParameters.targetTime), or ${pick}`,
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
          `The backup ${backup.key} is a PostgreSQL WAL segment: it only replays onto a base backup through point-in-time recovery: pick a base backup of the same data store and a time to recover to, or ${pick}`,
        );
      }
      if (!source || !isReadableBackupSource(source)) {
        throw new InputError(
          `Backups of source "${backup.sourceId}" cannot be restored with pg_restore or psql; ${pick} from a filesystem or s3 source`,
        );
      }
      const { format } = await PostgresRestorer.checkRestorable({
        source,
        backupKey: backup.key,
      });
      // Parallel pg_restore of a dump that is not a local file stages it
      // first: refused now when its known size exceeds the budget.
      const staging = engine.staging;
      if (
        format === 'custom' &&
        staging.maxBytes > 0 &&
        !source.localPath?.(backup.key) &&
        backup.sizeBytes &&
        backup.sizeBytes > staging.maxBytes
      ) {
        throw new InputError(
          overBudgetMessage(backup.key, backup.sizeBytes, staging),
        );
      }
    },
    async execute(
      request,
    ): Promise<RestoreExecutionResult<PostgresRestoreOutput>> {
      const { target, source, backup } = request;
      const recovery = readPointInTimeParameters(
        request.parameters.kindParameters,
      );
      if (recovery && target.kind === 'postgres') {
        const recovered = await pointInTime.restore({
          target,
          source,
          backup,
          targetTime: new Date(recovery.targetTime),
          database: recovery.database,
          checks: request.parameters.checks,
          logger: request.logger,
          signal: request.signal,
          phases: request.phases,
        });
        const { kept } = recovered;
        return {
          output: {
            database: recovered.database,
            bytesRead: recovered.bytesMoved + recovered.walBytesFetched,
            checksPassed: recovered.checks.length,
            recoveredTo: recovery.targetTime,
            walFilesFetched: recovered.walFilesFetched,
            // Where the kept cluster is reached, never a password.
            ...(kept
              ? {
                  keptClusterHost: kept.host,
                  keptClusterPort: kept.port,
                  keptClusterDataDirectory: kept.dataDirectory,
                }
              : {}),
          },
        };
      }
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
    async cleanup({ target, logger }) {
      if (target.keepRecoveredCluster) {
        await removeKeptCluster(target, logger);
        return;
      }
      await engine.drop(target);
      logger.info(
        `Dropped the restored database ${target.connection.database}`,
      );
    },
  };
}
