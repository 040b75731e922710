/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type PlanRestoreTest,
  verifyChecksSchema,
} from '@dr-suite/backstage-plugin-dr-common';
import { cronGapsMs } from '../restoreTests/scheduleInterval';
import {
  type PlanProblemReporter,
  listOf,
  mappingOf,
  readPlanDuration,
  reportUnknownKeysOf,
} from './planV1alpha2';

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const KEYS = [
  'name',
  'schedule',
  'backup',
  'target',
  'scenario',
  'checks',
  'timeout',
  'cleanup',
];
const PICKS = ['latest', 'random-within-window', 'point-in-time'] as const;
/** A plan's own tests restore at most hourly: each run is a whole restore. */
const MIN_INTERVAL_SECONDS = 3600;
const WEEK_SECONDS = 7 * 86400;

function mapping(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** `schedule`: `{ frequency: 7d }`, `{ cron: '0 3 * * 1' }` or `manual`. */
function readSchedule(
  value: unknown,
  field: string,
  report: PlanProblemReporter,
): PlanRestoreTest['schedule'] | null {
  if (value === undefined || value === null) {
    return { frequencySeconds: WEEK_SECONDS };
  }
  if (value === 'manual') return { manual: true };
  const own = mapping(value);
  const usage = `${field} must be { frequency: 7d }, { cron: '0 3 * * 1' } or manual`;
  if (!own || Object.keys(own).length !== 1) {
    report(`${usage}.`, field);
    return null;
  }
  if ('trigger' in own && own.trigger === 'manual') return { manual: true };
  if (typeof own.cron === 'string') {
    let gaps;
    try {
      gaps = cronGapsMs(own.cron.trim());
    } catch (error) {
      report(
        `${field}.cron "${own.cron.slice(0, 100)}" is not a cron expression: ${
          (error as Error).message
        }`,
        `${field}.cron`,
      );
      return null;
    }
    if (gaps.narrowestMs < MIN_INTERVAL_SECONDS * 1000) {
      report(
        `${field}.cron "${own.cron}" runs more often than hourly; a restore test of a plan runs at most once an hour.`,
        `${field}.cron`,
      );
      return null;
    }
    return { cron: own.cron.trim() };
  }
  if ('frequency' in own) {
    const seconds = readPlanDuration(
      own.frequency,
      `${field}.frequency`,
      report,
    );
    if (seconds === null) return null;
    if (seconds < MIN_INTERVAL_SECONDS) {
      report(
        `${field}.frequency is ${own.frequency}; a restore test of a plan runs at most once an hour.`,
        `${field}.frequency`,
      );
      return null;
    }
    return { frequencySeconds: seconds };
  }
  report(`${usage}.`, field);
  return null;
}

/** `backup`: `{ pick: latest }` (default) or a pick with its `window`. */
function readBackup(
  value: unknown,
  field: string,
  report: PlanProblemReporter,
): PlanRestoreTest['backup'] | null {
  if (value === undefined || value === null) return { pick: 'latest' };
  const own = mapping(value);
  if (!own) {
    report(
      `${field} must be a mapping such as { pick: random-within-window, window: 7d }.`,
      field,
    );
    return null;
  }
  reportUnknownKeysOf(own, ['pick', 'window'], field, report);
  const pick = own.pick ?? 'latest';
  if (!PICKS.includes(pick as (typeof PICKS)[number])) {
    report(
      `${field}.pick is ${PICKS.join(', ')}, not "${String(pick).slice(
        0,
        100,
      )}".`,
      `${field}.pick`,
    );
    return null;
  }
  if (pick === 'latest') return { pick };
  const windowSeconds = readPlanDuration(own.window, `${field}.window`, report);
  if (windowSeconds === null) {
    report(
      `${field}.window (such as 7d) is needed with pick: ${pick}.`,
      `${field}.window`,
    );
    return null;
  }
  return {
    pick: pick as 'random-within-window' | 'point-in-time',
    windowSeconds,
  };
}

/**
 * `spec.restoreTests` (v1alpha2): the entity's own restore tests. A test
 * that cannot run as written (no name or target, a bad schedule, backup
 * choice or check) is reported and left out; whether its target is a
 * sandbox that accepts the entity is judged against `dr.restoreTargets`
 * when it is scheduled, not here.
 */
export function readPlanRestoreTests(
  value: unknown,
  report: PlanProblemReporter,
): PlanRestoreTest[] {
  const tests: PlanRestoreTest[] = [];
  listOf(value, 'spec.restoreTests', report).forEach((item, index) => {
    const field = `spec.restoreTests[${index}]`;
    const own = mappingOf(item, field, report);
    if (!own) return;
    reportUnknownKeysOf(own, KEYS, field, report);
    const leftOut = (why: string, at = field) =>
      report(`${field} is left out: ${why}`, at);
    const name = typeof own.name === 'string' ? own.name.trim() : '';
    if (!NAME.test(name)) {
      leftOut(
        'it needs a name of lowercase letters, digits and "-" (such as nightly).',
        `${field}.name`,
      );
      return;
    }
    if (tests.some(t => t.name === name)) {
      leftOut(`restore test "${name}" is defined twice; the first is kept.`);
      return;
    }
    const target = typeof own.target === 'string' ? own.target.trim() : '';
    if (!target) {
      leftOut(
        'it needs a target: a restore target marked allowRestoreTests in dr.restoreTargets.',
        `${field}.target`,
      );
      return;
    }
    const schedule = readSchedule(own.schedule, `${field}.schedule`, report);
    const backup = readBackup(own.backup, `${field}.backup`, report);
    if (!schedule || !backup) {
      leftOut('its schedule or backup choice cannot be read (see above).');
      return;
    }
    const checks = verifyChecksSchema.safeParse(own.checks ?? []);
    if (!checks.success) {
      leftOut(
        `checks: ${checks.error.issues
          .map(i => `${i.path.join('.')} ${i.message}`)
          .join('; ')}`,
        `${field}.checks`,
      );
      return;
    }
    const timeoutSeconds = readPlanDuration(
      own.timeout,
      `${field}.timeout`,
      report,
    );
    if (own.cleanup !== undefined && typeof own.cleanup !== 'boolean') {
      report(
        `${field}.cleanup must be true or false; the restored data is cleaned up.`,
        `${field}.cleanup`,
        'warning',
      );
    }
    tests.push({
      name,
      schedule,
      backup,
      target,
      scenario:
        typeof own.scenario === 'string' && own.scenario.trim()
          ? own.scenario.trim().slice(0, 200)
          : null,
      checks: checks.data,
      timeoutSeconds,
      cleanup: typeof own.cleanup === 'boolean' ? own.cleanup : true,
    });
  });
  return tests;
}
