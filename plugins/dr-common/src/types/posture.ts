/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Whether a measured value meets its target.
 * @public
 */
export type ObjectiveStatus = 'met' | 'breached' | 'unknown';

/**
 * Whether DR drills happen as often as the entity's cadence requires.
 * @public
 */
export type DrillStatus = 'current' | 'overdue' | 'never';

/**
 * The entity's DR posture in one word.
 * @public
 */
export type OverallStatus = 'ok' | 'at-risk' | 'breach' | 'none';

/**
 * All overall statuses, worst first.
 * @public
 */
export const OVERALL_STATUSES: readonly OverallStatus[] = [
  'breach',
  'at-risk',
  'ok',
  'none',
];

/**
 * Where an objective came from.
 * @public
 */
export type ObjectiveOrigin = 'annotation' | 'tier' | 'plan' | 'default';

/**
 * The entity's resolved DR targets.
 * @public
 */
export interface PostureObjectives {
  rtoSeconds: number | null;
  rpoSeconds: number | null;
  tier: string | null;
  drillCadenceDays: number;
  origins: {
    rto: ObjectiveOrigin | null;
    rpo: ObjectiveOrigin | null;
    drillCadence: ObjectiveOrigin;
  };
}

/**
 * RPO: target against the age of the newest successful backup.
 * @public
 */
export interface RpoPosture {
  status: ObjectiveStatus;
  targetSeconds: number | null;
  actualSeconds: number | null;
  lastSuccessfulBackupAt: string | null;
}

/**
 * RTO: target against the duration of the most recent successful drill.
 * @public
 */
export interface RtoPosture {
  status: ObjectiveStatus;
  targetSeconds: number | null;
  measuredSeconds: number | null;
  lastSuccessfulDrillAt: string | null;
}

/**
 * Drill cadence and when the next drill is due.
 * @public
 */
export interface DrillPosture {
  status: DrillStatus;
  /** Completion of the most recent drill, whatever its outcome. */
  lastDrillAt: string | null;
  lastDrillOutcome: 'succeeded' | 'failed' | null;
  cadenceDays: number;
  /** Last successful drill plus the cadence; null when there was none. */
  nextDueAt: string | null;
}

/**
 * Posture of one failure scenario from the entity's DR plan.
 * @public
 */
export interface ScenarioPosture {
  scenario: string;
  title: string | null;
  rpo: RpoPosture;
  rto: RtoPosture;
}

/**
 * How bad a problem is.
 * @public
 */
export type ProblemSeverity = 'error' | 'warning' | 'info';

/**
 * Something wrong with the entity's DR set-up, in plain words.
 * @public
 */
export interface PostureProblem {
  /** Stable machine-readable code, e.g. `invalid-annotation`. */
  code: string;
  severity: ProblemSeverity;
  message: string;
  /** What to do about it. */
  fix?: string;
  /** The annotation, plan path or source the problem is about. */
  field?: string;
}

/**
 * One backup source attached to the entity and the health of its index.
 * @public
 */
export interface PostureSource {
  sourceId: string;
  selector: string;
  type: string | null;
  status: 'ok' | 'stale' | 'pending' | 'unknown-source';
  lastIndexedAt: string | null;
  lastError: string | null;
  /**
   * For a data store with continuous archiving (WAL rows under the
   * selector): the span it can be restored to. Absent for other stores.
   */
  recoveryWindow?: RecoveryWindow;
}

/**
 * The span a continuously archived data store can be restored to: from the
 * start of the oldest restorable base backup to the newest WAL segment
 * reachable from the newest base backup without a gap.
 * @public
 */
export interface RecoveryWindow {
  /** Start of the oldest restorable base backup; null when none is. */
  from: string | null;
  /** Archive time of the last segment reachable without a gap; null when none is. */
  to: string | null;
  /** The first missing segment, when WAL continues after it. */
  gapAt?: string;
  /** Why the window is short or empty, in a sentence. */
  reason?: string;
}

/**
 * The posture of an entity this entity depends on.
 * @public
 */
export interface DependencyPosture {
  entityRef: string;
  relation: 'dependsOn' | 'hasPart';
  title: string | null;
  overall: OverallStatus;
  rpoStatus: ObjectiveStatus;
  rtoStatus: ObjectiveStatus;
  drillStatus: DrillStatus;
}

/**
 * Response of `GET /entities/:kind/:namespace/:name/posture`.
 * @public
 */
export interface EntityPosture {
  entityRef: string;
  overall: OverallStatus;
  objectives: PostureObjectives;
  rpo: RpoPosture;
  rto: RtoPosture;
  drills: DrillPosture;
  scenarios: ScenarioPosture[];
  sources: PostureSource[];
  dependencies: DependencyPosture[];
  /** The worst overall status among the dependencies; null without any. */
  dependenciesOverall: OverallStatus | null;
  problems: PostureProblem[];
  evaluatedAt: string;
}
