/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  DataStorePosture,
  DrillTypePosture,
  ObjectiveStatus,
  OverallStatus,
  PlanDrillType,
  RpoPosture,
  RtoPosture,
  ScenarioPosture,
} from '@dr-suite/backstage-plugin-dr-common';

const DAY_MS = 86_400_000;

/** Default for `dr.rpoZeroTolerance`: how far WAL may lag behind now for RPO 0. */
export const DEFAULT_RPO_ZERO_TOLERANCE_SECONDS = 300;

/**
 * What is known about the restorable point an RPO is judged from.
 * @internal
 */
export interface RestorablePoint {
  at: Date | null;
  /**
   * Whether that point advances continuously (WAL archiving or replication
   * ends a recovery window there), which only an RPO of 0 asks for.
   */
  continuous: boolean;
  /**
   * Why a copy meant to be continuous (a streaming replica) does not count
   * now, said when an RPO of 0 is breached.
   */
  continuityProblem?: string;
}

function ageOf(at: Date | null, now: Date): number | null {
  return at
    ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000))
    : null;
}

function formatSeconds(seconds: number): string {
  if (seconds >= 86400) return `${(seconds / 86400).toFixed(1)} days`;
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}

/**
 * Judges an RPO. A target of 0 ("no data loss") is met only while the point
 * is continuous and within `toleranceSeconds` of now; any other target is
 * met while the point's age is at most the target. `turnsAt` is when a met
 * RPO turns breached with the same facts.
 * @internal
 */
export function judgeRpo(
  target: number | null,
  point: RestorablePoint,
  now: Date,
  toleranceSeconds: number,
): { posture: RpoPosture; turnsAt: number | null } {
  const actualSeconds = ageOf(point.at, now);
  const base = {
    targetSeconds: target,
    actualSeconds,
    lastSuccessfulBackupAt: point.at?.toISOString() ?? null,
  };
  if (target === 0) {
    const common = { ...base, toleranceSeconds };
    if (!point.continuous) {
      let reason = point.at
        ? `An RPO of 0 needs continuous archiving or replication; only periodic backups were found, so up to ${formatSeconds(
            actualSeconds ?? 0,
          )} of data would be lost now.`
        : 'An RPO of 0 needs continuous archiving or replication; no restorable point was found.';
      // A replica that is not streaming says why it does not count.
      if (point.continuityProblem) {
        reason = `An RPO of 0 needs continuous archiving or replication: ${point.continuityProblem}`;
      }
      return {
        posture: { ...common, status: 'breached', reason },
        turnsAt: null,
      };
    }
    const within = actualSeconds !== null && actualSeconds <= toleranceSeconds;
    return {
      posture: {
        ...common,
        status: within ? 'met' : 'breached',
        reason: within
          ? `Continuous archiving or replication reaches ${formatSeconds(
              actualSeconds!,
            )} behind now, within the tolerance of ${formatSeconds(
              toleranceSeconds,
            )}.`
          : `Continuous archiving or replication lags ${formatSeconds(
              actualSeconds ?? 0,
            )} behind now, past the tolerance of ${formatSeconds(
              toleranceSeconds,
            )}: an RPO of 0 is not kept.`,
      },
      turnsAt: within
        ? point.at!.getTime() + toleranceSeconds * 1000 + 500
        : null,
    };
  }
  let status: ObjectiveStatus = 'unknown';
  if (target !== null && actualSeconds !== null)
    status = actualSeconds <= target ? 'met' : 'breached';
  return {
    posture: { ...base, status },
    // actualSeconds is rounded, so "breached" starts half a second past the target.
    turnsAt:
      status === 'met' ? point.at!.getTime() + target! * 1000 + 500 : null,
  };
}

/**
 * Judges an RTO against its target and, when the plan sets one, its maximum.
 * @internal
 */
export function judgeRto(
  target: number | null,
  max: number | null | undefined,
  drill: { completedAt: Date; rtoSeconds: number } | null,
): RtoPosture {
  const measured = drill?.rtoSeconds ?? null;
  const against = (limit: number | null): ObjectiveStatus => {
    if (limit === null || measured === null) return 'unknown';
    return measured <= limit ? 'met' : 'breached';
  };
  return {
    status: against(target),
    targetSeconds: target,
    measuredSeconds: measured,
    lastSuccessfulDrillAt: drill?.completedAt.toISOString() ?? null,
    ...(max !== null && max !== undefined
      ? { max: { targetSeconds: max, status: against(max) } }
      : {}),
  };
}

/**
 * A scenario's own verdict: breach when its RPO is breached or its RTO is
 * past the maximum (past the target when it has no maximum); at-risk when
 * its RTO is only past the target, or a status is unknown while its target
 * exists (no drill of this very scenario); none without targets.
 * @internal
 */
export function scenarioStatus(
  scenario: Pick<ScenarioPosture, 'rpo' | 'rto'>,
): OverallStatus {
  const { rpo, rto } = scenario;
  if (rpo.targetSeconds === null && rto.targetSeconds === null && !rto.max)
    return 'none';
  const rtoLimit = rto.max ?? rto;
  if (rpo.status === 'breached' || rtoLimit.status === 'breached')
    return 'breach';
  if (
    rto.status === 'breached' ||
    (rpo.targetSeconds !== null && rpo.status === 'unknown') ||
    (rto.targetSeconds !== null && rto.status === 'unknown')
  )
    return 'at-risk';
  return 'ok';
}

/**
 * Each drill type's cadence state, from the newest successful drill of any
 * of its scenarios; `turnsAt` lists when a current type turns overdue.
 * @internal
 */
export function judgeDrillTypes(
  types: PlanDrillType[],
  scenarioDrills: Record<string, { completedAt: string }>,
  now: Date,
): { postures: DrillTypePosture[]; turnsAt: number[] } {
  const turnsAt: number[] = [];
  const postures = types.map(type => {
    let last: number | null = null;
    for (const scenario of type.scenarios) {
      const at = Date.parse(scenarioDrills[scenario]?.completedAt ?? '');
      if (!Number.isNaN(at) && (last === null || at > last)) last = at;
    }
    const cadenceMs = type.cadenceDays * DAY_MS;
    let status: DrillTypePosture['status'] = 'never';
    if (last !== null) {
      status = now.getTime() - last <= cadenceMs ? 'current' : 'overdue';
      if (status === 'current') turnsAt.push(last + cadenceMs + 1);
    }
    return {
      name: type.name,
      title: type.title,
      cadenceDays: type.cadenceDays,
      scenarios: type.scenarios,
      status,
      lastSuccessfulAt: last === null ? null : new Date(last).toISOString(),
      nextDueAt:
        last === null ? null : new Date(last + cadenceMs).toISOString(),
    };
  });
  return { postures, turnsAt };
}

/**
 * Each data store's RPO, judged from the newest restorable point among the
 * entity's copies the plan names for it.
 * @internal
 */
export function judgeDataStores(
  stores: Array<{ name: string; sources: string[]; rpoSeconds: number }>,
  pointOf: (source: string) => RestorablePoint | undefined,
  now: Date,
  toleranceSeconds: number,
): {
  postures: DataStorePosture[];
  turnsAt: number[];
  missing: Array<{ store: string; source: string }>;
} {
  const turnsAt: number[] = [];
  const missing: Array<{ store: string; source: string }> = [];
  const postures = stores.map(store => {
    let at: Date | null = null;
    let continuous = false;
    const problems: string[] = [];
    for (const source of store.sources) {
      const point = pointOf(source);
      if (!point) {
        missing.push({ store: store.name, source });
        continue;
      }
      if (point.at && (!at || point.at > at)) at = point.at;
      continuous ||= point.continuous;
      if (point.continuityProblem) problems.push(point.continuityProblem);
    }
    const judged = judgeRpo(
      store.rpoSeconds,
      {
        at,
        continuous,
        ...(problems.length ? { continuityProblem: problems.join(' ') } : {}),
      },
      now,
      toleranceSeconds,
    );
    if (judged.turnsAt !== null) turnsAt.push(judged.turnsAt);
    return { name: store.name, sources: store.sources, rpo: judged.posture };
  });
  return { postures, turnsAt, missing };
}
