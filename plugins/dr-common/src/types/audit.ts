/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { z } from 'zod';
import type { auditQuerySchema } from '../schemas';
import type { DrillStatus, ObjectiveStatus, OverallStatus } from './posture';

/**
 * One entity's line in the catalog-wide DR audit.
 * @public
 */
export interface AuditRow {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  owner: string | null;
  tier: string | null;
  /** A System's as rolled up over its parts (the worst of them and its own). */
  overall: OverallStatus;
  /**
   * The part of a System whose posture drives `overall`; null when the
   * entity's own objectives do. Absent from rows of older backends.
   */
  drivenBy?: string | null;
  /**
   * True when a part drives `overall` but the caller may not see it, so
   * `drivenBy` is null: shown as "a part you cannot see". Absent from rows of
   * older backends.
   */
  drivenByHidden?: boolean;
  rpoStatus: ObjectiveStatus;
  rpoTargetSeconds: number | null;
  rpoActualSeconds: number | null;
  lastSuccessfulBackupAt: string | null;
  rtoStatus: ObjectiveStatus;
  rtoTargetSeconds: number | null;
  rtoMeasuredSeconds: number | null;
  lastSuccessfulDrillAt: string | null;
  drillStatus: DrillStatus;
  lastDrillAt: string | null;
  drillCadenceDays: number;
  /** Plan scenarios whose RPO or RTO is breached. */
  scenariosBreached: number;
  problemCount: number;
  /** Completion of the newest backup a verified restore proved restorable. */
  lastVerifiedRestorableBackupAt?: string | null;
  /** Age of that backup: the data a restore is known to bring back. */
  verifiedRpoSeconds?: number | null;
}

/**
 * Columns the audit can be sorted by.
 * @public
 */
export type AuditSortField =
  | 'entity'
  | 'owner'
  | 'tier'
  | 'overall'
  | 'rpo'
  | 'rto'
  | 'lastDrill';

/**
 * Filters and paging of `GET /audit` (the query without its `format`),
 * every field optional.
 * @public
 */
export type AuditQuery = Partial<
  Omit<z.output<typeof auditQuerySchema>, 'format'>
>;

/**
 * Counts over the whole filtered audit (not just the page).
 * @public
 */
export interface AuditSummary {
  total: number;
  ok: number;
  atRisk: number;
  breach: number;
  none: number;
  /** Entities of the tier named by `dr.audit.criticalTier` (default `tier-1`). */
  criticalTier: {
    tier: string;
    total: number;
    rpoMet: number;
    rtoMet: number;
  };
}

/**
 * Response of `GET /audit`.
 * @public
 */
export interface AuditPage {
  items: AuditRow[];
  totalCount: number;
  summary: AuditSummary;
  /** When the catalog snapshot behind the audit was taken. */
  syncedAt: string | null;
}
