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
import type { EntityRestoreTestPlans } from './EntityRestoreTestPlans';
import type { RestoreTestRunner } from './RestoreTestRunner';
import type { RestoreTestPlan } from './RestoreTestPlans';

/** A test an entity's plan declares, while it is scheduled. */
interface DeclaredTest {
  plan: RestoreTestPlan;
  stop: AbortController;
}

/** What the scheduler is given of a plan: a change reschedules its task. */
function scheduledAs(plan: RestoreTestPlan): string {
  return JSON.stringify([plan.schedule, plan.timeoutMs]);
}

/**
 * Schedules each restore-test plan as its own Backstage scheduler task
 * (`dr-restore-test:<plan>`), global by default, so one replica runs each
 * occurrence. A run tests every entity the plan covers, one at a time; one
 * entity's failure never stops the others.
 *
 * The tests entities' DR plans declare are scheduled the same way, each
 * replica following the stored plans (`dr-restore-test-plans`, local):
 * a new test is scheduled, a changed schedule rescheduled, and a test no
 * plan declares any more stopped; a run always uses the test as its plan
 * declares it now.
 * @internal
 */
export class RestoreTestScheduler {
  readonly #plans: RestoreTestPlan[];
  readonly #entities: Pick<DatabaseEntityStore, 'listWithSelectors'>;
  readonly #runner: RestoreTestRunner;
  readonly #logger: LoggerService;
  readonly #entityPlans?: Pick<EntityRestoreTestPlans, 'all'>;
  readonly #declared = new Map<string, DeclaredTest>();
  #scheduler?: SchedulerService;

  constructor(options: {
    plans: RestoreTestPlan[];
    entities: Pick<DatabaseEntityStore, 'listWithSelectors'>;
    runner: RestoreTestRunner;
    logger: LoggerService;
    /** The tests entities' plans declare. */
    entityPlans?: Pick<EntityRestoreTestPlans, 'all'>;
  }) {
    this.#plans = options.plans;
    this.#entities = options.entities;
    this.#runner = options.runner;
    this.#logger = options.logger;
    this.#entityPlans = options.entityPlans;
  }

  /** The task that follows the tests entities' plans declare, on each replica. */
  static readonly planSyncTaskId = 'dr-restore-test-plans';

  /** The scheduler task id of a plan, for triggering it by hand. */
  static taskId(plan: string): string {
    return `dr-restore-test:${plan}`;
  }

  async schedule(scheduler: SchedulerService): Promise<void> {
    for (const plan of this.#plans) {
      await scheduleTest(scheduler, plan, signal => this.runPlan(plan, signal));
    }
    this.#scheduler = scheduler;
    if (this.#entityPlans) {
      await scheduler.scheduleTask({
        id: RestoreTestScheduler.planSyncTaskId,
        scope: 'local',
        frequency: { minutes: 2 },
        timeout: { minutes: 2 },
        fn: () => this.followEntityPlans().then(() => undefined),
      });
    }
  }

  /**
   * Schedules the tests entities' plans declare now and stops those no plan
   * declares any more.
   */
  async followEntityPlans(): Promise<{
    scheduled: string[];
    stopped: string[];
  }> {
    const scheduler = this.#scheduler;
    if (!scheduler || !this.#entityPlans) return { scheduled: [], stopped: [] };
    const wanted = new Map(
      (await this.#entityPlans.all()).map(plan => [plan.name, plan]),
    );
    const stopped: string[] = [];
    for (const [name, declared] of this.#declared) {
      const now = wanted.get(name);
      if (now && scheduledAs(now) === scheduledAs(declared.plan)) {
        declared.plan = now;
        continue;
      }
      declared.stop.abort();
      this.#declared.delete(name);
      if (!now) stopped.push(name);
    }
    const scheduled: string[] = [];
    for (const plan of wanted.values()) {
      if (this.#declared.has(plan.name)) continue;
      const declared: DeclaredTest = { plan, stop: new AbortController() };
      this.#declared.set(plan.name, declared);
      try {
        await scheduleTest(
          scheduler,
          plan,
          async signal => {
            // A task of a test since removed or rescheduled does nothing.
            if (this.#declared.get(plan.name) !== declared) return;
            await this.runPlan(declared.plan, signal);
          },
          declared.stop.signal,
        );
        scheduled.push(plan.name);
      } catch (error) {
        // Tried again on the next pass; the others are still scheduled.
        this.#declared.delete(plan.name);
        this.#logger.error(
          `Could not schedule restore test ${plan.name}: ${stringifyError(
            error,
          )}`,
        );
      }
    }
    if (scheduled.length || stopped.length) {
      this.#logger.info(
        `Restore tests of entities' DR plans: scheduled ${
          scheduled.join(', ') || 'none'
        }; stopped ${stopped.join(', ') || 'none'}`,
      );
    }
    return { scheduled, stopped };
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

/** A plan's scheduler task, running `fn` on the plan's schedule. */
function scheduleTest(
  scheduler: SchedulerService,
  plan: RestoreTestPlan,
  fn: (signal: AbortSignal) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  return scheduler.scheduleTask({
    id: RestoreTestScheduler.taskId(plan.name),
    ...plan.schedule,
    // The run stops itself at the plan's timeout; this bounds the task.
    timeout: { milliseconds: plan.timeoutMs + 60_000 },
    ...(signal ? { signal } : {}),
    fn,
  });
}
