/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  type TemplateAction,
  type TemplateExample,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import {
  type BackupSourceRegistry,
  type RestorePhase,
  type RestoreTarget,
  type RestoreTargetRegistry,
  type Restorer,
  hashRestoreParameters,
} from '@dr-suite/backstage-plugin-dr-node';
import type { z } from 'zod';
import type { DrBackendAccess } from '../DrBackendAccess';
import { restoreParametersFrom } from './restoreParameters';
import { type RestoreTimings, restoreTimings } from './restoreTimings';
import { parseActionInput, scaffolderSchema } from './sharedSchema';

/**
 * One output field of a restore action, as `createTemplateAction` takes it:
 * a function of the scaffolder's zod.
 * @public
 */
export type RestoreActionOutputField = (zImpl: any) => any;

/** Records each phase's timings and says in the task log how long it took. */
function phaseRecorder(logger: LoggerService) {
  const phases: RestorePhase[] = [];
  return {
    phases,
    async phase<T>(name: string, run: () => Promise<T>): Promise<T> {
      const startedAt = new Date();
      try {
        return await run();
      } finally {
        const completedAt = new Date();
        const durationSeconds =
          (completedAt.getTime() - startedAt.getTime()) / 1000;
        phases.push({
          name,
          startedAt: startedAt.toISOString(),
          completedAt: completedAt.toISOString(),
          durationSeconds,
        });
        logger.info(`Phase ${name} took ${durationSeconds.toFixed(1)} s`);
      }
    },
  };
}

/**
 * Builds a restore action around a restorer. The action refuses a target
 * outside the allow-list before anything else, claims the approval for
 * exactly its parameters (only the scaffolder may), runs the restore once
 * (`ctx.checkpoint`: a retried task does not restore twice), reports a
 * failure on the approval, and outputs the restorer's facts with the
 * restore's timings (the measured RTO and RPO) and phases.
 * @public
 */
export function createRestoreAction<
  TSchema extends z.ZodType<{ approvalId: string }, z.ZodTypeDef, unknown>,
  TOptions,
  TOutput extends JsonObject,
  TTarget extends RestoreTarget = RestoreTarget,
>(options: {
  id: string;
  description: string;
  examples: TemplateExample[];
  /** The action's input: the approved parameters, the approval and run settings. */
  inputSchema: TSchema;
  /** The restorer's own output fields. */
  output: { [key in keyof TOutput]: RestoreActionOutputField };
  restorer: Restorer<TOptions, TOutput, TTarget>;
  /** Settings of the run the approval does not bind, read from the input. */
  runOptions(input: z.output<TSchema>): TOptions;
  /** Says in the task log what was restored, once the restore is done. */
  summarize?(result: TOutput & RestoreTimings, logger: LoggerService): void;
  access: DrBackendAccess;
  sources: BackupSourceRegistry;
  targets: RestoreTargetRegistry;
}): TemplateAction<any, any, 'v2'> {
  const { id, restorer, access, sources, targets } = options;
  return createTemplateAction({
    id,
    description: options.description,
    examples: options.examples,
    schema: {
      input: scaffolderSchema(options.inputSchema),
      output: {
        ...(options.output as Record<string, RestoreActionOutputField>),
        restoreStartedAt: z => z.string(),
        restoreCompletedAt: z => z.string(),
        durationSeconds: z => z.number(),
        backupCompletedAt: z => z.string().nullable(),
        backupAgeSeconds: z => z.number().nullable(),
        phases: z =>
          z.array(
            z.object({
              name: z.string(),
              startedAt: z.string(),
              completedAt: z.string(),
              durationSeconds: z.number(),
            }),
          ),
      },
    },
    async handler(ctx) {
      const input = parseActionInput(options.inputSchema, ctx.input, id);
      const parameters = restoreParametersFrom(input, restorer.kind);
      // Refuses targets outside the allow-list before the approval is used.
      // A target of this kind was read by this kind's restorer (its
      // parseTarget), so it has the restorer's target type.
      const target = targets.resolve(parameters.targetId, {
        kind: restorer.kind,
        entityRef: parameters.entityRef,
      }) as TTarget;

      const result = await ctx.checkpoint({
        key: `dr-restore-${restorer.kind}-${input.approvalId}`,
        fn: () =>
          access.runApproved(
            {
              approvalId: input.approvalId,
              parameterHash: hashRestoreParameters(parameters),
              taskId: ctx.task.id,
              logger: ctx.logger,
            },
            async approval => {
              const { backup } = approval;
              ctx.logger.info(
                `Approval ${approval.id} by ${approval.decisions
                  .map(d => d.approver)
                  .join(', ')} claimed: restoring ${backup.name} (${
                  backup.sourceId
                }) into ${target.title}`,
              );
              const source = sources.get(backup.sourceId);
              await restorer.validate({ parameters, target, backup, source });
              if (!source) {
                throw new NotFoundError(
                  `No backup source "${backup.sourceId}" is configured under dr.sources`,
                );
              }
              const recorder = phaseRecorder(ctx.logger);
              const startedAt = new Date();
              const restored = await restorer.execute({
                approvalId: approval.id,
                parameters,
                target,
                backup,
                source,
                options: options.runOptions(input),
                phases: recorder,
                logger: ctx.logger,
                signal: ctx.signal,
              });
              return {
                ...restored.output,
                ...restoreTimings(
                  approval,
                  startedAt,
                  restored.completedAt ?? new Date(),
                ),
                phases: recorder.phases,
              };
            },
          ),
      });
      const { phases: _phases, ...facts } = result;
      options.summarize?.(
        facts as unknown as TOutput & RestoreTimings,
        ctx.logger,
      );
      for (const [name, value] of Object.entries(result)) {
        ctx.output(name as never, value as never);
      }
    },
  });
}
