/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import type {
  Approval,
  ApprovalDecision,
  ApprovalStatus,
  BackupRecord,
  RestoreParameters,
  RestoreTargetSummary,
} from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import {
  type DrEntityVisibility,
  whereDrEntityVisible,
} from '../auth/drEntityVisibility';
import { readDate, readIso, readJson } from './columnValues';
import { afterKeysetCursor, encodeKeysetCursor } from './keysetCursor';

const TABLE = 'dr_approvals';
const DECISIONS = 'dr_approval_decisions';

/**
 * A validated restore request ready to store.
 * @internal
 */
export interface NewApproval {
  entityRef: string;
  requester: string;
  reason: string;
  ticket: string | null;
  parameters: RestoreParameters;
  parameterHash: string;
  requiredApprovals: number;
  backup: BackupRecord;
  target: RestoreTargetSummary;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * Why a claim did or did not go through.
 * @internal
 */
export type ClaimResult =
  | { result: 'claimed'; approval: Approval }
  | { result: 'missing' }
  | {
      result: 'refused';
      reason: 'hash-mismatch' | 'not-approved' | 'expired' | 'used';
      approval: Approval;
    };

/**
 * Which approvals a list shows; every condition is a SQL condition, so
 * lists are paged by the database.
 * @internal
 */
export interface ApprovalFilter {
  status?: ApprovalStatus[];
  entityRef?: string;
  requester?: string;
  /**
   * Only requests this principal can still decide: pending, unexpired at
   * `now`, filed by someone else and not decided by them yet.
   */
  awaiting?: { principal: string; now: Date };
  /**
   * Only requests for these entities (those the caller may see), plus, when
   * set, every request of `visibleRequester` (callers always see their own).
   */
  visibleEntityRefs?: string[];
  visibleRequester?: string;
  /**
   * Narrows `visibleEntityRefs` to the entities the audit permission
   * (`dr.audit.read`, with its policy conditions) covers; null when it is
   * denied. The caller's own requests stay visible.
   */
  auditVisibility?: DrEntityVisibility | null;
  /** The time `status` is judged at (expiry); default now. */
  now?: Date;
}

/** Statuses that end when the request's time runs out. */
const EXPIRING: ApprovalStatus[] = ['pending', 'approved'];

/**
 * One page of approvals, newest first.
 * @internal
 */
export interface ApprovalStorePage {
  items: Approval[];
  totalCount: number;
  nextCursor: string | null;
}

/**
 * Whether a database error means another transaction got there first: a
 * unique violation, a serialization failure or deadlock on PostgreSQL, or a
 * busy or locked SQLite database. The caller gets a 409 to reload and retry,
 * never a 500.
 */
function isContention(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  if (typeof code !== 'string') return false;
  return (
    ['23505', '40001', '40P01', '55P03'].includes(code) ||
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/**
 * Persistence of restore approvals and their decisions (`dr_approvals`,
 * `dr_approval_decisions`).
 * @internal
 */
export class DatabaseApprovalStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async create(input: NewApproval): Promise<Approval> {
    const id = randomUUID();
    await this.#db(TABLE).insert({
      id,
      entity_ref: input.entityRef,
      status: 'pending',
      requester: input.requester,
      reason: input.reason,
      ticket: input.ticket,
      parameters: JSON.stringify(input.parameters),
      parameter_hash: input.parameterHash,
      required_approvals: input.requiredApprovals,
      backup: JSON.stringify(input.backup),
      target: JSON.stringify(input.target),
      created_at: input.createdAt,
      expires_at: input.expiresAt,
    });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Approval | undefined> {
    const row = await this.#db(TABLE).where('id', id).first();
    if (!row) return undefined;
    const decisions = await this.#db(DECISIONS)
      .where('approval_id', id)
      .orderBy('id');
    return this.#toApproval(row, decisions);
  }

  /** Approvals matching the filter, newest first, at most `limit`. */
  async list(filter: ApprovalFilter, limit = 200): Promise<Approval[]> {
    return (await this.page(filter, { limit })).items;
  }

  /**
   * One page of the approvals matching the filter, newest first, paged by
   * the database with a keyset cursor (or, for older clients, an offset).
   */
  async page(
    filter: ApprovalFilter,
    options: { limit: number; cursor?: string; offset?: number },
  ): Promise<ApprovalStorePage> {
    const matching = () => {
      const query = this.#db(TABLE);
      this.#applyFilter(query, filter);
      return query;
    };
    const query = matching()
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    if (options.cursor) {
      afterKeysetCursor(query, options.cursor, {
        time: 'created_at',
        id: 'id',
      });
    }
    if (options.offset) query.offset(options.offset);
    const [rows, [{ count }]] = await Promise.all([
      query,
      matching().count({ count: '*' }),
    ]);
    const page = rows.slice(0, options.limit);
    const decisions = page.length
      ? await this.#db(DECISIONS)
          .whereIn(
            'approval_id',
            page.map(r => r.id),
          )
          .orderBy('id')
      : [];
    const last = page[page.length - 1];
    return {
      items: page.map(row =>
        this.#toApproval(
          row,
          decisions.filter(d => d.approval_id === row.id),
        ),
      ),
      totalCount: Number(count),
      nextCursor:
        rows.length > options.limit
          ? encodeKeysetCursor(readDate(last.created_at)!, last.id)
          : null,
    };
  }

  /**
   * The distinct entities of the approvals matching the filter (visibility
   * conditions aside), for one batched permission check per list.
   */
  async entityRefs(
    filter: Omit<ApprovalFilter, 'visibleEntityRefs' | 'visibleRequester'>,
  ): Promise<string[]> {
    const query = this.#db(TABLE).distinct('entity_ref');
    this.#applyFilter(query, filter);
    return (await query).map(row => row.entity_ref as string);
  }

  #applyFilter(query: Knex.QueryBuilder, filter: ApprovalFilter): void {
    if (filter.status?.length) {
      // The status as shown: a pending or approved request past its expiry
      // is expired, whether or not the expiry job has marked it yet.
      const now = filter.now ?? new Date();
      const statuses = filter.status;
      query.where(byStatus => {
        for (const status of statuses) {
          byStatus.orWhere(one => {
            if (EXPIRING.includes(status)) {
              one.where('status', status).where('expires_at', '>', now);
            } else if (status === 'expired') {
              one
                .where('status', 'expired')
                .orWhere(due =>
                  due
                    .whereIn('status', EXPIRING)
                    .where('expires_at', '<=', now),
                );
            } else {
              one.where('status', status);
            }
          });
        }
      });
    }
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.requester) query.where('requester', filter.requester);
    if (filter.awaiting) {
      const { principal, now } = filter.awaiting;
      query
        .where('status', 'pending')
        .where('expires_at', '>', now)
        .whereNot('requester', principal)
        .whereNotExists(
          this.#db(DECISIONS)
            .select('id')
            .whereRaw('??.?? = ??.??', [DECISIONS, 'approval_id', TABLE, 'id'])
            .where('approver', principal),
        );
    }
    const { visibleEntityRefs: refs, visibleRequester: requester } = filter;
    const audit = filter.auditVisibility;
    if (refs) {
      query.where(visible => {
        visible.where(entity => {
          entity.whereIn('entity_ref', refs);
          if (audit === null) {
            entity.whereRaw('1 = 0');
          } else if (audit && !audit.all) {
            const covered = this.#db('dr_entities as e').select('e.entity_ref');
            whereDrEntityVisible(covered, audit, {
              entityRef: 'e.entity_ref',
              owner: 'e.owner',
              tier: 'e.tier',
              overall: 'e.overall',
            });
            entity.whereIn('entity_ref', covered);
          }
        });
        if (requester) visible.orWhere('requester', requester);
      });
    }
  }

  /**
   * Marks requests whose time ran out before they were executed; run on a
   * schedule. Reads already show them as expired before this runs.
   */
  async expireDue(now = new Date()): Promise<number> {
    return this.#db(TABLE)
      .whereIn('status', ['pending', 'approved'])
      .where('expires_at', '<=', now)
      .update({ status: 'expired' });
  }

  /**
   * Records one approver's decision. A rejection ends the request; enough
   * approvals approve it. Returns undefined when the request was no longer
   * pending or the approver had already decided.
   */
  async decide(
    id: string,
    decision: Omit<ApprovalDecision, 'decidedAt'>,
  ): Promise<Approval | undefined> {
    let decided: boolean;
    try {
      decided = await this.#db.transaction(async tx => {
        // The row lock serialises concurrent deciders on PostgreSQL, so a
        // second approver counts the first one's approval and exactly one
        // of them approves. SQLite serialises writers itself.
        const pending = tx(TABLE)
          .where({ id, status: 'pending' })
          .where('expires_at', '>', new Date());
        if (!isSqlite(tx)) pending.forUpdate();
        const row = await pending.first();
        if (!row) return false;
        const already = await tx(DECISIONS)
          .where({ approval_id: id, approver: decision.approver })
          .first();
        if (already) return false;
        await tx(DECISIONS).insert({
          approval_id: id,
          approver: decision.approver,
          decision: decision.decision,
          comment: decision.comment,
          decided_at: new Date(),
        });
        if (decision.decision === 'reject') {
          await tx(TABLE)
            .where({ id, status: 'pending' })
            .update({ status: 'rejected' });
          return true;
        }
        const [{ count }] = await tx(DECISIONS)
          .where({ approval_id: id, decision: 'approve' })
          .count({ count: '*' });
        if (Number(count) >= Number(row.required_approvals)) {
          await tx(TABLE)
            .where({ id, status: 'pending' })
            .update({ status: 'approved' });
        }
        return true;
      });
    } catch (error) {
      if (isContention(error)) {
        throw new ConflictError(
          'This restore request changed while you decided; reload it and decide again',
        );
      }
      throw error;
    }
    return decided ? this.get(id) : undefined;
  }

  /**
   * Uses an approval, once: it must be approved, unexpired and bound to the
   * same parameter hash. A retry of the task that claimed it gets it again.
   */
  async claim(
    id: string,
    parameterHash: string,
    taskId: string | null,
    now = new Date(),
  ): Promise<ClaimResult> {
    const updated = await this.#db(TABLE)
      .where({ id, status: 'approved', parameter_hash: parameterHash })
      .where('expires_at', '>', now)
      .update({
        status: 'executed',
        executed_at: now,
        execution_task_id: taskId,
        // A template that could not start left a failed outcome; this
        // execution reports its own.
        outcome: null,
        outcome_message: null,
      });
    const approval = await this.get(id);
    if (!approval) return { result: 'missing' };
    if (updated === 1) return { result: 'claimed', approval };
    if (approval.parameterHash !== parameterHash)
      return { result: 'refused', reason: 'hash-mismatch', approval };
    if (approval.status === 'executed') {
      return taskId && approval.executionTaskId === taskId
        ? { result: 'claimed', approval }
        : { result: 'refused', reason: 'used', approval };
    }
    if (
      approval.status === 'expired' ||
      Date.parse(approval.expiresAt) <= now.getTime()
    ) {
      return { result: 'refused', reason: 'expired', approval };
    }
    return { result: 'refused', reason: 'not-approved', approval };
  }

  async setExecutionTask(id: string, taskId: string): Promise<void> {
    await this.#db(TABLE).where('id', id).update({ execution_task_id: taskId });
  }

  /**
   * Records how a restore ended, once: returns false, changing nothing, when
   * an outcome is already recorded (or the request is not in `status`). A
   * single conditional UPDATE, so of two concurrent reports one wins.
   */
  async recordOutcome(
    id: string,
    outcome: {
      outcome: 'succeeded' | 'failed';
      message: string | null;
      drillId: string | null;
    },
    status: ApprovalStatus = 'executed',
  ): Promise<boolean> {
    const updated = await this.#db(TABLE)
      .where({ id, status })
      .whereNull('outcome')
      .update({
        outcome: outcome.outcome,
        outcome_message: outcome.message,
        drill_id: outcome.drillId,
      });
    return updated === 1;
  }

  #toApproval(
    row: Record<string, any>,
    decisions: Array<Record<string, any>>,
  ): Approval {
    const expiresAt = readIso(row.expires_at)!;
    return {
      id: row.id,
      entityRef: row.entity_ref,
      // Computed, not written: past its expiry a request reads as expired.
      status:
        EXPIRING.includes(row.status) && Date.parse(expiresAt) <= Date.now()
          ? 'expired'
          : row.status,
      requester: row.requester,
      reason: row.reason,
      ticket: row.ticket ?? null,
      parameters: readJson<RestoreParameters>(
        row.parameters,
        {} as RestoreParameters,
      ),
      parameterHash: row.parameter_hash,
      requiredApprovals: Number(row.required_approvals),
      decisions: decisions.map(d => ({
        approver: d.approver,
        decision: d.decision,
        comment: d.comment ?? null,
        decidedAt: readIso(d.decided_at)!,
      })),
      createdAt: readIso(row.created_at)!,
      expiresAt,
      executedAt: readIso(row.executed_at),
      executionTaskId: row.execution_task_id ?? null,
      outcome: row.outcome ?? null,
      outcomeMessage: row.outcome_message ?? null,
      drillId: row.drill_id ?? null,
      backup: readJson<BackupRecord>(row.backup, {} as BackupRecord),
      target: readJson<RestoreTargetSummary>(
        row.target,
        {} as RestoreTargetSummary,
      ),
    };
  }
}

function isSqlite(db: Knex): boolean {
  return String(db.client.config.client).includes('sqlite');
}
