/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { z } from 'zod';
import type { drillInputSchema, drillVoidSchema } from '../schemas';

/**
 * Outcome of a DR drill. `unverified`: the restore ran but no check ran and
 * passed, so it proves nothing about the data; it counts neither as a
 * measured RTO nor as a current drill.
 * @public
 */
export type DrillOutcome = 'succeeded' | 'failed' | 'unverified';

/**
 * Who recorded a drill: the restore task that ran it (`restore`), or a
 * person through the API or the "Record a drill" dialog (`manual`).
 * @public
 */
export type DrillSource = 'restore' | 'manual';

/**
 * What a drill was: a drill run by people (`drill`), or a run of a
 * restore-test plan (`restore-test`), restored without a human approval into
 * a sandbox target and checked.
 * @public
 */
export type DrillKind = 'drill' | 'restore-test';

/**
 * One timed phase of a drill's restore, e.g. `load`, `switch` or
 * `verification`.
 * @public
 */
export interface DrillPhase {
  name: string;
  startedAt: string;
  completedAt: string;
  durationSeconds: number;
}

/**
 * How one verification check of a drill went.
 * @public
 */
export interface DrillCheckResult {
  name: string;
  type: string;
  passed: boolean;
  detail: string;
}

/**
 * A follow-up found during a drill.
 * @public
 */
export interface DrillActionItem {
  title: string;
  owner?: string;
  done?: boolean;
}

/**
 * Body of `POST /entities/:kind/:namespace/:name/drills`, as sent.
 * @public
 */
export type DrillInput = z.input<typeof drillInputSchema>;

/**
 * A recorded DR drill.
 * @public
 */
export interface DrillRecord {
  id: string;
  entityRef: string;
  scenario: string;
  startedAt: string;
  completedAt: string;
  outcome: DrillOutcome;
  measuredRtoSeconds: number;
  measuredRpoSeconds: number | null;
  backupId: string | null;
  participants: string[];
  notes: string | null;
  actionItems: DrillActionItem[];
  approvalId: string | null;
  taskId: string | null;
  recordedBy: string;
  recordedAt: string;
  /** `manual` drills were recorded by a person, not by a restore task. */
  source: DrillSource;
  /** A link to what proves the drill happened (runbook log, ticket). */
  evidenceUrl: string | null;
  /** Set once the drill was voided; a voided drill no longer counts. */
  voided: DrillVoid | null;
  /** `restore-test` when a restore-test plan ran it; `drill` otherwise. */
  kind: DrillKind;
  /** The restore's timed phases, when known; empty otherwise. */
  phases: DrillPhase[];
  /** The verification checks and their results, when known. */
  checks: DrillCheckResult[];
  /** The restore-test plan that ran it (`restore-test` drills only). */
  restoreTestPlan: string | null;
}

/**
 * Who voided a drill, when and why.
 * @public
 */
export interface DrillVoid {
  at: string;
  by: string;
  reason: string;
}

/**
 * Body of `POST /entities/:kind/:namespace/:name/drills/:id/void`: why the
 * drill must no longer count, 1 to 1000 characters.
 * @public
 */
export type DrillVoidInput = z.input<typeof drillVoidSchema>;

/**
 * Response of `GET /entities/:kind/:namespace/:name/drills`.
 * @public
 */
export interface DrillPage {
  items: DrillRecord[];
  nextCursor: string | null;
}
