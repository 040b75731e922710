/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  EntityPosture,
  ObjectiveStatus,
  PostureProblem,
  RestoreTestPlanStatus,
  VerifiedRestorablePosture,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  DR_ANNOTATION_PLAN,
  formatDuration,
} from '@dr-suite/backstage-plugin-dr-common';
import type { Entity } from '@backstage/catalog-model';
import type {
  DatabaseBackupVerificationStore,
  VerifiedBackup,
} from '../database/DatabaseBackupVerificationStore';
import type { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import type { EntityRestoreTestPlans } from '../restoreTests/EntityRestoreTestPlans';
import type { RestoreTestPlan } from '../restoreTests/RestoreTestPlans';
import { describeSchedule } from '../restoreTests/scheduleInterval';

/** Age of the newest verified backup, judged against the RPO target. */
export function verifiedRpoOf(
  verified: VerifiedBackup | undefined,
  targetSeconds: number | null,
  now: Date,
): VerifiedRestorablePosture['verifiedRpo'] {
  const completed = verified?.backupCompletedAt ?? null;
  const actualSeconds = completed
    ? Math.max(0, Math.round((now.getTime() - completed.getTime()) / 1000))
    : null;
  let status: ObjectiveStatus = 'unknown';
  if (actualSeconds !== null && targetSeconds !== null) {
    status = actualSeconds <= targetSeconds ? 'met' : 'breached';
  }
  return { status, targetSeconds, actualSeconds };
}

/**
 * What restores proved beside what backups promise: the newest backup a
 * verified drill or restore test restored, its age (the verified RPO) and
 * the restore-test plans covering the entity (of `dr.restoreTests` and of
 * the entity's own DR plan), each `overdue` once it has not run within its
 * frequency (or its cron expression's widest gap) plus its timeout: a
 * disabled plan, or one failing to start, shows up as a warning. A manual
 * plan is never overdue. The entity's plan's tests that may not run (a
 * target that is not a sandbox for it) are plan problems. Read beside the
 * stored posture, which it does not change: a verified RPO informs, the RPO
 * judges.
 * @internal
 */
export class VerifiedRestorablePostures {
  readonly #verifications: DatabaseBackupVerificationStore;
  readonly #drills: Pick<DatabaseDrillStore, 'lastRestoreTestRuns'>;
  readonly #plans: RestoreTestPlan[];
  readonly #entityPlans?: Pick<EntityRestoreTestPlans, 'forEntity'>;

  constructor(options: {
    verifications: DatabaseBackupVerificationStore;
    drills: Pick<DatabaseDrillStore, 'lastRestoreTestRuns'>;
    plans: RestoreTestPlan[];
    entityPlans?: Pick<EntityRestoreTestPlans, 'forEntity'>;
  }) {
    this.#verifications = options.verifications;
    this.#drills = options.drills;
    this.#plans = options.plans;
    this.#entityPlans = options.entityPlans;
  }

  /**
   * The posture with `verifiedRestorable` and any overdue-plan warnings,
   * read from the stores beside it. An entity without a DR plan declares no
   * restore tests, and one known to have no verified backup has none to
   * read: neither costs a query.
   */
  async addTo(
    posture: EntityPosture,
    entity: Entity,
    known: { verifiedBackups?: boolean } = {},
    now = new Date(),
  ): Promise<EntityPosture> {
    const { entityRef } = posture;
    const hasPlan =
      entity.metadata.annotations?.[DR_ANNOTATION_PLAN] !== undefined;
    const [declared, newest] = await Promise.all([
      this.#entityPlans && hasPlan
        ? this.#entityPlans.forEntity(entityRef)
        : { plans: [], problems: [] },
      known.verifiedBackups === false
        ? new Map<string, VerifiedBackup>()
        : this.#verifications.newest([entityRef]),
    ]);
    const verified = newest.get(entityRef);
    const plans = [
      ...this.#plans.filter(
        p =>
          p.entities.includes(entityRef) ||
          (posture.objectives.tier !== null &&
            p.tiers.includes(posture.objectives.tier)),
      ),
      ...declared.plans,
    ];
    const runs = plans.length
      ? await this.#drills.lastRestoreTestRuns(entityRef)
      : new Map();
    const problems: PostureProblem[] = [...declared.problems];
    const restoreTests = plans.map((plan): RestoreTestPlanStatus => {
      const last = runs.get(plan.name);
      const lastRunAt = last ? new Date(last.completedAt) : null;
      let status: RestoreTestPlanStatus['status'] = lastRunAt
        ? 'current'
        : 'never';
      if (
        lastRunAt &&
        plan.expectedEveryMs !== null &&
        now.getTime() - lastRunAt.getTime() >
          plan.expectedEveryMs + plan.timeoutMs
      ) {
        status = 'overdue';
      }
      if (
        status === 'overdue' ||
        (status === 'never' && plan.expectedEveryMs !== null)
      ) {
        problems.push({
          code: 'restore-test-overdue',
          severity: 'warning',
          message: lastRunAt
            ? `Restore-test plan ${plan.name} last ran ${formatDuration(
                (now.getTime() - lastRunAt.getTime()) / 1000,
              )} ago, longer than its schedule`
            : `Restore-test plan ${plan.name} has not run yet`,
          fix: 'Check that the plan is scheduled (backend logs: dr-restore-test) and that its runs can start: a backup to restore and its sandbox target',
        });
      }
      return {
        plan: plan.name,
        target: plan.targetId,
        status,
        schedule: describeSchedule(plan.schedule.frequency),
        lastRunAt: lastRunAt?.toISOString() ?? null,
        lastOutcome: last?.outcome ?? null,
        lastDrillId: last?.id ?? null,
      };
    });
    return {
      ...posture,
      problems: [...posture.problems, ...problems],
      verifiedRestorable: {
        lastVerifiedBackup: verified
          ? {
              backupId: verified.backupId,
              name: verified.name ?? verified.backupId,
              completedAt: verified.backupCompletedAt?.toISOString() ?? null,
              verifiedAt: verified.verifiedAt,
              drillId: verified.drillId,
              restoreTestPlan: verified.restoreTestPlan,
            }
          : null,
        verifiedRpo: verifiedRpoOf(verified, posture.rpo.targetSeconds, now),
        restoreTests,
      },
    };
  }
}
