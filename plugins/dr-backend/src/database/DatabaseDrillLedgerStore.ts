/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackupRecord,
  DrillCheckResult,
  DrillLedgerRow,
  DrillPhase,
  RestoreTargetSummary,
} from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import {
  type DrEntityVisibility,
  whereDrEntityVisible,
} from '../auth/drEntityVisibility';
import { readDate, readIso, readJson, readNumber } from './columnValues';

/**
 * Which drills the ledger lists; every condition is SQL.
 * @internal
 */
export interface DrillLedgerFilter {
  /** Completed at or after. */
  from?: Date;
  /** Completed before. */
  to?: Date;
  entityRef?: string[];
  owner?: string[];
  tier?: string[];
  /** `manual`, `restore`, `restore-test`. */
  kind?: string[];
  visibility: DrEntityVisibility;
}

const DRILLS = 'dr_drills';
const ENTITY_COLUMNS = {
  entityRef: 'e.entity_ref',
  owner: 'e.owner',
  tier: 'e.tier',
  overall: 'e.overall',
};

/**
 * The drill ledger (`dr_drills` joined with the entity, the restore
 * approval and its decisions, and the backup), read through the database a
 * page at a time in completion order, so an export of any size holds one
 * page in memory.
 * @internal
 */
export class DatabaseDrillLedgerStore {
  readonly #db: Knex;
  readonly #pageSize: number;
  #kindColumn: Promise<boolean> | undefined;

  constructor(db: Knex, options: { pageSize?: number } = {}) {
    this.#db = db;
    this.#pageSize = options.pageSize ?? 500;
  }

  /** The ledger's rows, oldest completion first, a page at a time. */
  async *pages(filter: DrillLedgerFilter): AsyncGenerator<DrillLedgerRow[]> {
    const kindExpression = await this.#kindExpression();
    let after: { completedAt: Date; id: string } | undefined;
    for (;;) {
      const query = this.#db(`${DRILLS} as d`)
        .leftJoin('dr_entities as e', 'e.entity_ref', 'd.entity_ref')
        .leftJoin('dr_approvals as a', 'a.id', 'd.approval_id')
        .leftJoin('dr_backups as b', 'b.id', 'd.backup_id')
        .select(
          'd.*',
          this.#db.raw(`${kindExpression} as ledger_kind`),
          { entity_owner: 'e.owner' },
          { entity_tier: 'e.tier' },
          { approval_requester: 'a.requester' },
          { approval_reason: 'a.reason' },
          { approval_ticket: 'a.ticket' },
          { approval_backup: 'a.backup' },
          { approval_target: 'a.target' },
          { backup_name: 'b.name' },
          { backup_source_id: 'b.source_id' },
          { backup_completed_at: 'b.completed_at' },
        )
        .orderBy([
          { column: 'd.completed_at', order: 'asc' },
          { column: 'd.id', order: 'asc' },
        ])
        .limit(this.#pageSize);
      this.#applyFilter(query, filter, kindExpression);
      if (after) {
        const { completedAt, id } = after;
        query.where(next =>
          next
            .where('d.completed_at', '>', completedAt)
            .orWhere(same =>
              same.where('d.completed_at', '=', completedAt).where('d.id', '>', id),
            ),
        );
      }
      const rows = await query;
      if (!rows.length) return;
      const approvers = await this.#approvers(
        rows.map(r => r.approval_id).filter(Boolean),
      );
      yield rows.map(row => this.#toRow(row, approvers));
      if (rows.length < this.#pageSize) return;
      const last = rows[rows.length - 1];
      after = { completedAt: readDate(last.completed_at)!, id: last.id };
    }
  }

  /**
   * A restore-test run is a drill whose `kind` column says so (added with
   * restore-test plans); every other drill is named by who recorded it.
   */
  async #kindExpression(): Promise<string> {
    this.#kindColumn ??= this.#db.schema.hasColumn(DRILLS, 'kind');
    return (await this.#kindColumn)
      ? "case when d.kind = 'restore-test' then 'restore-test' else d.source end"
      : 'd.source';
  }

  #applyFilter(
    query: Knex.QueryBuilder,
    filter: DrillLedgerFilter,
    kindExpression: string,
  ): void {
    if (filter.from) query.where('d.completed_at', '>=', filter.from);
    if (filter.to) query.where('d.completed_at', '<', filter.to);
    if (filter.entityRef?.length) {
      query.whereIn('d.entity_ref', filter.entityRef);
    }
    if (filter.owner?.length) query.whereIn('e.owner', filter.owner);
    if (filter.tier?.length) query.whereIn('e.tier', filter.tier);
    if (filter.kind?.length) {
      query.whereIn(this.#db.raw(kindExpression) as any, filter.kind);
    }
    whereDrEntityVisible(query, filter.visibility, ENTITY_COLUMNS);
  }

  async #approvers(approvalIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (!approvalIds.length) return result;
    const rows = await this.#db('dr_approval_decisions')
      .whereIn('approval_id', approvalIds)
      .where('decision', 'approve')
      .orderBy('id')
      .select('approval_id', 'approver');
    for (const row of rows) {
      result.set(row.approval_id, [
        ...(result.get(row.approval_id) ?? []),
        row.approver,
      ]);
    }
    return result;
  }

  #toRow(
    row: Record<string, any>,
    approvers: Map<string, string[]>,
  ): DrillLedgerRow {
    const requestedBackup = readJson<Partial<BackupRecord> | null>(
      row.approval_backup,
      null,
    );
    const target = readJson<Partial<RestoreTargetSummary> | null>(
      row.approval_target,
      null,
    );
    const checks = readJson<DrillCheckResult[]>(row.checks, []);
    const plan: string | null = row.restore_test_plan ?? null;
    const backupCompletedAt =
      readIso(row.backup_completed_at) ?? requestedBackup?.completedAt ?? null;
    const startedAt = readDate(row.started_at)!;
    const measuredRpo = readNumber(row.measured_rpo_seconds);
    return {
      drillId: row.id,
      entityRef: row.entity_ref,
      owner: row.entity_owner ?? null,
      tier: row.entity_tier ?? null,
      scenario: row.scenario,
      kind: row.ledger_kind ?? row.source,
      outcome: row.outcome,
      startedAt: startedAt.toISOString(),
      completedAt: readIso(row.completed_at)!,
      requestedBy: row.approval_requester ?? row.recorded_by,
      requestReason: row.approval_reason ?? null,
      ticket: row.approval_ticket ?? null,
      approvedBy:
        approvers.get(row.approval_id) ??
        (plan ? [`restore-test plan ${plan}`] : []),
      approvalId: row.approval_id ?? null,
      taskId: row.task_id ?? null,
      backupId: row.backup_id ?? null,
      backupName: row.backup_name ?? requestedBackup?.name ?? null,
      backupSourceId:
        row.backup_source_id ?? requestedBackup?.sourceId ?? null,
      backupCompletedAt,
      backupAgeSeconds:
        measuredRpo ??
        (backupCompletedAt
          ? Math.max(
              0,
              Math.round(
                (startedAt.getTime() - Date.parse(backupCompletedAt)) / 1000,
              ),
            )
          : null),
      targetId: target?.id ?? null,
      targetEnvironment: target?.environment ?? null,
      measuredRtoSeconds: Number(row.measured_rto_seconds),
      phases: readJson<DrillPhase[]>(row.phases, []),
      checks,
      checksRun: checks.length,
      checksPassed: checks.filter(c => c.passed).length,
      evidenceUrl: row.evidence_url ?? null,
      recordedBy: row.recorded_by,
      recordedAt: readIso(row.recorded_at)!,
      voided: Boolean(row.voided_at),
      voidedAt: readIso(row.voided_at),
      voidedBy: row.voided_by ?? null,
      voidReason: row.void_reason ?? null,
    };
  }
}
