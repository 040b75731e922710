/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type BackupSourceRegistry,
  type PointInTimeRecoverySettings,
  PostgresRestorer,
  type RestoreTargetRegistry,
  createPostgresRestorer,
} from '@dr-suite/backstage-plugin-dr-node';
import type { DrBackendAccess } from '../DrBackendAccess';
import { createRestoreAction } from './createRestoreAction';
import { restorePostgresInputSchema } from './inputSchemas';
import { restorePostgresExamples } from './restorePostgres.examples';

/**
 * Creates the `dr:restore:postgres` action: claims the approval (valid,
 * unexpired, unused, same parameters) before touching anything, then
 * restores the approved dump into a fresh database and switches it into
 * place once its checks pass. A retried task does not restore twice.
 * @public
 */
export function createDrRestorePostgresAction(options: {
  access: DrBackendAccess;
  sources: BackupSourceRegistry;
  targets: RestoreTargetRegistry;
  restorer?: PostgresRestorer;
  /** Where point-in-time recovery's scratch clusters come from (`dr.pointInTimeRecovery`). */
  pointInTime?: PointInTimeRecoverySettings;
}) {
  return createRestoreAction({
    id: 'dr:restore:postgres',
    description:
      'Restores an approved PostgreSQL dump, or recovers a base backup and its WAL to the approved point in time, into a fresh database and switches it into place after its checks pass',
    examples: restorePostgresExamples,
    inputSchema: restorePostgresInputSchema,
    output: {
      database: z => z.string(),
      bytesRead: z => z.number(),
      checksPassed: z => z.number(),
      recoveredTo: z =>
        z
          .string()
          .optional()
          .describe('Point-in-time restores: the instant recovered to'),
      walFilesFetched: z =>
        z
          .number()
          .optional()
          .describe(
            'Point-in-time restores: WAL files fetched from the source',
          ),
      keptClusterHost: z =>
        z
          .string()
          .optional()
          .describe(
            'Keep-cluster targets: the address the recovered cluster listens on',
          ),
      keptClusterPort: z =>
        z
          .number()
          .optional()
          .describe('Keep-cluster targets: the port of the recovered cluster'),
      keptClusterDataDirectory: z =>
        z
          .string()
          .optional()
          .describe(
            'Keep-cluster targets: the data directory of the recovered cluster',
          ),
    },
    restorer: createPostgresRestorer(
      options.restorer ?? new PostgresRestorer(),
      { pointInTime: options.pointInTime },
    ),
    runOptions: input => ({ jobs: input.jobs }),
    summarize: (result, logger) =>
      logger.info(
        `Restored ${result.database} in ${result.durationSeconds.toFixed(
          1,
        )} s from a backup ${result.backupAgeSeconds ?? '?'} s old`,
      ),
    access: options.access,
    sources: options.sources,
    targets: options.targets,
  });
}
