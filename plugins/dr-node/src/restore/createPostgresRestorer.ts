/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import { isReadableBackupSource } from '../sources/types';
import type { Restorer } from './Restorer';
import { PostgresRestorer } from './PostgresRestorer';

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
): Restorer<{ jobs: number }, PostgresRestoreOutput> {
  return {
    kind: 'postgres',
    validate({ backup, source }) {
      if (!source || !isReadableBackupSource(source)) {
        throw new InputError(
          `Backups of source "${backup.sourceId}" cannot be restored with pg_restore or psql`,
        );
      }
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
