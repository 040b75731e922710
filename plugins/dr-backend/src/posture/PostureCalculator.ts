/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  RecoveryWindow,
  DrillPosture,
  ObjectiveStatus,
  OverallStatus,
  PlanObjective,
  RpoPosture,
  RtoPosture,
  ScenarioPosture,
} from '@dr-suite/backstage-plugin-dr-common';

const DAY_MS = 86_400_000;

/**
 * What was measured for an entity.
 * @internal
 */
export interface PostureFacts {
  lastSuccessfulBackupAt: Date | null;
  lastSuccessfulDrill: { completedAt: Date; rtoSeconds: number } | null;
  lastDrill: { completedAt: Date; outcome: 'succeeded' | 'failed' } | null;
  /** Most recent successful drill per plan scenario. */
  scenarioDrills: Record<string, { completedAt: string; rtoSeconds: number }>;
  /**
   * Recovery windows of continuously archived stores, by
   * `sourceId:selector`; `lastSuccessfulBackupAt` already ends at them.
   */
  recoveryWindows?: Record<string, RecoveryWindow>;
}

/**
 * Targets the facts are judged against.
 * @internal
 */
export interface PostureTargets {
  rtoSeconds: number | null;
  rpoSeconds: number | null;
  drillCadenceDays: number;
  scenarios: PlanObjective[];
}

/**
 * The judged posture, without the entity's metadata.
 * @internal
 */
export interface CalculatedPosture {
  overall: OverallStatus;
  rpo: RpoPosture;
  rto: RtoPosture;
  drills: DrillPosture;
  scenarios: ScenarioPosture[];
  /**
   * The first instant at which the same facts give another status (an RPO
   * met turns breached, a current drill turns overdue); null when only new
   * facts can change it. Until then only the ages advance.
   */
  nextChangeAt: Date | null;
}

function compare(
  actual: number | null,
  target: number | null,
): ObjectiveStatus {
  if (target === null || actual === null) return 'unknown';
  return actual <= target ? 'met' : 'breached';
}

function rpoPosture(
  target: number | null,
  lastBackup: Date | null,
  now: Date,
): RpoPosture {
  const actualSeconds = lastBackup
    ? Math.max(0, Math.round((now.getTime() - lastBackup.getTime()) / 1000))
    : null;
  return {
    status: compare(actualSeconds, target),
    targetSeconds: target,
    actualSeconds,
    lastSuccessfulBackupAt: lastBackup?.toISOString() ?? null,
  };
}

function rtoPosture(
  target: number | null,
  drill: { completedAt: Date; rtoSeconds: number } | null,
): RtoPosture {
  return {
    status: compare(drill?.rtoSeconds ?? null, target),
    targetSeconds: target,
    measuredSeconds: drill?.rtoSeconds ?? null,
    lastSuccessfulDrillAt: drill?.completedAt.toISOString() ?? null,
  };
}

/**
 * Applies the posture rules:
 * - RPO actual = now - completion of the newest successful backup; met when
 *   actual <= target, breached when greater, unknown without target or backup.
 * - RTO measured = duration of the most recent successful drill; same statuses.
 * - Drills: current when the last successful drill is within the cadence,
 *   overdue otherwise, never without one.
 * - Overall: breach if RPO or RTO is breached; else at-risk if drills are
 *   overdue/never or a status is unknown while its target exists; else ok;
 *   none when no RTO or RPO target is set.
 * @internal
 */
export function calculatePosture(
  targets: PostureTargets,
  facts: PostureFacts,
  now: Date,
): CalculatedPosture {
  const rpo = rpoPosture(targets.rpoSeconds, facts.lastSuccessfulBackupAt, now);
  const rto = rtoPosture(targets.rtoSeconds, facts.lastSuccessfulDrill);

  const lastSuccess = facts.lastSuccessfulDrill?.completedAt ?? null;
  const cadenceMs = targets.drillCadenceDays * DAY_MS;
  let drillStatus: DrillPosture['status'] = 'never';
  if (lastSuccess) {
    drillStatus =
      now.getTime() - lastSuccess.getTime() <= cadenceMs
        ? 'current'
        : 'overdue';
  }
  const drills: DrillPosture = {
    status: drillStatus,
    lastDrillAt: facts.lastDrill?.completedAt.toISOString() ?? null,
    lastDrillOutcome: facts.lastDrill?.outcome ?? null,
    cadenceDays: targets.drillCadenceDays,
    nextDueAt: lastSuccess
      ? new Date(lastSuccess.getTime() + cadenceMs).toISOString()
      : null,
  };

  let overall: OverallStatus;
  if (targets.rtoSeconds === null && targets.rpoSeconds === null) {
    overall = 'none';
  } else if (rpo.status === 'breached' || rto.status === 'breached') {
    overall = 'breach';
  } else if (
    drills.status !== 'current' ||
    (targets.rpoSeconds !== null && rpo.status === 'unknown') ||
    (targets.rtoSeconds !== null && rto.status === 'unknown')
  ) {
    overall = 'at-risk';
  } else {
    overall = 'ok';
  }

  const scenarios = targets.scenarios.map(objective => {
    const drill = facts.scenarioDrills[objective.scenario];
    return {
      scenario: objective.scenario,
      title: objective.title,
      rpo: rpoPosture(objective.rpoSeconds, facts.lastSuccessfulBackupAt, now),
      rto: rtoPosture(
        objective.rtoSeconds,
        drill
          ? {
              completedAt: new Date(drill.completedAt),
              rtoSeconds: drill.rtoSeconds,
            }
          : null,
      ),
    };
  });

  const changes: number[] = [];
  // actualSeconds is rounded, so "breached" starts half a second past the target.
  const rpoTurnsAt = (target: number | null, status: ObjectiveStatus) =>
    target !== null && status === 'met' && facts.lastSuccessfulBackupAt
      ? changes.push(
          facts.lastSuccessfulBackupAt.getTime() + target * 1000 + 500,
        )
      : undefined;
  rpoTurnsAt(targets.rpoSeconds, rpo.status);
  for (const [index, scenario] of scenarios.entries()) {
    rpoTurnsAt(targets.scenarios[index].rpoSeconds, scenario.rpo.status);
  }
  if (lastSuccess && drillStatus === 'current') {
    changes.push(lastSuccess.getTime() + cadenceMs + 1);
  }
  const nextChangeAt = changes.length ? new Date(Math.min(...changes)) : null;

  return { overall, rpo, rto, drills, scenarios, nextChangeAt };
}

function ageSeconds(since: string | null, now: Date): number | null {
  return since === null
    ? null
    : Math.max(0, Math.round((now.getTime() - Date.parse(since)) / 1000));
}

/**
 * A stored posture as of `now`, which must be before its `nextChangeAt`:
 * the statuses still hold and only the ages of the newest backup advance.
 * @internal
 */
export function advancePosture<
  T extends {
    rpo: RpoPosture;
    scenarios: ScenarioPosture[];
    evaluatedAt: string;
  },
>(posture: T, now: Date): T {
  return {
    ...posture,
    rpo: {
      ...posture.rpo,
      actualSeconds: ageSeconds(posture.rpo.lastSuccessfulBackupAt, now),
    },
    scenarios: posture.scenarios.map(s => ({
      ...s,
      rpo: {
        ...s.rpo,
        actualSeconds: ageSeconds(s.rpo.lastSuccessfulBackupAt, now),
      },
    })),
    evaluatedAt: now.toISOString(),
  };
}
