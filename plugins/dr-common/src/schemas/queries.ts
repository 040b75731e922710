/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { z } from 'zod';
import { limitParam, repeatedParam } from './queryParams';

/**
 * Query of the cursor-paged lists (`GET .../drills`).
 * @public
 */
export const pageQuerySchema = z
  .object({
    limit: limitParam(500, 50),
    /** The `nextCursor` of the previous page. */
    cursor: z.string().max(1000).optional(),
  })
  .strict();

/**
 * Query of `GET /entities/:kind/:namespace/:name/backups`.
 * @public
 */
export const backupListQuerySchema = pageQuerySchema.extend({
  /** Only backups with these statuses, e.g. `succeeded` for a restore picker. */
  status: repeatedParam(
    z.enum(['succeeded', 'partially-failed', 'failed', 'in-progress']),
    50,
  ),
  /** Only backups of these types, e.g. full dumps without WAL segments. */
  type: repeatedParam(z.enum(['full', 'incremental', 'wal', 'snapshot']), 50),
  /** `true`: only backups a verified restore proved restorable. */
  verified: z.enum(['true', 'false']).optional(),
});

/**
 * Query of `GET /entities/:kind/:namespace/:name/backups/timeline`.
 * @public
 */
export const backupTimelineQuerySchema = z
  .object({ days: z.coerce.number().int().min(1).max(366).default(30) })
  .strict();

/**
 * Query of `GET /audit`: filters, sorting, paging and the format.
 * @public
 */
export const auditQuerySchema = z
  .object({
    owner: repeatedParam(z.string().max(255), 50),
    kind: repeatedParam(z.string().max(64), 50),
    tier: repeatedParam(z.string().max(255), 50),
    overall: repeatedParam(z.enum(['ok', 'at-risk', 'breach', 'none']), 50),
    /** Case-insensitive match on name or title. */
    search: z.string().max(255).optional(),
    orderBy: z
      .enum(['entity', 'owner', 'tier', 'overall', 'rpo', 'rto', 'lastDrill'])
      .optional(),
    order: z.enum(['asc', 'desc']).optional(),
    limit: limitParam(1000, 50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

/**
 * Body of `POST /refresh`: one source, the sources of one entity, or all.
 * @public
 */
export const refreshRequestSchema = z
  .object({
    sourceId: z.string().min(1).max(255).optional(),
    entityRef: z.string().min(1).max(512).optional(),
    full: z.boolean().optional(),
  })
  .strict();

/**
 * Query of `GET /drills/ledger`: completion time range (`from` inclusive,
 * `to` exclusive, ISO 8601 with a zone), entities, owners, tiers and drill kinds
 * (`manual`, `restore`, `restore-test`), and the format.
 * @public
 */
export const drillLedgerQuerySchema = z
  .object({
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
    entityRef: repeatedParam(z.string().min(1).max(512), 100),
    owner: repeatedParam(z.string().min(1).max(255), 50),
    tier: repeatedParam(z.string().min(1).max(255), 50),
    kind: repeatedParam(
      z
        .string()
        .regex(
          /^[a-z][a-z0-9-]{0,31}$/,
          'must be a drill kind such as manual, restore or restore-test',
        ),
      10,
    ),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['to'],
        message: 'is before from',
      });
    }
  });
