/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type {
  PlanRestoreTest,
  PostureProblem,
} from '@dr-suite/backstage-plugin-dr-common';
import type { RestoreTargetRegistry } from '@dr-suite/backstage-plugin-dr-node';
import type { DatabasePlanStore } from '../database/DatabasePlanStore';
import type { RestoreTestPlan } from './RestoreTestPlans';
import { expectedIntervalMs } from './scheduleInterval';

const DEFAULT_TIMEOUT_MS = 3600_000;

/**
 * The restore tests entities' DR plans declare (`spec.restoreTests`), as
 * restore-test plans named `<entity-ref>/<name>` that test their entity
 * only. The plan author picks the target by id but not what it is: a test
 * whose target is not a sandbox marked `allowRestoreTests` in
 * `dr.restoreTargets`, or does not accept the entity, never runs and is a
 * plan problem on the entity instead. Read from the stored plans, so every
 * replica sees the same tests.
 * @internal
 */
export class EntityRestoreTestPlans {
  readonly #plans: Pick<DatabasePlanStore, 'get' | 'listReadable'>;
  readonly #targets: RestoreTargetRegistry;

  constructor(options: {
    plans: Pick<DatabasePlanStore, 'get' | 'listReadable'>;
    targets: RestoreTargetRegistry;
  }) {
    this.#plans = options.plans;
    this.#targets = options.targets;
  }

  /** The entity's runnable tests and the problems of those that are not. */
  async forEntity(
    entityRef: string,
  ): Promise<{ plans: RestoreTestPlan[]; problems: PostureProblem[] }> {
    const stored = await this.#plans.get(entityRef);
    return this.resolve(entityRef, stored?.plan?.spec.restoreTests ?? []);
  }

  /** Every entity's runnable tests. */
  async all(): Promise<RestoreTestPlan[]> {
    const plans: RestoreTestPlan[] = [];
    for (const { entityRef, plan } of await this.#plans.listReadable()) {
      const tests = plan.spec.restoreTests;
      if (tests?.length) plans.push(...this.resolve(entityRef, tests).plans);
    }
    return plans;
  }

  /** Checks each test's target against `dr.restoreTargets`. */
  resolve(
    entityRef: string,
    tests: PlanRestoreTest[],
  ): { plans: RestoreTestPlan[]; problems: PostureProblem[] } {
    const plans: RestoreTestPlan[] = [];
    const problems: PostureProblem[] = [];
    for (const test of tests) {
      const refused = this.#refusal(entityRef, test);
      if (refused) {
        problems.push({
          code: 'plan-invalid',
          severity: 'error',
          field: 'spec.restoreTests',
          message: `Restore test "${test.name}" does not run: ${refused}`,
          fix: 'Point the restore test at a sandbox restore target that the platform team marked allowRestoreTests and that accepts this entity (dr.restoreTargets).',
        });
        continue;
      }
      const target = this.#targets.sandbox(test.target)!;
      let frequency: SchedulerServiceTaskScheduleDefinition['frequency'];
      if ('manual' in test.schedule) frequency = { trigger: 'manual' };
      else if ('cron' in test.schedule)
        frequency = { cron: test.schedule.cron };
      else {
        frequency = { milliseconds: test.schedule.frequencySeconds * 1000 };
      }
      const timeoutMs =
        test.timeoutSeconds !== null
          ? test.timeoutSeconds * 1000
          : DEFAULT_TIMEOUT_MS;
      plans.push({
        name: `${entityRef}/${test.name}`,
        entities: [entityRef],
        tiers: [],
        schedule: {
          frequency,
          timeout: { milliseconds: timeoutMs },
          scope: 'global',
        },
        backup:
          test.backup.pick === 'latest'
            ? { pick: 'latest' }
            : {
                pick: test.backup.pick,
                windowMs: test.backup.windowSeconds * 1000,
              },
        targetId: target.id,
        kind: target.kind,
        scenario: test.scenario ?? 'restore-test',
        checks: test.checks,
        timeoutMs,
        cleanup: test.cleanup,
        expectedEveryMs: expectedIntervalMs(frequency),
      });
    }
    return { plans, problems };
  }

  /** Why the test may not restore into its target; undefined when it may. */
  #refusal(entityRef: string, test: PlanRestoreTest): string | undefined {
    const misconfigured = this.#targets
      .problems()
      .find(p => p.targetId === test.target);
    if (misconfigured) {
      return `restore target "${test.target}" cannot be used: ${misconfigured.message}`;
    }
    const listed = this.#targets.list().find(t => t.id === test.target);
    if (!listed) {
      return `restore target "${test.target}" is not in dr.restoreTargets.`;
    }
    const sandbox = this.#targets.sandbox(test.target);
    if (!sandbox) {
      return `restore target "${test.target}" (${listed.environment}) is not a sandbox for restore tests (allowRestoreTests); a plan's restore tests run without a human approval, so they only restore into such sandboxes.`;
    }
    try {
      this.#targets.resolve(test.target, { kind: sandbox.kind, entityRef });
    } catch (error) {
      return stringifyError(error).replace(/^\w*Error: /, '');
    }
    return undefined;
  }
}
