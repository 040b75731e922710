/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { z } from 'zod';
import type {
  backupListQuerySchema,
  backupTimelineQuerySchema,
  pageQuerySchema,
  refreshRequestSchema,
  restoreOptionsQuerySchema,
} from '../schemas';
import type {
  Approval,
  ApprovalClaimInput,
  ApprovalDecisionInput,
  ApprovalListOptions,
  ApprovalOutcomeInput,
  ApprovalPage,
  ApprovalRequestInput,
  AuditPage,
  AuditQuery,
  DrillLedgerQuery,
  BackupPage,
  BackupTimeline,
  DrillInput,
  DrillPage,
  DrillRecord,
  DrillVoidInput,
  EntityPosture,
  PlanResponse,
  RestoreOptions,
  SourceStatus,
} from '../types';

/**
 * Options every call accepts; backends pass a token, browsers rely on fetchApi.
 * @public
 */
export interface DrRequestOptions {
  token?: string;
  signal?: AbortSignal;
}

/**
 * Paging and filters of an entity's backups: the query of
 * `GET .../backups`, every field optional.
 * @public
 */
export type BackupListOptions = Partial<z.output<typeof backupListQuerySchema>>;

/**
 * The DR API of the dr-backend plugin.
 * @public
 */
export interface DrApi {
  /** The entity's RTO/RPO posture. */
  getPosture(
    entityRef: string,
    options?: DrRequestOptions,
  ): Promise<EntityPosture>;
  /** The entity's backups, newest first. */
  getBackups(
    entityRef: string,
    query?: BackupListOptions,
    options?: DrRequestOptions,
  ): Promise<BackupPage>;
  /** Backups of the last `days` days (default 30) in buckets, with RPO gaps. */
  getBackupTimeline(
    entityRef: string,
    query?: Partial<z.output<typeof backupTimelineQuerySchema>>,
    options?: DrRequestOptions,
  ): Promise<BackupTimeline>;
  /** The entity's drills, newest first. */
  getDrills(
    entityRef: string,
    query?: Partial<z.output<typeof pageQuerySchema>>,
    options?: DrRequestOptions,
  ): Promise<DrillPage>;
  /** Records a drill and returns the stored record. */
  recordDrill(
    entityRef: string,
    drill: DrillInput,
    options?: DrRequestOptions,
  ): Promise<DrillRecord>;
  /**
   * Voids a drill of the entity with a reason; it stays listed and no longer
   * counts. Returns the voided record.
   */
  voidDrill(
    entityRef: string,
    drillId: string,
    input: DrillVoidInput,
    options?: DrRequestOptions,
  ): Promise<DrillRecord>;
  /** The entity's parsed DR plan and its problems. */
  getPlan(entityRef: string, options?: DrRequestOptions): Promise<PlanResponse>;
  /** One page of the catalog-wide audit. */
  getAudit(query?: AuditQuery, options?: DrRequestOptions): Promise<AuditPage>;
  /** The whole filtered audit as CSV. */
  getAuditCsv(query?: AuditQuery, options?: DrRequestOptions): Promise<Blob>;
  /** The drill ledger, filtered, as CSV: every drill, voided ones included. */
  getDrillLedgerCsv(
    query?: DrillLedgerQuery,
    options?: DrRequestOptions,
  ): Promise<Blob>;
  /** Health of every configured backup source. */
  getSources(options?: DrRequestOptions): Promise<{ items: SourceStatus[] }>;
  /** Triggers indexing now, of one source, the sources of one entity, or all. */
  refresh(
    target?: z.input<typeof refreshRequestSchema>,
    options?: DrRequestOptions,
  ): Promise<{ triggered: string[] }>;
  /** Files a restore approval request. */
  requestApproval(
    input: ApprovalRequestInput,
    options?: DrRequestOptions,
  ): Promise<Approval>;
  /**
   * The restore targets that accept an entity's restores and, given a
   * target, whether each backup can restore into it (and why not).
   */
  getRestoreOptions(
    query: z.input<typeof restoreOptionsQuerySchema>,
    options?: DrRequestOptions,
  ): Promise<RestoreOptions>;
  /** Lists approvals. */
  listApprovals(
    query?: ApprovalListOptions,
    options?: DrRequestOptions,
  ): Promise<ApprovalPage>;
  /** One approval. */
  getApproval(id: string, options?: DrRequestOptions): Promise<Approval>;
  /** Approves or rejects. */
  decideApproval(
    id: string,
    input: ApprovalDecisionInput,
    options?: DrRequestOptions,
  ): Promise<Approval>;
  /** Marks an approved request as executed, once; refuses a mismatching hash. */
  claimApproval(
    id: string,
    input: ApprovalClaimInput,
    options?: DrRequestOptions,
  ): Promise<Approval>;
  /** Reports how the approved restore ended. */
  reportApprovalOutcome(
    id: string,
    input: ApprovalOutcomeInput,
    options?: DrRequestOptions,
  ): Promise<Approval>;
}
