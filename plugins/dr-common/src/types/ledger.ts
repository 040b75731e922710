/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { z } from 'zod';
import type { drillLedgerQuerySchema } from '../schemas';
import type { DrillCheckResult, DrillPhase } from './drills';

/**
 * Filters of the drill ledger (`GET /drills/ledger`), as sent.
 * @public
 */
export type DrillLedgerQuery = Omit<
  z.input<typeof drillLedgerQuerySchema>,
  'format' | 'entityRef' | 'owner' | 'tier' | 'kind'
> & {
  entityRef?: string[];
  owner?: string[];
  tier?: string[];
  kind?: string[];
};

/**
 * One drill of the ledger an auditor receives: who asked and who approved,
 * which backup and how old, where it went, how long it took, what was
 * checked, how it ended and whether it still counts. Columns of the CSV
 * export, in this order.
 * @public
 */
export interface DrillLedgerRow {
  drillId: string;
  entityRef: string;
  owner: string | null;
  tier: string | null;
  scenario: string;
  /** `manual`, `restore` (an approved restore task) or `restore-test` (a restore-test plan). */
  kind: string;
  outcome: string;
  startedAt: string;
  completedAt: string;
  /** Who asked for the restore; for a manual drill, who recorded it. */
  requestedBy: string;
  requestReason: string | null;
  ticket: string | null;
  /** The approvers, or `restore-test plan <name>` for a restore test. */
  approvedBy: string[];
  approvalId: string | null;
  taskId: string | null;
  backupId: string | null;
  backupName: string | null;
  backupSourceId: string | null;
  backupCompletedAt: string | null;
  /** Age of the backup at the restore point (the drill's measured RPO). */
  backupAgeSeconds: number | null;
  targetId: string | null;
  targetEnvironment: string | null;
  measuredRtoSeconds: number;
  phases: DrillPhase[];
  checks: DrillCheckResult[];
  checksRun: number;
  checksPassed: number;
  evidenceUrl: string | null;
  recordedBy: string;
  recordedAt: string;
  voided: boolean;
  voidedAt: string | null;
  voidedBy: string | null;
  voidReason: string | null;
}
