/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { BackupRecord } from './backups';

/**
 * A configured restore target, without its secrets.
 * @public
 */
export interface RestoreTargetSummary {
  id: string;
  kind: RestoreKind;
  title: string;
  environment: string;
}

/**
 * Lifecycle of a restore approval.
 * @public
 */
export type ApprovalStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'executed';

/**
 * What kind of restore the approval allows.
 * @public
 */
export type RestoreKind = 'postgres' | 'velero';

/**
 * A check run after a restore (see `dr:verify`).
 * @public
 */
export type VerifyCheck =
  | {
      type: 'sql';
      name?: string;
      query: string;
      /** Expected value of the first column of the first row. */
      expect?: string | number | boolean | null;
      /** Minimum number of rows the query returns. */
      minRows?: number;
    }
  | {
      type: 'http';
      name?: string;
      url: string;
      expectStatus?: number;
      /** Text the response body must contain. */
      contains?: string;
    };

/**
 * The exact restore an approval covers; hashed, so any change voids the approval.
 * @public
 */
export interface RestoreParameters {
  kind: RestoreKind;
  entityRef: string;
  backupId: string;
  /** Name of a target under `dr.restoreTargets`. */
  targetId: string;
  scenario: string;
  checks: VerifyCheck[];
  /** Velero only: source namespace to restore, mapped to the target's namespace. */
  namespace?: string;
}

/**
 * An approver's decision.
 * @public
 */
export interface ApprovalDecision {
  approver: string;
  decision: 'approve' | 'reject';
  comment: string | null;
  decidedAt: string;
}

/**
 * A restore request and its decisions.
 * @public
 */
export interface Approval {
  id: string;
  entityRef: string;
  status: ApprovalStatus;
  requester: string;
  reason: string;
  ticket: string | null;
  parameters: RestoreParameters;
  parameterHash: string;
  /** Approvals needed before the restore may run. */
  requiredApprovals: number;
  decisions: ApprovalDecision[];
  createdAt: string;
  expiresAt: string;
  executedAt: string | null;
  executionTaskId: string | null;
  outcome: 'succeeded' | 'failed' | null;
  outcomeMessage: string | null;
  /** The drill the executed restore was recorded as. */
  drillId?: string | null;
  /** The backup as indexed when the request was filed. */
  backup: BackupRecord;
  /** The restore target as configured when the request was filed. */
  target: RestoreTargetSummary;
  /**
   * Whether the caller may decide this request now: allowed by the policy,
   * not its requester, not decided by them yet, still pending. Every API
   * response sets it.
   */
  canDecide?: boolean;
  /**
   * Who may decide this request and, when the caller may not, why not. Set
   * on the responses to users (lists, one request, filing, deciding).
   */
  decidableBy?: ApprovalDeciders;
}

/**
 * Who may decide a restore request, shown instead of hiding the decision.
 * @public
 */
export interface ApprovalDeciders {
  /**
   * Entity refs of who may decide: the entity's owner and the approver
   * groups (`dr.approvals.approverGroups`); the permission policy has the
   * last word.
   */
  approvers: string[];
  /** Why the caller may not decide now; absent when they may. */
  reason?: string;
}

/**
 * Body of `POST /approvals`.
 * @public
 */
export interface ApprovalRequestInput {
  parameters: RestoreParameters;
  reason: string;
  ticket?: string;
}

/**
 * Body of `POST /approvals/:id/decision`.
 * @public
 */
export interface ApprovalDecisionInput {
  decision: 'approve' | 'reject';
  comment?: string;
}

/**
 * Response of `GET /approvals`.
 * @public
 */
export interface ApprovalPage {
  items: Approval[];
  /** How many approvals the query matches across all pages. */
  totalCount: number;
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor?: string | null;
}
