/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AgeThresholdPosture,
  DataStorePosture,
  DrillTypePosture,
  PlanDrillType,
  RecoveryWindow,
  DrillPosture,
  OverallStatus,
  PlanObjective,
  RpoPosture,
  RtoPosture,
  ScenarioPosture,
} from '@dr-suite/backstage-plugin-dr-common';

import { ageThreshold } from './ageThresholds';
import { type LocatedCopy, newestSurviving } from './copiesByLocation';
import {
  DEFAULT_RPO_ZERO_TOLERANCE_SECONDS,
  judgeDataStores,
  judgeDrillTypes,
  judgeRpo,
  judgeRto,
  type RestorablePoint,
  scenarioStatus,
} from './statedObjectives';

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
  /**
   * Each declared data store's copy, by `sourceId:selector`: its newest sound
   * backups and the suspicious ones newer than them. Absent in facts written
   * before copies were kept.
   */
  copies?: Record<string, BackupCopyFacts>;
  /**
   * The same copies with their locations, for scenarios that destroy some;
   * undefined when copies are unknown (facts written before they were kept).
   */
  locatedCopies?: LocatedCopy[];
}

/**
 * What one copy of a data store (a declared `sourceId:selector`) holds.
 * @internal
 */
export interface BackupCopyFacts {
  /** Newest sound backup that is not a WAL segment. */
  lastBackupAt: string | null;
  /** Newest archived WAL segment. */
  lastWalAt: string | null;
  /** The restorable point: the newer of both, or the recovery window's end. */
  restorableAt: string | null;
  /** Suspicious backups newer than `lastBackupAt`, newest first (a few). */
  suspects: Array<{ key: string; name: string; suspicion: string }>;
  /**
   * Why the copy's continuous replication does not count now (a replica
   * that is not streaming, or whose lag is unknown); absent when it does or
   * the copy has none.
   */
  continuityProblem?: string;
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
  /** Warning thresholds on backup and WAL age, separate from the RPO. */
  backupAgeWarningSeconds?: number | null;
  walAgeWarningSeconds?: number | null;
  /** How far behind now continuous archiving may be for an RPO of 0. */
  rpoZeroToleranceSeconds?: number;
  /** Drill types, each judged on its own cadence. */
  drillTypes?: PlanDrillType[];
  /** Data stores with their own RPO, by the sources that hold them. */
  dataStores?: Array<{ name: string; sources: string[]; rpoSeconds: number }>;
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
  drillTypes?: DrillTypePosture[];
  dataStores?: DataStorePosture[];
  /** Data-store sources the entity does not declare. */
  missingDataStoreSources: Array<{ store: string; source: string }>;
  thresholds?: {
    backupAge?: AgeThresholdPosture;
    walAge?: AgeThresholdPosture;
  };
  /**
   * Sources whose copies no scenario that destroys locations can count,
   * because they have no `location`.
   */
  unlocatedSources: string[];
  /**
   * The first instant at which the same facts give another status (an RPO
   * met turns breached, a current drill turns overdue); null when only new
   * facts can change it. Until then only the ages advance.
   */
  nextChangeAt: Date | null;
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
 * - An RPO of 0 is met only while continuous archiving keeps the restorable
 *   point within the tolerance of now (statedObjectives.ts).
 * - A breached scenario or data store makes the entity breach; a scenario at
 *   risk (RTO past target but within its maximum, or unmeasured by its own
 *   drills) or a drill type not current makes it at risk.
 * @internal
 */
export function calculatePosture(
  targets: PostureTargets,
  facts: PostureFacts,
  now: Date,
): CalculatedPosture {
  const tolerance =
    targets.rpoZeroToleranceSeconds ?? DEFAULT_RPO_ZERO_TOLERANCE_SECONDS;
  // Continuous: a recovery window ends at the restorable point (WAL archiving).
  const continuous =
    (facts.locatedCopies?.some(c => c.continuous) ?? false) ||
    Object.values(facts.recoveryWindows ?? {}).some(w => w.to !== null);
  // Why the copies meant to be continuous (replicas) are not, for the reason.
  const continuityProblem = continuityProblemOf(facts.locatedCopies ?? []);
  const changes: number[] = [];
  const judgedRpo = judgeRpo(
    targets.rpoSeconds,
    { at: facts.lastSuccessfulBackupAt, continuous, continuityProblem },
    now,
    tolerance,
  );
  const rpo = judgedRpo.posture;
  if (judgedRpo.turnsAt !== null) changes.push(judgedRpo.turnsAt);
  const rto = judgeRto(targets.rtoSeconds, null, facts.lastSuccessfulDrill);

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

  const thresholds = ageThresholds(targets, facts, now, changes);
  const exceeded = Object.values(thresholds ?? {}).some(
    t => t.status === 'exceeded',
  );

  let overall: OverallStatus;
  if (targets.rtoSeconds === null && targets.rpoSeconds === null) {
    overall = 'none';
  } else if (rpo.status === 'breached' || rto.status === 'breached') {
    overall = 'breach';
  } else if (
    drills.status !== 'current' ||
    exceeded ||
    (targets.rpoSeconds !== null && rpo.status === 'unknown') ||
    (targets.rtoSeconds !== null && rto.status === 'unknown')
  ) {
    overall = 'at-risk';
  } else {
    overall = 'ok';
  }

  const unlocated = new Set<string>();
  const scenarioPoints: RestorablePoint[] = targets.scenarios.map(objective => {
    if (!objective.destroys?.length)
      return {
        at: facts.lastSuccessfulBackupAt,
        continuous,
        continuityProblem,
      };
    // Without copies, which backup survives is not known: no RPO to show.
    if (!facts.locatedCopies) return { at: null, continuous: false };
    const surviving = newestSurviving(facts.locatedCopies, objective.destroys);
    surviving.unlocated.forEach(id => unlocated.add(id));
    const lost = new Set(objective.destroys);
    const survivors = facts.locatedCopies.filter(
      c => c.location !== null && !lost.has(c.location),
    );
    return {
      at: surviving.newest,
      continuous: survivors.some(c => c.continuous),
      continuityProblem: continuityProblemOf(survivors),
    };
  });
  // Each scenario is judged on its own drills only: another scenario's drill
  // never stands in for its RTO.
  const scenarios: ScenarioPosture[] = targets.scenarios.map(
    (objective, index) => {
      const drill = facts.scenarioDrills[objective.scenario];
      const judged = judgeRpo(
        objective.rpoSeconds,
        scenarioPoints[index],
        now,
        tolerance,
      );
      if (judged.turnsAt !== null) changes.push(judged.turnsAt);
      const scenario = {
        scenario: objective.scenario,
        title: objective.title,
        ...(objective.destroys?.length ? { destroys: objective.destroys } : {}),
        rpo: judged.posture,
        rto: judgeRto(
          objective.rtoSeconds,
          objective.maxRtoSeconds,
          drill
            ? {
                completedAt: new Date(drill.completedAt),
                rtoSeconds: drill.rtoSeconds,
              }
            : null,
        ),
      };
      return { ...scenario, status: scenarioStatus(scenario) };
    },
  );
  const drillTypes = judgeDrillTypes(
    targets.drillTypes ?? [],
    facts.scenarioDrills,
    now,
  );
  changes.push(...drillTypes.turnsAt);
  const pointOf = (source: string): RestorablePoint | undefined => {
    const copy = facts.locatedCopies?.find(c => c.key === source);
    return copy
      ? {
          at: copy.restorableAt,
          continuous: copy.continuous ?? false,
          continuityProblem: copy.continuityProblem,
        }
      : undefined;
  };
  // Facts written before copies were kept: the stores' RPOs are unknown.
  const dataStores = judgeDataStores(
    targets.dataStores ?? [],
    facts.locatedCopies ? pointOf : () => ({ at: null, continuous: false }),
    now,
    tolerance,
  );
  changes.push(...dataStores.turnsAt);
  // Scenarios, drill types and data stores count toward the entity's verdict;
  // a plan whose only objectives are per data store is judged by them.
  if (overall === 'none' && dataStores.postures.length) overall = 'ok';
  if (overall !== 'none') {
    const breached =
      scenarios.some(s => s.status === 'breach') ||
      dataStores.postures.some(d => d.rpo.status === 'breached');
    const atRisk =
      scenarios.some(s => s.status === 'at-risk') ||
      drillTypes.postures.some(t => t.status !== 'current') ||
      dataStores.postures.some(d => d.rpo.status === 'unknown');
    if (breached) overall = 'breach';
    else if (atRisk && overall === 'ok') overall = 'at-risk';
  }

  if (lastSuccess && drillStatus === 'current') {
    changes.push(lastSuccess.getTime() + cadenceMs + 1);
  }
  const nextChangeAt = changes.length ? new Date(Math.min(...changes)) : null;

  return {
    overall,
    rpo,
    rto,
    drills,
    scenarios,
    ...(drillTypes.postures.length ? { drillTypes: drillTypes.postures } : {}),
    ...(dataStores.postures.length ? { dataStores: dataStores.postures } : {}),
    missingDataStoreSources: dataStores.missing,
    ...(thresholds ? { thresholds } : {}),
    unlocatedSources: [...unlocated],
    nextChangeAt,
  };
}

/** Why the copies' replicas do not count now; undefined when none says. */
function continuityProblemOf(copies: LocatedCopy[]): string | undefined {
  const problems = copies.flatMap(c =>
    c.continuityProblem ? [c.continuityProblem] : [],
  );
  return problems.length ? [...new Set(problems)].join(' ') : undefined;
}

function newest(values: Array<string | null>): Date | null {
  let result: number | null = null;
  for (const value of values) {
    const time = value ? Date.parse(value) : NaN;
    if (!Number.isNaN(time) && (result === null || time > result))
      result = time;
  }
  return result === null ? null : new Date(result);
}

/**
 * The backup-age and WAL-age warnings the targets ask for, measured from
 * the newest sound backup (WAL aside) and the newest WAL segment over all
 * copies; pushes when an `ok` turns `exceeded` into `changes`.
 */
function ageThresholds(
  targets: PostureTargets,
  facts: PostureFacts,
  now: Date,
  changes: number[],
): CalculatedPosture['thresholds'] {
  const copies = Object.values(facts.copies ?? {});
  const result: NonNullable<CalculatedPosture['thresholds']> = {};
  const judge = (
    name: 'backupAge' | 'walAge',
    seconds: number | null | undefined,
    since: Date | null,
  ) => {
    if (!seconds) return;
    const { posture, turnsAt } = ageThreshold(seconds, since, now);
    result[name] = posture;
    if (turnsAt !== null) changes.push(turnsAt);
  };
  judge(
    'backupAge',
    targets.backupAgeWarningSeconds,
    newest(copies.map(c => c.lastBackupAt)),
  );
  judge(
    'walAge',
    targets.walAgeWarningSeconds,
    newest(copies.map(c => c.lastWalAt)),
  );
  return Object.keys(result).length ? result : undefined;
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
    dataStores?: DataStorePosture[];
    thresholds?: CalculatedPosture['thresholds'];
    evaluatedAt: string;
  },
>(posture: T, now: Date): T {
  const advanceThreshold = (t: AgeThresholdPosture | undefined) =>
    t ? { ...t, actualSeconds: ageSeconds(t.since, now) } : undefined;
  return {
    ...posture,
    ...(posture.thresholds
      ? {
          thresholds: {
            backupAge: advanceThreshold(posture.thresholds.backupAge),
            walAge: advanceThreshold(posture.thresholds.walAge),
          },
        }
      : {}),
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
    ...(posture.dataStores
      ? {
          dataStores: posture.dataStores.map(d => ({
            ...d,
            rpo: {
              ...d.rpo,
              actualSeconds: ageSeconds(d.rpo.lastSuccessfulBackupAt, now),
            },
          })),
        }
      : {}),
    evaluatedAt: now.toISOString(),
  };
}
