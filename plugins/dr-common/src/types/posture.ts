/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { PlanDrillType } from './plan';

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
  /**
   * Age of the newest sound backup (WAL aside) past which the posture warns,
   * before the RPO breaches (the plan's `spec.alerts.backupAge`); absent when unset.
   */
  backupAgeWarningSeconds?: number | null;
  /** The same for the newest archived WAL segment (`spec.alerts.walAge`). */
  walAgeWarningSeconds?: number | null;
  /**
   * For an RPO of 0 ("no data loss"): how far behind now the end of a
   * continuously archived recovery window may be (`dr.rpoZeroTolerance`).
   */
  rpoZeroToleranceSeconds?: number;
  /** The plan's drill types, each with its own cadence (v1alpha2). */
  drillTypes?: PlanDrillType[];
  /** The plan's data stores that name their sources and an RPO (v1alpha2). */
  dataStores?: Array<{ name: string; sources: string[]; rpoSeconds: number }>;
  origins: {
    rto: ObjectiveOrigin | null;
    rpo: ObjectiveOrigin | null;
    drillCadence: ObjectiveOrigin;
    /**
     * Where `backupAgeWarningSeconds` came from: the plan's `spec.alerts` or
     * the tier's `dr.tiers.<tier>.backupAgeWarning`; absent when unset.
     */
    backupAgeWarning?: 'plan' | 'tier';
    /** The same for `walAgeWarningSeconds` (`walAgeWarning`). */
    walAgeWarning?: 'plan' | 'tier';
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
  /** For an RPO of 0: how far behind now the restorable point may be. */
  toleranceSeconds?: number;
  /** Why the status is what it is, where the numbers alone do not say. */
  reason?: string;
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
  /**
   * The maximum RTO, when the plan sets one beside the target: `status`
   * judges the target (past it: at risk), this the maximum (past it: breach).
   */
  max?: { targetSeconds: number; status: ObjectiveStatus };
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
  /**
   * The locations the scenario destroys (the plan's `destroys`); its RPO
   * counts only backups in the other locations. Absent when it names none.
   */
  destroys?: string[];
  /** The scenario's own verdict, which the entity's `overall` counts. */
  status?: OverallStatus;
}

/**
 * One drill type of the plan and whether it happens as often as it should.
 * @public
 */
export interface DrillTypePosture {
  name: string;
  title: string | null;
  cadenceDays: number;
  scenarios: string[];
  status: DrillStatus;
  lastSuccessfulAt: string | null;
  nextDueAt: string | null;
}

/**
 * A data store's own RPO, judged from the sources the plan names for it.
 * @public
 */
export interface DataStorePosture {
  name: string;
  sources: string[];
  rpo: RpoPosture;
}

/**
 * A System's posture rolled up over its parts: the worst of its own and
 * theirs, and which part drives it.
 * @public
 */
export interface PostureRollup {
  overall: OverallStatus;
  /** The part whose posture is the worst, or null when the System's own is. */
  drivenBy: string | null;
}

/**
 * A warning threshold on the age of the newest backup, separate from the RPO.
 * @public
 */
export interface AgeThresholdPosture {
  /** `exceeded` once the newest backup is older than the threshold. */
  status: 'ok' | 'exceeded' | 'unknown';
  thresholdSeconds: number;
  actualSeconds: number | null;
  /** Completion of the newest sound backup (or WAL segment) it is measured from. */
  since: string | null;
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
  /** Where this copy is kept (`dr.sources.<id>.location`); null when not configured. */
  location?: string | null;
  /** Completion of the newest sound backup of this copy (end of its recovery window for WAL). */
  lastSuccessfulBackupAt?: string | null;
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
  /**
   * Where the window's WAL segments are in the source (the key prefix of
   * segment names), which point-in-time restores fetch them from.
   */
  walPrefix?: string;
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
  /** The plan's drill types, each current, overdue or never on its own. */
  drillTypes?: DrillTypePosture[];
  /** Per data store RPOs from the plan (v1alpha2). */
  dataStores?: DataStorePosture[];
  /**
   * For a System: the worst of its own posture and its parts' (`hasPart`),
   * with the part that drives it. `overall` stays the System's own.
   */
  rollup?: PostureRollup;
  /** Backup-age and WAL-age warnings, present when the plan sets thresholds. */
  thresholds?: {
    backupAge?: AgeThresholdPosture;
    walAge?: AgeThresholdPosture;
  };
  sources: PostureSource[];
  dependencies: DependencyPosture[];
  /** The worst overall status among the dependencies; null without any. */
  dependenciesOverall: OverallStatus | null;
  problems: PostureProblem[];
  evaluatedAt: string;
  /**
   * The newest backup a verified restore proved restorable and its age (the
   * verified RPO), beside `rpo`; absent from postures of older backends.
   */
  verifiedRestorable?: VerifiedRestorablePosture;
}

/**
 * The newest backup proven restorable by a verified drill or restore test.
 * `verifiedRpo` is its age: the data a restore is known to bring back.
 * @public
 */
export interface VerifiedRestorablePosture {
  lastVerifiedBackup: {
    backupId: string;
    name: string;
    completedAt: string | null;
    verifiedAt: string;
    drillId: string;
    restoreTestPlan: string | null;
  } | null;
  verifiedRpo: {
    status: ObjectiveStatus;
    targetSeconds: number | null;
    actualSeconds: number | null;
  };
  /** The restore-test plans covering the entity and when each last ran. */
  restoreTests: RestoreTestPlanStatus[];
}

/**
 * One restore-test plan as it applies to an entity.
 * @public
 */
export interface RestoreTestPlanStatus {
  plan: string;
  target: string;
  /** `overdue`: it has not run within its schedule (disabled, failing to start). */
  status: 'current' | 'overdue' | 'never';
  /**
   * How it is scheduled, as people read it: `every 7 d`, `cron 0 3 * * 1`,
   * or `manual` (run only when triggered, so never overdue).
   */
  schedule?: string;
  lastRunAt: string | null;
  lastOutcome: 'succeeded' | 'failed' | 'unverified' | null;
  lastDrillId: string | null;
}
