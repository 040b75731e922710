/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import {
  type VerifyCheck,
  verifyChecksSchema,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  type RestoreTargetRegistry,
  readIntervalMs,
} from '@dr-suite/backstage-plugin-dr-node';
import { readTaskSchedule } from '../indexing/readTaskSchedule';
import { expectedIntervalMs } from './scheduleInterval';

/**
 * Which backup a run restores, after AWS Backup's restore testing:
 * the newest, a random one of the last `window`, or (for kinds that do
 * point-in-time recovery) a random instant of the last `window`.
 * @internal
 */
export type BackupChoice =
  | { pick: 'latest' }
  | { pick: 'random-within-window'; windowMs: number }
  | { pick: 'point-in-time'; windowMs: number };

/**
 * One restore-test plan (`dr.restoreTests.<name>`).
 * @internal
 */
export interface RestoreTestPlan {
  name: string;
  /** Entities it tests: these refs, and every entity of these tiers. */
  entities: string[];
  tiers: string[];
  schedule: Omit<SchedulerServiceTaskScheduleDefinition, 'scope'> & {
    scope: 'global' | 'local';
  };
  backup: BackupChoice;
  targetId: string;
  /** The restore kind, the target's type. */
  kind: string;
  scenario: string;
  checks: VerifyCheck[];
  /** A run taking longer is stopped and fails. */
  timeoutMs: number;
  /** Drop the restored data after the checks (default true). */
  cleanup: boolean;
  /**
   * The longest a run may be apart from the previous one before it is
   * overdue (for a cron schedule, its widest gap); null when manual-only.
   */
  expectedEveryMs: number | null;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Reads `dr.restoreTests`. A plan must restore into a target marked
 * `allowRestoreTests` (a sandbox), since its runs need no human approval;
 * anything else stops the backend at startup with the plan and the reason.
 * @internal
 */
export function readRestoreTestPlans(
  config: Config,
  targets: RestoreTargetRegistry,
): RestoreTestPlan[] {
  const root = config.getOptionalConfig('dr.restoreTests');
  const plans: RestoreTestPlan[] = [];
  for (const name of root?.keys() ?? []) {
    const key = `dr.restoreTests.${name}`;
    const fail = (message: string): never => {
      throw new Error(`Restore-test plan "${name}" (${key}): ${message}`);
    };
    if (!NAME.test(name)) {
      fail('a plan name is lowercase letters, digits and "-"');
    }
    const own = root!.getConfig(name);
    const targetId = own.getString('target');
    const target = targets.list().find(t => t.id === targetId);
    const problem = targets.problems().find(p => p.targetId === targetId);
    if (problem) fail(problem.message);
    if (!target) {
      fail(
        `restore target "${targetId}" is not in dr.restoreTargets; a restore test restores into a sandbox target marked allowRestoreTests: true`,
      );
    }
    const resolved = targets.sandbox(targetId);
    if (!resolved) {
      fail(
        `restore target "${targetId}" (${
          target!.environment
        }) is not a sandbox: only targets marked allowRestoreTests: true take restores without a human approval`,
      );
    }
    const entities = own.getOptionalStringArray('entities') ?? [];
    const tiers = own.getOptionalStringArray('tiers') ?? [];
    if (!entities.length && !tiers.length) {
      fail('it tests nothing; list entities (entity refs) or tiers');
    }
    let checks: VerifyCheck[] = [];
    const parsedChecks = verifyChecksSchema.safeParse(
      own.getOptional('checks') ?? [],
    );
    if (!parsedChecks.success) {
      fail(
        `checks: ${parsedChecks.error.issues
          .map(i => `${i.path.join('.')} ${i.message}`)
          .join('; ')}`,
      );
    } else {
      checks = parsedChecks.data;
    }
    let schedule: RestoreTestPlan['schedule'];
    let expectedEveryMs: number | null;
    try {
      schedule = readTaskSchedule(own, 'schedule', {
        frequency: { days: 7 },
        timeout: { hours: 1 },
      });
      expectedEveryMs = expectedIntervalMs(schedule.frequency);
    } catch (error) {
      return fail(`schedule: ${stringifyError(error)}`);
    }
    const timeoutMs =
      readIntervalMs(own, 'timeout') ??
      ('milliseconds' in schedule.timeout
        ? Number(schedule.timeout.milliseconds)
        : 3600_000);
    plans.push({
      name,
      entities,
      tiers,
      schedule,
      backup: readBackupChoice(own, fail),
      targetId,
      kind: target!.kind,
      scenario: own.getOptionalString('scenario') ?? 'restore-test',
      checks,
      timeoutMs,
      cleanup: own.getOptionalBoolean('cleanup') ?? true,
      expectedEveryMs,
    });
  }
  return plans;
}

function readBackupChoice(
  own: Config,
  fail: (message: string) => never,
): BackupChoice {
  const backup = own.getOptionalConfig('backup');
  const pick = backup?.getOptionalString('pick') ?? 'latest';
  if (pick === 'latest') return { pick };
  if (pick === 'random-within-window' || pick === 'point-in-time') {
    const windowMs = readIntervalMs(own, 'backup.window');
    if (!windowMs) {
      return fail(`backup.window (such as 7d) is needed with pick: ${pick}`);
    }
    return { pick, windowMs };
  }
  return fail(
    `backup.pick is latest, random-within-window or point-in-time, not "${pick}"`,
  );
}
