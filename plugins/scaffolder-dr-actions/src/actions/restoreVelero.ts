/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  type BackupSourceRegistry,
  type KubernetesObject,
  type RestoreTargetRegistry,
  VeleroBackupSource,
  hashRestoreParameters,
} from '@dr-suite/backstage-plugin-dr-node';
import type { DrBackendAccess } from '../DrBackendAccess';
import { checksSchema } from './checksSchema';
import { restoreParametersFrom } from './restoreParameters';
import { restoreVeleroExamples } from './restoreVelero.examples';
import { restoreTimings } from './restoreTimings';

const DONE = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'];

function describeProgress(restore: KubernetesObject): string {
  const status = restore.status ?? {};
  const total = status.progress?.totalItems;
  const done = status.progress?.itemsRestored;
  const items = total
    ? ` — ${done ?? 0} of ${total} items (${Math.floor(
        ((done ?? 0) / total) * 100,
      )}%)`
    : '';
  const issues =
    status.warnings || status.errors
      ? `, ${status.warnings ?? 0} warnings, ${status.errors ?? 0} errors`
      : '';
  return `Velero restore ${restore.metadata.name}: ${
    status.phase ?? 'New'
  }${items}${issues}`;
}

/**
 * Creates the `dr:restore:velero` action: claims the approval, creates a
 * Velero Restore that maps the backed-up namespace into the target's, and
 * follows it to completion, reporting progress, warnings and errors.
 * @public
 */
export function createDrRestoreVeleroAction(options: {
  access: DrBackendAccess;
  sources: BackupSourceRegistry;
  targets: RestoreTargetRegistry;
}) {
  const { access, sources, targets } = options;
  return createTemplateAction({
    id: 'dr:restore:velero',
    description:
      'Restores an approved Velero backup into the staging namespace of a restore target',
    examples: restoreVeleroExamples,
    schema: {
      input: {
        approvalId: z => z.string(),
        entityRef: z => z.string(),
        backupId: z => z.string(),
        targetId: z =>
          z.string().describe('A velero target under dr.restoreTargets'),
        scenario: z => z.string(),
        namespace: z =>
          z.string().describe('The backed-up namespace to restore'),
        checks: z => checksSchema(z),
      },
      output: {
        restoreName: z => z.string(),
        phase: z => z.string(),
        warnings: z => z.number(),
        errors: z => z.number(),
        restoreStartedAt: z => z.string(),
        restoreCompletedAt: z => z.string(),
        durationSeconds: z => z.number(),
        backupCompletedAt: z => z.string().nullable(),
        backupAgeSeconds: z => z.number().nullable(),
      },
    },
    async handler(ctx) {
      const parameters = restoreParametersFrom({
        ...ctx.input,
        kind: 'velero',
      });
      const target = targets.resolve(parameters.targetId, {
        kind: 'velero',
        entityRef: parameters.entityRef,
      });
      const source = sources.get(target.sourceId);
      if (!(source instanceof VeleroBackupSource)) {
        throw new Error(
          `Restore target "${target.id}" names "${target.sourceId}", which is not a configured velero source`,
        );
      }
      const result = await ctx.checkpoint({
        key: `dr-restore-velero-${ctx.input.approvalId}`,
        fn: () =>
          access.runApproved(
            {
              approvalId: ctx.input.approvalId,
              parameterHash: hashRestoreParameters(parameters),
              taskId: ctx.task.id,
              logger: ctx.logger,
            },
            async approval => {
              const startedAt = new Date();
              const name = `dr-${approval.id.slice(0, 8)}-${startedAt
                .getTime()
                .toString(36)}`;
              await source.client.createRestore({
                name,
                spec: {
                  backupName: approval.backup.key,
                  includedNamespaces: [ctx.input.namespace],
                  namespaceMapping: { [ctx.input.namespace]: target.namespace },
                  restorePVs: true,
                  existingResourcePolicy: 'none',
                },
                labels: {
                  'app.kubernetes.io/managed-by': 'backstage-dr',
                  'dr.backstage.io/approval': approval.id,
                },
              });
              ctx.logger.info(
                `Created Velero Restore ${name}: ${approval.backup.key}, namespace ${ctx.input.namespace} → ${target.namespace}`,
              );
              let lastLine = '';
              const final = await source.client.followRestore(
                name,
                restore => {
                  const line = describeProgress(restore);
                  if (line !== lastLine) ctx.logger.info((lastLine = line));
                },
                restore => DONE.includes(restore.status?.phase),
                ctx.signal,
              );
              const status = final.status ?? {};
              if (status.phase !== 'Completed') {
                const reasons = [
                  status.failureReason,
                  ...(status.validationErrors ?? []),
                ]
                  .filter(Boolean)
                  .join('; ');
                throw new Error(
                  `Velero restore ${name} ended ${status.phase} with ${
                    status.errors ?? 0
                  } errors and ${status.warnings ?? 0} warnings${
                    reasons ? `: ${reasons}` : ''
                  }`,
                );
              }
              const completedAt = status.completionTimestamp
                ? new Date(status.completionTimestamp)
                : new Date();
              return {
                restoreName: name,
                phase: status.phase as string,
                warnings: Number(status.warnings ?? 0),
                errors: Number(status.errors ?? 0),
                ...restoreTimings(approval, startedAt, completedAt),
              };
            },
          ),
      });
      if (result.warnings)
        ctx.logger.warn(
          `The restore completed with ${result.warnings} warnings; see velero restore describe ${result.restoreName}`,
        );
      for (const [name, value] of Object.entries(result)) {
        ctx.output(name as keyof typeof result, value as never);
      }
    },
  });
}
