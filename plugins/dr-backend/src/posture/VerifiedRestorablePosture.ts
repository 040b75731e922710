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
import { formatDuration } from '@dr-suite/backstage-plugin-dr-common';
import type {
  DatabaseBackupVerificationStore,
  VerifiedBackup,
} from '../database/DatabaseBackupVerificationStore';
import type { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import type { RestoreTestPlan } from '../restoreTests/RestoreTestPlans';

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
 * the restore-test plans covering the entity, each `overdue` once it has
 * not run within its frequency plus its timeout (a disabled plan, or one
 * failing to start, shows up as a warning). Read beside the stored posture,
 * which it does not change: a verified RPO informs, the RPO judges.
 * @internal
 */
export class VerifiedRestorablePostures {
  readonly #verifications: DatabaseBackupVerificationStore;
  readonly #drills: Pick<DatabaseDrillStore, 'lastRestoreTestRuns'>;
  readonly #plans: RestoreTestPlan[];

  constructor(options: {
    verifications: DatabaseBackupVerificationStore;
    drills: Pick<DatabaseDrillStore, 'lastRestoreTestRuns'>;
    plans: RestoreTestPlan[];
  }) {
    this.#verifications = options.verifications;
    this.#drills = options.drills;
    this.#plans = options.plans;
  }

  /** The posture with `verifiedRestorable` and any overdue-plan warnings. */
  async addTo(
    posture: EntityPosture,
    now = new Date(),
  ): Promise<EntityPosture> {
    const { entityRef } = posture;
    const plans = this.#plans.filter(
      p =>
        p.entities.includes(entityRef) ||
        (posture.objectives.tier !== null &&
          p.tiers.includes(posture.objectives.tier)),
    );
    const [newest, runs] = await Promise.all([
      this.#verifications.newest([entityRef]),
      plans.length
        ? this.#drills.lastRestoreTestRuns(entityRef)
        : Promise.resolve(new Map()),
    ]);
    const verified = newest.get(entityRef);
    const problems: PostureProblem[] = [];
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
