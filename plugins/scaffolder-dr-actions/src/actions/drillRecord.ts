/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { stringifyError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { formatDuration } from '@dr-suite/backstage-plugin-dr-common';
import type { DrBackendAccess } from '../DrBackendAccess';
import { drillRecordExamples } from './drillRecord.examples';

/**
 * Creates the `dr:drill:record` action: records the restore as a DR drill
 * with its measured RTO (restore start to verified) and RPO (age of the
 * backup at the restore point), reports the outcome on the approval, which
 * tells the requester, and outputs how the entity now stands.
 * @public
 */
export function createDrDrillRecordAction(options: {
  access: DrBackendAccess;
}) {
  const { access } = options;
  return createTemplateAction({
    id: 'dr:drill:record',
    description:
      'Records a restore as a DR drill with its measured RTO and RPO against the entity’s targets',
    examples: drillRecordExamples,
    schema: {
      input: {
        entityRef: z => z.string(),
        scenario: z => z.string(),
        restoreStartedAt: z =>
          z.string().describe('When the restore started (ISO 8601)'),
        verifiedAt: z =>
          z
            .string()
            .optional()
            .describe('When the restore was verified; default now'),
        backupId: z => z.string().optional(),
        backupCompletedAt: z =>
          z
            .string()
            .nullable()
            .optional()
            .describe('When the restored backup was taken'),
        outcome: z => z.enum(['succeeded', 'failed']).default('succeeded'),
        approvalId: z =>
          z.string().optional().describe('The approval the restore ran under'),
        participants: z =>
          z
            .array(z.string())
            .optional()
            .describe('Default: the requester and approvers'),
        notes: z => z.string().optional(),
        actionItems: z => z.array(z.string()).optional(),
      },
      output: {
        drillId: z => z.string(),
        measuredRtoSeconds: z => z.number(),
        measuredRpoSeconds: z => z.number().nullable(),
        rtoStatus: z => z.string(),
        rpoStatus: z => z.string(),
        overall: z => z.string(),
      },
    },
    async handler(ctx) {
      // The scaffolder checks inputs against the schema but does not fill in defaults.
      const input = { ...ctx.input, outcome: ctx.input.outcome ?? 'succeeded' };
      const started = Date.parse(input.restoreStartedAt);
      const verified = input.verifiedAt
        ? Date.parse(input.verifiedAt)
        : Date.now();
      if (
        Number.isNaN(started) ||
        Number.isNaN(verified) ||
        verified < started
      ) {
        throw new Error(
          `restoreStartedAt and verifiedAt must be ISO times with verifiedAt after restoreStartedAt`,
        );
      }
      const backupTime = input.backupCompletedAt
        ? Date.parse(input.backupCompletedAt)
        : NaN;
      const measuredRtoSeconds = Math.round((verified - started) / 1000);
      const measuredRpoSeconds = Number.isNaN(backupTime)
        ? null
        : Math.max(0, Math.round((started - backupTime) / 1000));

      const drill = await ctx.checkpoint({
        key: `dr-drill-record-${input.approvalId ?? ctx.task.id}-${
          ctx.step?.id ?? 'drill'
        }`,
        fn: async () => {
          const token = await access.executorToken();
          let participants = input.participants;
          if (!participants && input.approvalId) {
            const approval = await access.api.getApproval(input.approvalId, {
              token,
            });
            participants = [
              approval.requester,
              ...approval.decisions.map(d => d.approver),
            ];
          }
          const record = await access.api.recordDrill(
            input.entityRef,
            {
              scenario: input.scenario,
              startedAt: new Date(started).toISOString(),
              completedAt: new Date(verified).toISOString(),
              outcome: input.outcome,
              measuredRtoSeconds,
              ...(measuredRpoSeconds === null ? {} : { measuredRpoSeconds }),
              backupId: input.backupId,
              participants: participants ?? [],
              notes: input.notes,
              actionItems: input.actionItems,
              approvalId: input.approvalId,
              taskId: ctx.task.id,
            },
            { token },
          );
          if (input.approvalId) {
            await access.api
              .reportApprovalOutcome(
                input.approvalId,
                {
                  outcome: input.outcome,
                  message: `Restored and verified in ${formatDuration(
                    measuredRtoSeconds,
                  )}${
                    measuredRpoSeconds === null
                      ? ''
                      : ` from a backup ${formatDuration(
                          measuredRpoSeconds,
                        )} old`
                  }`,
                  drillId: record.id,
                },
                { token },
              )
              .catch(error =>
                ctx.logger.warn(
                  `Could not report the outcome on the approval: ${stringifyError(
                    error,
                  )}`,
                ),
              );
          }
          return { id: record.id };
        },
      });

      const token = await access.executorToken();
      const posture = await access.api.getPosture(input.entityRef, { token });
      ctx.logger.info(
        `Drill ${drill.id}: RTO ${formatDuration(measuredRtoSeconds)} (target ${
          posture.rto.targetSeconds === null
            ? 'none'
            : formatDuration(posture.rto.targetSeconds)
        }, ${posture.rto.status}), RPO ${
          measuredRpoSeconds === null
            ? 'unknown'
            : formatDuration(measuredRpoSeconds)
        }; ${input.entityRef} is now ${posture.overall}`,
      );
      ctx.output('drillId', drill.id);
      ctx.output('measuredRtoSeconds', measuredRtoSeconds);
      ctx.output('measuredRpoSeconds', measuredRpoSeconds);
      ctx.output('rtoStatus', posture.rto.status);
      ctx.output('rpoStatus', posture.rpo.status);
      ctx.output('overall', posture.overall);
    },
  });
}
