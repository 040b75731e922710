/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomUUID } from 'node:crypto';
import type {
  Approval,
  ApprovalDecision,
  ApprovalStatus,
  BackupRecord,
  RestoreParameters,
  RestoreTargetSummary,
} from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import { readIso, readJson } from './columnValues';

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

  async list(filter: {
    status?: ApprovalStatus[];
    requester?: string;
    entityRef?: string;
  }): Promise<Approval[]> {
    const query = this.#db(TABLE).orderBy('created_at', 'desc').limit(1000);
    if (filter.status?.length) query.whereIn('status', filter.status);
    if (filter.requester) query.where('requester', filter.requester);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    const rows = await query;
    if (!rows.length) return [];
    const decisions = await this.#db(DECISIONS)
      .whereIn(
        'approval_id',
        rows.map(r => r.id),
      )
      .orderBy('id');
    return rows.map(row =>
      this.#toApproval(
        row,
        decisions.filter(d => d.approval_id === row.id),
      ),
    );
  }

  /** Marks requests whose time ran out before they were executed. */
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
    const decided = await this.#db.transaction(async tx => {
      const row = await tx(TABLE).where({ id, status: 'pending' }).first();
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

  async recordOutcome(
    id: string,
    outcome: {
      outcome: 'succeeded' | 'failed';
      message: string | null;
      drillId: string | null;
    },
  ): Promise<void> {
    await this.#db(TABLE).where('id', id).update({
      outcome: outcome.outcome,
      outcome_message: outcome.message,
      drill_id: outcome.drillId,
    });
  }

  #toApproval(
    row: Record<string, any>,
    decisions: Array<Record<string, any>>,
  ): Approval {
    return {
      id: row.id,
      entityRef: row.entity_ref,
      status: row.status,
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
      expiresAt: readIso(row.expires_at)!,
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
