/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { z } from 'zod';
import type { drillInputSchema, drillVoidSchema } from '../schemas';

/**
 * Outcome of a DR drill.
 * @public
 */
export type DrillOutcome = 'succeeded' | 'failed';

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
  /** Set once the drill was voided; a voided drill no longer counts. */
  voided: DrillVoid | null;
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
