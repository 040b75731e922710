/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { PostureProblem } from './posture';

/**
 * The only plan `apiVersion` this version of the suite reads.
 * @public
 */
export const DR_PLAN_API_VERSION = 'dr.backstage.io/v1alpha1';

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
    drills: { cadenceDays: number | null; scenarios: string[] };
    escalation: PlanContact[];
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
