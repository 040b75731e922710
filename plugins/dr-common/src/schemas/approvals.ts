/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { z } from 'zod';
import { repeatedParam } from './queryParams';
import { restoreKindSchema, restoreParametersSchema } from './restore';

/**
 * Body of `POST /approvals`.
 * @public
 */
export const approvalRequestSchema = z
  .object({
    parameters: restoreParametersSchema,
    reason: z
      .string()
      .trim()
      .min(3)
      .max(2000)
      .describe('Why, shown to approvers'),
    ticket: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .optional()
      .describe('Change or incident ticket'),
  })
  .strict();

/**
 * Body of `POST /approvals/:id/decision`.
 * @public
 */
export const approvalDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();

/**
 * Body of `POST /approvals/:id/claim`, sent by a restore action before it starts.
 * @public
 */
export const approvalClaimSchema = z
  .object({
    parameterHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
    taskId: z.string().min(1).max(255).optional(),
  })
  .strict();

/**
 * Body of `POST /approvals/:id/outcome`, sent by a restore action when it ends.
 * @public
 */
export const approvalOutcomeSchema = z
  .object({
    outcome: z.enum(['succeeded', 'failed']),
    message: z.string().max(4000).optional(),
    drillId: z.string().max(36).optional(),
  })
  .strict();

/**
 * Lifecycle of a restore approval.
 * @public
 */
export const approvalStatusSchema = z.enum([
  'pending',
  'approved',
  'rejected',
  'expired',
  'executed',
]);

/**
 * Query of `GET /approvals`.
 * @public
 */
export const approvalListQuerySchema = z
  .object({
    status: repeatedParam(approvalStatusSchema, 5),
    /** `decide`: waiting for the caller's decision; `requested`: filed by the caller. */
    view: z.enum(['decide', 'requested', 'all']).default('all'),
    entityRef: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The `nextCursor` of the previous page. */
    cursor: z.string().min(1).max(1000).optional(),
    /** Older clients page by offset; still done by the database. */
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict()
  .refine(query => !(query.cursor && query.offset), {
    message: 'cannot be combined with cursor; page with cursor only',
    path: ['offset'],
  });

/**
 * Query of `GET /restore-options`: the targets that accept an entity's
 * restores and, for one target, whether each backup can restore into it.
 * @public
 */
export const restoreOptionsQuerySchema = z
  .object({
    entityRef: z.string().min(1).max(512),
    kind: restoreKindSchema.default('postgres'),
    targetId: z.string().min(1).max(200).optional(),
    /** The backups to judge against `targetId` (a page of a picker). */
    backupId: repeatedParam(z.string().min(1).max(200), 100),
  })
  .strict();
