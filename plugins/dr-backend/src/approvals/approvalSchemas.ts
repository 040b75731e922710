/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { z } from 'zod';

const name = z.string().trim().min(1).max(200).optional();

/** A check run after a restore, as `dr:verify` takes it. */
export const verifyCheckSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('sql'),
      name,
      query: z.string().trim().min(1).max(10_000),
      expect: z
        .union([z.string(), z.number(), z.boolean(), z.null()])
        .optional(),
      minRows: z.number().int().min(0).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('http'),
      name,
      url: z.string().url().max(2000),
      expectStatus: z.number().int().min(100).max(599).optional(),
      contains: z.string().max(1000).optional(),
    })
    .strict(),
]);

/** The exact restore an approval covers. */
export const restoreParametersSchema = z
  .object({
    kind: z.enum(['postgres', 'velero']),
    entityRef: z.string().trim().min(1).max(512),
    backupId: z.string().trim().min(1).max(64),
    targetId: z.string().trim().min(1).max(255),
    scenario: z.string().trim().min(1).max(255),
    checks: z.array(verifyCheckSchema).max(50).default([]),
    namespace: z
      .string()
      .regex(
        /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
        'must be a Kubernetes namespace name',
      )
      .optional(),
  })
  .strict();

export const approvalRequestSchema = z
  .object({
    parameters: restoreParametersSchema,
    reason: z.string().trim().min(3).max(2000),
    ticket: z.string().trim().min(1).max(255).optional(),
  })
  .strict();

export const approvalDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();

export const approvalClaimSchema = z
  .object({
    parameterHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
    taskId: z.string().min(1).max(255).optional(),
  })
  .strict();

export const approvalOutcomeSchema = z
  .object({
    outcome: z.enum(['succeeded', 'failed']),
    message: z.string().max(4000).optional(),
    drillId: z.string().max(36).optional(),
  })
  .strict();

const status = z.enum([
  'pending',
  'approved',
  'rejected',
  'expired',
  'executed',
]);
export const approvalListSchema = z
  .object({
    status: z.preprocess(
      v => (v === undefined ? undefined : [v].flat()),
      z.array(status).max(5).optional(),
    ),
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
