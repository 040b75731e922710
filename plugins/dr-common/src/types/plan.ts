/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { VerifyCheck } from './approvals';
import type { PostureProblem } from './posture';

/**
 * The first plan `apiVersion`; plans written in it keep reading unchanged.
 * @public
 */
export const DR_PLAN_API_VERSION = 'dr.backstage.io/v1alpha1';

/**
 * The plan `apiVersion` with objectives as plans state them: RPO 0, target
 * and maximum RTO, per-data-store and overall objectives, drill types,
 * service levels, communication, escalation response times and links.
 * @public
 */
export const DR_PLAN_API_VERSION_V1ALPHA2 = 'dr.backstage.io/v1alpha2';

/**
 * Every plan `apiVersion` this version of the suite reads, oldest first.
 * @public
 */
export const DR_PLAN_API_VERSIONS: readonly string[] = [
  DR_PLAN_API_VERSION,
  DR_PLAN_API_VERSION_V1ALPHA2,
];

/**
 * The plan document's `kind`.
 * @public
 */
export const DR_PLAN_KIND = 'DisasterRecoveryPlan';

/**
 * Recovery objectives for one failure scenario.
 * @public
 */
export interface PlanObjective {
  scenario: string;
  title: string | null;
  description: string | null;
  rtoSeconds: number | null;
  rpoSeconds: number | null;
  /**
   * Locations (as sources name them in `dr.sources.<id>.location`) this
   * scenario destroys, e.g. the primary region for `region-loss`; its RPO is
   * judged only from backups kept elsewhere. Absent or empty: every copy counts.
   */
  destroys?: string[];
  /**
   * The maximum RTO beside the target `rtoSeconds` (a v1alpha2 `rto` with
   * `target` and `max`): past the target the scenario is at risk, past the
   * maximum in breach.
   */
  maxRtoSeconds?: number | null;
}

/**
 * How a data store is backed up.
 * @public
 */
export interface PlanBackupPolicy {
  method: string | null;
  schedule: string | null;
  retention: string | null;
  location: string | null;
  encryption: string | null;
  continuousArchiving: boolean;
}

/**
 * A data store the plan protects.
 * @public
 */
export interface PlanDataStore {
  name: string;
  entityRef: string | null;
  engine: string | null;
  backup: PlanBackupPolicy | null;
  /**
   * The entity's backup sources that hold this store, as written in
   * `dr.backstage.io/backup-sources` (`sourceId:selector`; v1alpha2).
   */
  sources?: string[];
  /** This store's own RPO (v1alpha2 `objectives.rpo`); 0 means no data loss. */
  rpoSeconds?: number | null;
}

/**
 * A kind of drill with its own cadence (v1alpha2 `spec.drills.types`), e.g.
 * weekly backup verification or a quarterly failover. A recorded drill counts
 * for the type when its scenario is the type's name or one of its scenarios.
 * @public
 */
export interface PlanDrillType {
  name: string;
  title: string | null;
  cadenceDays: number;
  scenarios: string[];
}

/**
 * A service-level target kept in the plan (availability, durability, ...).
 * @public
 */
export interface PlanServiceLevel {
  name: string;
  target: string;
}

/**
 * Who is told what during an incident, and how often (v1alpha2).
 * @public
 */
export interface PlanCommunication {
  audience: string;
  channel: string | null;
  /** How often status updates go out, when the plan says. */
  updateEverySeconds: number | null;
  steps: string[];
}

/**
 * A link to another runbook or document.
 * @public
 */
export interface PlanLink {
  title: string;
  url: string;
}

/**
 * One ordered step of a runbook.
 * @public
 */
export interface PlanRunbookStep {
  title: string;
  description: string | null;
  command: string | null;
}

/**
 * What to do when a failure scenario happens.
 * @public
 */
export interface PlanRunbook {
  scenario: string;
  title: string;
  symptoms: string[];
  expectedRtoSeconds: number | null;
  steps: PlanRunbookStep[];
}

/**
 * Someone to call.
 * @public
 */
export interface PlanContact {
  name: string;
  role: string | null;
  contact: string | null;
  /** Escalation level, e.g. L1 (v1alpha2). */
  level?: string | null;
  /** How soon this contact must respond (v1alpha2 `responseTime`). */
  responseTimeSeconds?: number | null;
}

/**
 * A restore test an entity's plan declares (v1alpha2 `spec.restoreTests`):
 * run on its schedule into a sandbox restore target, like the restore-test
 * plans of `dr.restoreTests`, and named `<entity-ref>/<name>`.
 * @public
 */
export interface PlanRestoreTest {
  name: string;
  /** Every `frequencySeconds`, on a cron expression, or only when triggered. */
  schedule: { frequencySeconds: number } | { cron: string } | { manual: true };
  /** Which backup a run restores. */
  backup:
    | { pick: 'latest' }
    | {
        pick: 'random-within-window' | 'point-in-time';
        windowSeconds: number;
      };
  /** A restore target marked `allowRestoreTests` that accepts the entity. */
  target: string;
  scenario: string | null;
  /** In the `dr:verify` format. */
  checks: VerifyCheck[];
  timeoutSeconds: number | null;
  /** Drop the restored data after the checks. */
  cleanup: boolean;
}

/**
 * A parsed DR plan.
 * @public
 */
export interface DrPlan {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string | null;
    title: string | null;
    description: string | null;
  };
  spec: {
    objectives: PlanObjective[];
    dataStores: PlanDataStore[];
    runbooks: PlanRunbook[];
    drills: {
      cadenceDays: number | null;
      scenarios: string[];
      /** Drill types, each with its own cadence (v1alpha2). */
      types?: PlanDrillType[];
    };
    escalation: PlanContact[];
    /** The entity's objective apart from its scenarios (v1alpha2 `spec.overall`). */
    overall?: { rtoSeconds: number | null; rpoSeconds: number | null };
    serviceLevels?: PlanServiceLevel[];
    communication?: PlanCommunication[];
    links?: PlanLink[];
    /** Restore tests of the entity (v1alpha2 `spec.restoreTests`). */
    restoreTests?: PlanRestoreTest[];
    /**
     * Warning thresholds separate from the RPO (`spec.alerts`): the age of
     * the newest backup and of the newest archived WAL segment.
     */
    alerts?: {
      backupAgeSeconds: number | null;
      walAgeSeconds: number | null;
    };
  };
}

/**
 * Response of `GET /entities/:kind/:namespace/:name/plan`.
 * @public
 */
export interface PlanResponse {
  entityRef: string;
  /** The resolved location, or null when the entity names no plan. */
  location: string | null;
  /** The valid parts of the plan; null when nothing could be read. */
  plan: DrPlan | null;
  problems: PostureProblem[];
  fetchedAt: string | null;
}
