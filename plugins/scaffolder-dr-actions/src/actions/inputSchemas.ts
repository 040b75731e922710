/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  approvalRequestSchema,
  restoreParametersSchema,
  verifyChecksSchema,
} from '@dr-suite/backstage-plugin-dr-common';
import { z } from 'zod';

// The actions' inputs, built from the shared schemas of the DR API
// (dr-common): a restore action's input hashes exactly like the parameters
// the API approved, and what the API refuses the actions refuse too.

/**
 * Input of `dr:approval:request`: the restore parameters and the request's
 * reason and ticket, exactly as `POST /approvals` takes them, flattened, with
 * the template defaults for kind and scenario.
 * @internal
 */
export const approvalRequestInputSchema = restoreParametersSchema.extend({
  kind: restoreParametersSchema.shape.kind.default('postgres'),
  scenario: restoreParametersSchema.shape.scenario.default('restore-test'),
  reason: approvalRequestSchema.shape.reason,
  ticket: approvalRequestSchema.shape.ticket,
});

/**
 * Input of `dr:verify`: the checks exactly as a restore approval binds them.
 * @internal
 */
export const verifyInputSchema = z
  .object({
    checks: verifyChecksSchema,
    targetId: z
      .string()
      .optional()
      .describe('Postgres restore target whose database SQL checks query'),
    entityRef: z
      .string()
      .optional()
      .describe('Only used to check the target accepts this entity'),
    failOnError: z
      .boolean()
      .default(true)
      .describe('Fail the step when a check fails'),
  })
  .strict();

/**
 * Input of `dr:restore:postgres`: the approved restore parameters as the
 * DR API parsed them (any difference voids the approval), the approval and
 * pg_restore's parallelism.
 * @internal
 */
export const restorePostgresInputSchema = restoreParametersSchema
  .omit({ kind: true, namespace: true })
  .extend({
    approvalId: z.string().min(1).describe('The approved restore request'),
    targetId: restoreParametersSchema.shape.targetId.describe(
      'A postgres target under dr.restoreTargets',
    ),
    checks: restoreParametersSchema.shape.checks.describe(
      'Must equal the approved checks; SQL checks gate the switch',
    ),
    jobs: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(4)
      .describe(
        'pg_restore jobs for custom-format dumps (a dump that is not a local file is staged first, within dr.restore.staging)',
      ),
  });

/**
 * Input of `dr:restore:velero`: the approved restore parameters as the DR
 * API parsed them (any difference voids the approval) and the approval.
 * @internal
 */
export const restoreVeleroInputSchema = restoreParametersSchema
  .omit({ kind: true })
  .extend({
    approvalId: z.string().min(1).describe('The approved restore request'),
    targetId: restoreParametersSchema.shape.targetId.describe(
      'A velero target under dr.restoreTargets',
    ),
    namespace: restoreParametersSchema.shape.namespace
      .unwrap()
      .describe('The backed-up namespace to restore'),
  });
