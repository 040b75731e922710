/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { DatabaseEntityStore } from '../database/DatabaseEntityStore';
import type { RestoreTestRunner } from './RestoreTestRunner';
import type { RestoreTestPlan } from './RestoreTestPlans';

/**
 * Schedules each restore-test plan as its own Backstage scheduler task
 * (`dr-restore-test:<plan>`), global by default, so one replica runs each
 * occurrence. A run tests every entity the plan covers, one at a time; one
 * entity's failure never stops the others.
 * @internal
 */
export class RestoreTestScheduler {
  readonly #plans: RestoreTestPlan[];
  readonly #entities: Pick<DatabaseEntityStore, 'listWithSelectors'>;
  readonly #runner: RestoreTestRunner;
  readonly #logger: LoggerService;

  constructor(options: {
    plans: RestoreTestPlan[];
    entities: Pick<DatabaseEntityStore, 'listWithSelectors'>;
    runner: RestoreTestRunner;
    logger: LoggerService;
  }) {
    this.#plans = options.plans;
    this.#entities = options.entities;
    this.#runner = options.runner;
    this.#logger = options.logger;
  }

  /** The scheduler task id of a plan, for triggering it by hand. */
  static taskId(plan: string): string {
    return `dr-restore-test:${plan}`;
  }

  async schedule(scheduler: SchedulerService): Promise<void> {
    for (const plan of this.#plans) {
      await scheduler.scheduleTask({
        id: RestoreTestScheduler.taskId(plan.name),
        ...plan.schedule,
        // The run stops itself at the plan's timeout; this bounds the task.
        timeout: { milliseconds: plan.timeoutMs + 60_000 },
        fn: signal => this.runPlan(plan, signal),
      });
    }
  }

  /** Runs the plan for each entity it covers. */
  async runPlan(plan: RestoreTestPlan, signal?: AbortSignal): Promise<void> {
    // Listed refs straight away (also before the first catalog sync); the
    // tiers' entities from the synced snapshot.
    const entities = new Set(plan.entities);
    if (plan.tiers.length) {
      for (const e of await this.#entities.listWithSelectors()) {
        if (e.tier !== null && plan.tiers.includes(e.tier)) {
          entities.add(e.entityRef);
        }
      }
    }
    if (!entities.size) {
      this.#logger.warn(
        `Restore-test plan ${plan.name} covers no entity in the catalog`,
      );
    }
    for (const entityRef of entities) {
      if (signal?.aborted) return;
      try {
        await this.#runner.run(plan, entityRef, signal);
      } catch (error) {
        this.#logger.error(
          `Restore test ${plan.name} of ${entityRef} failed: ${stringifyError(
            error,
          )}`,
        );
      }
    }
  }
}
