/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { z } from 'zod';
import type {
  approvalClaimSchema,
  approvalDecisionSchema,
  approvalListQuerySchema,
  approvalOutcomeSchema,
  approvalRequestSchema,
  approvalStatusSchema,
  restoreKindSchema,
  restoreParametersSchema,
  verifyCheckSchema,
} from '../schemas';
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
 * What a requester may pick (`GET /restore-options`): the restore targets
 * that accept the entity, and whether each asked-about backup can restore
 * into the chosen target, or why not.
 * @public
 */
export interface RestoreOptions {
  targets: RestoreTargetSummary[];
  backups: Array<{
    backupId: string;
    restorable: boolean;
    /** Why it cannot, and what to pick instead. */
    reason?: string;
    /** It restores only to a point in time (a base backup with WAL). */
    pointInTime?: boolean;
  }>;
}

/**
 * Lifecycle of a restore approval.
 * @public
 */
export type ApprovalStatus = z.output<typeof approvalStatusSchema>;

/**
 * What kind of restore the approval allows: `postgres`, `velero` or a kind
 * added by a module (the name of its restorer).
 * @public
 */
export type RestoreKind = z.output<typeof restoreKindSchema>;

/**
 * A check run after a restore (see `dr:verify`), as parsed by
 * `verifyCheckSchema`.
 * @public
 */
export type VerifyCheck = z.output<typeof verifyCheckSchema>;

/**
 * The exact restore an approval covers, as parsed by
 * `restoreParametersSchema`; hashed, so any change voids the approval.
 * @public
 */
export type RestoreParameters = z.output<typeof restoreParametersSchema>;

/**
 * Restore parameters as a caller may send them: checks may be left out,
 * strings are trimmed when parsed.
 * @public
 */
export type RestoreParametersInput = z.input<typeof restoreParametersSchema>;

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
 * Body of `POST /approvals`, as sent (checks may be left out).
 * @public
 */
export type ApprovalRequestInput = z.input<typeof approvalRequestSchema>;

/**
 * Body of `POST /approvals/:id/decision`.
 * @public
 */
export type ApprovalDecisionInput = z.input<typeof approvalDecisionSchema>;

/**
 * Body of `POST /approvals/:id/claim`, sent by a restore action before it starts.
 * @public
 */
export type ApprovalClaimInput = z.input<typeof approvalClaimSchema>;

/**
 * Body of `POST /approvals/:id/outcome`, sent by a restore action when it ends.
 * @public
 */
export type ApprovalOutcomeInput = z.input<typeof approvalOutcomeSchema>;

/**
 * Which approvals to list: the query of `GET /approvals`, every field optional.
 * @public
 */
export type ApprovalListOptions = Partial<
  z.output<typeof approvalListQuerySchema>
>;

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
