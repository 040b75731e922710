/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
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

  return { overall, rpo, rto, drills, scenarios };
}
