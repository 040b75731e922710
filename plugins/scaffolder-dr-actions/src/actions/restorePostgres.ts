/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type BackupSourceRegistry,
  type RestoreTargetRegistry,
  hashRestoreParameters,
} from '@dr-suite/backstage-plugin-dr-node';
import type { DrBackendAccess } from '../DrBackendAccess';
import { PostgresRestorer } from '../restore/PostgresRestorer';
import { checksSchema } from './checksSchema';
import { restoreParametersFrom } from './restoreParameters';
import { restorePostgresExamples } from './restorePostgres.examples';
import { restoreTimings } from './restoreTimings';

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
  config: Config;
  restorer?: PostgresRestorer;
}) {
  const { access, sources, targets, config } = options;
  const restorer = options.restorer ?? new PostgresRestorer();
  return createTemplateAction({
    id: 'dr:restore:postgres',
    description:
      'Restores an approved PostgreSQL dump into a fresh database and switches it into place after its checks pass',
    examples: restorePostgresExamples,
    schema: {
      input: {
        approvalId: z => z.string().describe('The approved restore request'),
        entityRef: z => z.string(),
        backupId: z => z.string(),
        targetId: z =>
          z.string().describe('A postgres target under dr.restoreTargets'),
        scenario: z => z.string(),
        checks: z =>
          checksSchema(z).describe(
            'Must equal the approved checks; SQL checks gate the switch',
          ),
        jobs: z =>
          z
            .number()
            .int()
            .min(1)
            .max(16)
            .default(4)
            .describe('pg_restore jobs for local custom-format dumps'),
      },
      output: {
        database: z => z.string(),
        restoreStartedAt: z => z.string(),
        restoreCompletedAt: z => z.string(),
        durationSeconds: z => z.number(),
        bytesRead: z => z.number(),
        backupCompletedAt: z => z.string().nullable(),
        backupAgeSeconds: z => z.number().nullable(),
        checksPassed: z => z.number(),
      },
    },
    async handler(ctx) {
      const parameters = restoreParametersFrom({
        ...ctx.input,
        kind: 'postgres',
      });
      // Refuses targets outside the allow-list before the approval is used.
      const target = targets.resolve(parameters.targetId, {
        kind: 'postgres',
        entityRef: parameters.entityRef,
      });

      const result = await ctx.checkpoint({
        key: `dr-restore-postgres-${ctx.input.approvalId}`,
        fn: () =>
          access.runApproved(
            {
              approvalId: ctx.input.approvalId,
              parameterHash: hashRestoreParameters(parameters),
              taskId: ctx.task.id,
              logger: ctx.logger,
            },
            async approval => {
              ctx.logger.info(
                `Approval ${approval.id} by ${approval.decisions
                  .map(d => d.approver)
                  .join(', ')} claimed: restoring ${approval.backup.name} (${
                  approval.backup.sourceId
                }) into ${target.title}`,
              );
              const startedAt = new Date();
              const restored = await restorer.restore({
                target,
                source: sources.getReadable(approval.backup.sourceId),
                backupKey: approval.backup.key,
                backupSizeBytes: approval.backup.sizeBytes,
                encryptionKey: config.getOptionalString(
                  `dr.sources.${approval.backup.sourceId}.encryptionKey`,
                ),
                jobs: ctx.input.jobs ?? 4,
                checks: parameters.checks,
                logger: ctx.logger,
                signal: ctx.signal,
              });
              return {
                database: restored.database,
                ...restoreTimings(approval, startedAt, new Date()),
                bytesRead: restored.bytesRead,
                checksPassed: restored.checks.length,
              };
            },
          ),
      });
      ctx.logger.info(
        `Restored ${result.database} in ${result.durationSeconds.toFixed(
          1,
        )} s from a backup ${result.backupAgeSeconds ?? '?'} s old`,
      );
      for (const [name, value] of Object.entries(result)) {
        ctx.output(name as keyof typeof result, value as never);
      }
    },
  });
}
