/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type BackupSourceRegistry,
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
}) {
  return createRestoreAction({
    id: 'dr:restore:postgres',
    description:
      'Restores an approved PostgreSQL dump into a fresh database and switches it into place after its checks pass',
    examples: restorePostgresExamples,
    inputSchema: restorePostgresInputSchema,
    output: {
      database: z => z.string(),
      bytesRead: z => z.number(),
      checksPassed: z => z.number(),
    },
    restorer: createPostgresRestorer(
      options.restorer ?? new PostgresRestorer(),
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
