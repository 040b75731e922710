/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { formatDuration } from '@dr-suite/backstage-plugin-dr-common';
import { CronTime } from 'cron';

/** Enough occurrences to span a weekend or a month of most expressions. */
const CRON_SAMPLES = 100;
/** ...or a year, for expressions that run a few times a year. */
const CRON_SPAN_MS = 366 * 86_400_000;
/** Read often (each posture read of an entity with a cron plan); computed once. */
const cronGaps = new Map<string, { narrowestMs: number; widestMs: number }>();
/** Fixed, so the same expression always gives the same interval. */
const CRON_REFERENCE = Date.UTC(2025, 0, 1);

/**
 * The longest two runs of a schedule may be apart: the frequency itself,
 * or for a cron expression the widest gap between consecutive occurrences
 * (a weekday-only cron is judged by its weekend); null for a manual-only
 * schedule, which is never overdue.
 * @internal
 */
export function expectedIntervalMs(
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'],
): number | null {
  if ('trigger' in frequency) return null;
  if ('cron' in frequency) return cronGapsMs(frequency.cron).widestMs;
  if ('milliseconds' in frequency && Object.keys(frequency).length === 1) {
    return Number(frequency.milliseconds);
  }
  throw new Error('a schedule frequency is read into milliseconds first');
}

/**
 * The narrowest and widest gaps between consecutive occurrences of a cron
 * expression (in UTC, as the Backstage scheduler runs it).
 * @throws Error when the expression is not a valid cron expression
 */
export function cronGapsMs(expression: string): {
  narrowestMs: number;
  widestMs: number;
} {
  const known = cronGaps.get(expression);
  if (known) return known;
  const cron = new CronTime(expression, 'UTC');
  const first = cron.getNextDateFrom(new Date(CRON_REFERENCE), 'UTC');
  let previous = first;
  let narrowestMs = Infinity;
  let widestMs = 0;
  for (
    let i = 0;
    i < CRON_SAMPLES && previous.toMillis() - first.toMillis() < CRON_SPAN_MS;
    i++
  ) {
    const next = cron.getNextDateFrom(previous, 'UTC');
    const gap = next.toMillis() - previous.toMillis();
    narrowestMs = Math.min(narrowestMs, gap);
    widestMs = Math.max(widestMs, gap);
    previous = next;
  }
  if (cronGaps.size > 1000) cronGaps.clear();
  cronGaps.set(expression, { narrowestMs, widestMs });
  return { narrowestMs, widestMs };
}

/** The schedule as people read it: every 7 d, cron 0 3 * * 1, manual. */
export function describeSchedule(
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'],
): string {
  if ('trigger' in frequency) return 'manual';
  if ('cron' in frequency) return `cron ${frequency.cron}`;
  const ms = expectedIntervalMs(frequency);
  return `every ${formatDuration((ms ?? 0) / 1000)}`;
}
