/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { z } from 'zod';

const CLOCK_SKEW_MS = 5 * 60_000;
const TEN_YEARS_S = 10 * 365 * 86400;
/** No DR drill of this suite predates it; older dates are typos or forgeries. */
const EARLIEST_DRILL = '2000-01-01T00:00:00Z';

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The epoch milliseconds of a strict ISO 8601 date-time with a zone, or
 * undefined. Date.parse alone accepts dates without a zone (read as local
 * time) and rolls impossible ones over (February 30 becomes March 2).
 */
function parseInstant(value: string): number | undefined {
  const match = ISO_INSTANT.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, offsetH, offsetM] = match
    .slice(1)
    .map(part => (part === undefined ? 0 : Number(part)));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetH > 23 ||
    offsetM > 59
  ) {
    return undefined;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** What is wrong with a drill date, or undefined when it is usable. */
function instantProblem(value: string): string | undefined {
  const time = parseInstant(value);
  if (time === undefined)
    return 'must be an ISO 8601 date-time with a zone, such as 2026-11-21T10:00:00Z';
  if (time < Date.parse(EARLIEST_DRILL))
    return `must not be before ${EARLIEST_DRILL}`;
  if (time > Date.now() + CLOCK_SKEW_MS) return 'must not be in the future';
  return undefined;
}

const isoTime = z
  .string()
  .max(64)
  .superRefine((value, ctx) => {
    const message = instantProblem(value);
    if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  });

/**
 * Body of `POST /entities/:kind/:namespace/:name/drills`. Dates are strict
 * ISO instants with a zone, not before 2000 and not in the future.
 * @public
 */
export const drillInputSchema = z
  .object({
    scenario: z.string().trim().min(1).max(255),
    startedAt: isoTime,
    completedAt: isoTime,
    outcome: z.enum(['succeeded', 'failed', 'unverified']),
    /** Restore start to verified; defaults to completedAt - startedAt. */
    measuredRtoSeconds: z.number().int().min(0).max(TEN_YEARS_S).optional(),
    /** Age of the backup at the restore point. */
    measuredRpoSeconds: z.number().int().min(0).max(TEN_YEARS_S).optional(),
    backupId: z.string().trim().min(1).max(64).optional(),
    participants: z.array(z.string().trim().min(1).max(255)).max(50).optional(),
    notes: z.string().max(10_000).optional(),
    /** What proves the drill happened; manual drills need it or notes. */
    evidenceUrl: z
      .string()
      .trim()
      .max(2048)
      .url()
      .refine(value => /^https?:\/\//i.test(value), {
        message: 'must be an http or https URL',
      })
      .optional(),
    actionItems: z
      .array(
        z.union([
          z.string().trim().min(1).max(500),
          z
            .object({
              title: z.string().trim().min(1).max(500),
              owner: z.string().trim().max(255).optional(),
              done: z.boolean().optional(),
            })
            .strict(),
        ]),
      )
      .max(100)
      .optional(),
    /** The restore's timed phases, as the restore actions output them. */
    phases: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(100),
            startedAt: isoTime,
            completedAt: isoTime,
            durationSeconds: z.number().min(0).max(TEN_YEARS_S),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    /** The verification checks and their results (`dr:verify`'s `results`). */
    checks: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(200),
            type: z.string().trim().min(1).max(50),
            passed: z.boolean(),
            detail: z.string().max(2000),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    /** Set by the restore actions to link the drill to its approval and task. */
    approvalId: z.string().trim().min(1).max(36).optional(),
    taskId: z.string().trim().min(1).max(255).optional(),
  })
  .strict()
  .superRefine((drill, ctx) => {
    // Compare only usable dates; each bad one is already reported.
    if (instantProblem(drill.startedAt) || instantProblem(drill.completedAt))
      return;
    const started = Date.parse(drill.startedAt);
    const completed = Date.parse(drill.completedAt);
    if (completed < started) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['completedAt'],
        message: 'is before startedAt',
      });
    } else if (completed - started > TEN_YEARS_S * 1000) {
      // The measured RTO defaults to this duration: bound it like an explicit one.
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['completedAt'],
        message: 'is more than 10 years after startedAt',
      });
    }
  });

/**
 * Body of `POST /entities/:kind/:namespace/:name/drills/:id/void`.
 * @public
 */
export const drillVoidSchema = z
  .object({
    /** Why the drill must no longer count. */
    reason: z.string().trim().min(1).max(1000),
  })
  .strict();
