/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { stringifyError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatDuration,
  type DrillOutcome,
} from '@dr-suite/backstage-plugin-dr-common';
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
        verified: z =>
          z
            .boolean()
            .optional()
            .describe(
              'dr:verify output `verified`; false records a succeeded restore as an unverified drill',
            ),
        approvalId: z =>
          z.string().optional().describe('The approval the restore ran under'),
        participants: z =>
          z
            .array(z.string())
            .optional()
            .describe('Default: the requester and approvers'),
        notes: z => z.string().optional(),
        actionItems: z => z.array(z.string()).optional(),
        phases: z =>
          z
            .array(
              z.object({
                name: z.string(),
                startedAt: z.string(),
                completedAt: z.string(),
                durationSeconds: z.number(),
              }),
            )
            .optional()
            .describe("The restore step's `phases` output"),
        checks: z =>
          z
            .array(
              z.object({
                name: z.string(),
                type: z.string(),
                passed: z.boolean(),
                detail: z.string(),
              }),
            )
            .optional()
            .describe("dr:verify's `results` output"),
      },
      output: {
        drillId: z => z.string(),
        measuredRtoSeconds: z => z.number(),
        measuredRpoSeconds: z => z.number().nullable(),
        rtoStatus: z => z.string(),
        rpoStatus: z => z.string(),
        overall: z => z.string(),
        outcome: z => z.string(),
        summary: z =>
          z
            .string()
            .describe('The outcome in words, with human durations and misses'),
      },
    },
    async handler(ctx) {
      // The scaffolder checks inputs against the schema but does not fill in defaults.
      const requested = ctx.input.outcome ?? 'succeeded';
      // A restore no check verified proves nothing about the data.
      const outcome: DrillOutcome =
        requested === 'succeeded' && ctx.input.verified === false
          ? 'unverified'
          : requested;
      const input = { ...ctx.input, outcome };
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
              // A template's conditional note renders empty when it does not apply.
              notes: input.notes?.trim() ? input.notes : undefined,
              actionItems: input.actionItems,
              phases: input.phases?.length ? input.phases : undefined,
              checks: input.checks?.length ? input.checks : undefined,
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
                  // The restore itself succeeded, verified or not.
                  outcome: input.outcome === 'failed' ? 'failed' : 'succeeded',
                  message:
                    input.outcome === 'unverified'
                      ? `Restored, not verified: no checks were configured (restore took ${formatDuration(
                          measuredRtoSeconds,
                        )})`
                      : `Restored and verified in ${formatDuration(
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
      ctx.output('outcome', input.outcome);
      ctx.output(
        'summary',
        drillSummary({
          outcome: input.outcome,
          measuredRtoSeconds,
          measuredRpoSeconds,
          rto: { targetSeconds: posture.rto.targetSeconds ?? null },
          rpoTargetSeconds: posture.rpo.targetSeconds ?? null,
        }),
      );
      ctx.output('measuredRtoSeconds', measuredRtoSeconds);
      ctx.output('measuredRpoSeconds', measuredRpoSeconds);
      ctx.output('rtoStatus', posture.rto.status);
      ctx.output('rpoStatus', posture.rpo.status);
      ctx.output('overall', posture.overall);
    },
  });
}

/** One measured value against its target, flagging a miss. */
function againstTarget(seconds: number, targetSeconds: number | null): string {
  if (targetSeconds === null) return formatDuration(seconds);
  return seconds > targetSeconds
    ? `${formatDuration(seconds)}, over the ${formatDuration(
        targetSeconds,
      )} target`
    : `${formatDuration(seconds)}, within the ${formatDuration(
        targetSeconds,
      )} target`;
}

/**
 * The task page's summary of a recorded restore, in human durations, e.g.
 * `Restored and verified. RTO 1 s, within the 30 min target; RPO 2 h 18 min,
 * over the 15 min target.`
 * @internal
 */
export function drillSummary(options: {
  outcome: DrillOutcome;
  measuredRtoSeconds: number;
  measuredRpoSeconds: number | null;
  rto: { targetSeconds: number | null };
  rpoTargetSeconds: number | null;
}): string {
  const heading = {
    succeeded: 'Restored and verified.',
    failed: 'The restore failed its checks.',
    unverified: 'Restored, not verified: no checks were configured.',
  }[options.outcome];
  // An unverified restore measured no RTO: say how long it took, judge nothing.
  const rto =
    options.outcome === 'unverified'
      ? `Restore took ${formatDuration(options.measuredRtoSeconds)}`
      : `RTO ${againstTarget(
          options.measuredRtoSeconds,
          options.rto.targetSeconds,
        )}`;
  const rpo =
    options.measuredRpoSeconds === null
      ? 'RPO unknown'
      : `RPO ${againstTarget(
          options.measuredRpoSeconds,
          options.rpoTargetSeconds,
        )}`;
  return `${heading} ${rto}; ${rpo}.`;
}
