/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import type {
  DrillActionItem,
  DrillCheckResult,
  DrillKind,
  DrillOutcome,
  DrillPhase,
  DrillPage,
  DrillRecord,
  DrillSource,
} from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import { readDate, readIso, readJson, readNumber } from './columnValues';
import { afterKeysetCursor, encodeKeysetCursor } from './keysetCursor';

const TABLE = 'dr_drills';

/**
 * A validated drill ready to store.
 * @internal
 */
export interface NewDrill {
  entityRef: string;
  scenario: string;
  startedAt: Date;
  completedAt: Date;
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
  /** Default `manual`. */
  source?: DrillSource;
  evidenceUrl?: string | null;
  /** Default `drill`. */
  kind?: DrillKind;
  restoreTestPlan?: string | null;
  phases?: DrillPhase[];
  checks?: DrillCheckResult[];
}

/**
 * What an entity's drills say, for posture.
 * @internal
 */
export interface DrillFacts {
  lastSuccessful: { completedAt: Date; rtoSeconds: number } | null;
  /** The last verified or failed drill; unverified drills prove nothing. */
  last: { completedAt: Date; outcome: 'succeeded' | 'failed' } | null;
  /** Most recent successful drill per scenario. */
  byScenario: Record<string, { completedAt: string; rtoSeconds: number }>;
}

/**
 * What voiding a drill did: the voided record, or why nothing changed.
 * @internal
 */
export type VoidDrillResult =
  | { result: 'voided'; drill: DrillRecord }
  | { result: 'missing' }
  | { result: 'already-voided'; drill: DrillRecord };

/**
 * Persistence of DR drills (`dr_drills`). Drills are voided, never deleted;
 * voided drills stay listed but no longer count in the facts.
 * @internal
 */
export class DatabaseDrillStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async insert(drill: NewDrill): Promise<DrillRecord> {
    const row = {
      id: randomUUID(),
      entity_ref: drill.entityRef,
      scenario: drill.scenario,
      started_at: drill.startedAt,
      completed_at: drill.completedAt,
      outcome: drill.outcome,
      measured_rto_seconds: drill.measuredRtoSeconds,
      source: drill.source ?? 'manual',
      evidence_url: drill.evidenceUrl ?? null,
      kind: drill.kind ?? 'drill',
      restore_test_plan: drill.restoreTestPlan ?? null,
      phases: drill.phases?.length ? JSON.stringify(drill.phases) : null,
      checks: drill.checks?.length ? JSON.stringify(drill.checks) : null,
      measured_rpo_seconds: drill.measuredRpoSeconds,
      backup_id: drill.backupId,
      participants: JSON.stringify(drill.participants),
      notes: drill.notes,
      action_items: JSON.stringify(drill.actionItems),
      approval_id: drill.approvalId,
      task_id: drill.taskId,
      recorded_by: drill.recordedBy,
      recorded_at: new Date(),
      voided_at: null,
      voided_by: null,
      void_reason: null,
    };
    try {
      await this.#db(TABLE).insert(row);
    } catch (error) {
      // The unique index on approval_id: one approved restore, one drill.
      if (drill.approvalId && (await this.getByApproval(drill.approvalId))) {
        throw new ConflictError(
          `A drill is already recorded for approval ${drill.approvalId}`,
        );
      }
      throw error;
    }
    return this.#toRecord(row);
  }

  async get(id: string): Promise<DrillRecord | undefined> {
    const row = await this.#db(TABLE).where('id', id).first();
    return row ? this.#toRecord(row) : undefined;
  }

  async getByApproval(approvalId: string): Promise<DrillRecord | undefined> {
    const row = await this.#db(TABLE).where('approval_id', approvalId).first();
    return row ? this.#toRecord(row) : undefined;
  }

  /** Voids a drill of the entity, once. */
  async void(
    entityRef: string,
    id: string,
    by: { voidedBy: string; reason: string; at?: Date },
  ): Promise<VoidDrillResult> {
    const updated = await this.#db(TABLE)
      .where({ id, entity_ref: entityRef })
      .whereNull('voided_at')
      .update({
        voided_at: by.at ?? new Date(),
        voided_by: by.voidedBy,
        void_reason: by.reason,
      });
    const row = await this.#db(TABLE)
      .where({ id, entity_ref: entityRef })
      .first();
    if (!row) return { result: 'missing' };
    const drill = this.#toRecord(row);
    return updated === 1
      ? { result: 'voided', drill }
      : { result: 'already-voided', drill };
  }

  async list(
    entityRef: string,
    options: { limit: number; cursor?: string },
  ): Promise<DrillPage> {
    const query = this.#db(TABLE)
      .where('entity_ref', entityRef)
      .orderBy([
        { column: 'completed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    if (options.cursor) {
      afterKeysetCursor(query, options.cursor, {
        time: 'completed_at',
        id: 'id',
      });
    }
    const rows = await query;
    const items = rows.slice(0, options.limit).map(row => this.#toRecord(row));
    return {
      items,
      nextCursor:
        rows.length > options.limit
          ? encodeKeysetCursor(
              new Date(items[items.length - 1].completedAt),
              items[items.length - 1].id,
            )
          : null,
    };
  }

  /**
   * What the entity's drills say; voided and unverified drills do not count
   * (an unverified drill is neither a measured RTO nor a current drill).
   */
  async facts(entityRef: string): Promise<DrillFacts> {
    const counted = () =>
      this.#db(TABLE).where('entity_ref', entityRef).whereNull('voided_at');
    const [lastSuccessful, last, scenarioRows] = await Promise.all([
      counted()
        .where('outcome', 'succeeded')
        .orderBy('completed_at', 'desc')
        .first('completed_at', 'measured_rto_seconds'),
      counted()
        .whereIn('outcome', ['succeeded', 'failed'])
        .orderBy('completed_at', 'desc')
        .first('completed_at', 'outcome'),
      counted()
        .where('outcome', 'succeeded')
        .orderBy('completed_at', 'asc')
        .select('scenario', 'completed_at', 'measured_rto_seconds'),
    ]);
    const byScenario: DrillFacts['byScenario'] = {};
    // Ascending order: later drills overwrite earlier ones.
    for (const row of scenarioRows) {
      byScenario[row.scenario] = {
        completedAt: readIso(row.completed_at)!,
        rtoSeconds: Number(row.measured_rto_seconds),
      };
    }
    return {
      lastSuccessful: lastSuccessful
        ? {
            completedAt: readDate(lastSuccessful.completed_at)!,
            rtoSeconds: Number(lastSuccessful.measured_rto_seconds),
          }
        : null,
      last: last
        ? { completedAt: readDate(last.completed_at)!, outcome: last.outcome }
        : null,
      byScenario,
    };
  }

  /**
   * The newest run of each restore-test plan for the entity, voided runs
   * included: a voided run still ran.
   */
  async lastRestoreTestRuns(
    entityRef: string,
  ): Promise<Map<string, DrillRecord>> {
    const rows = await this.#db(TABLE)
      .where('entity_ref', entityRef)
      .whereNotNull('restore_test_plan')
      .whereIn(
        ['restore_test_plan', 'completed_at'],
        this.#db(TABLE)
          .where('entity_ref', entityRef)
          .whereNotNull('restore_test_plan')
          .groupBy('restore_test_plan')
          .select('restore_test_plan', this.#db.raw('max(completed_at)')),
      );
    return new Map(
      rows.map(row => [row.restore_test_plan as string, this.#toRecord(row)]),
    );
  }

  #toRecord(row: Record<string, any>): DrillRecord {
    return {
      id: row.id,
      entityRef: row.entity_ref,
      scenario: row.scenario,
      startedAt: readIso(row.started_at)!,
      completedAt: readIso(row.completed_at)!,
      outcome: row.outcome,
      measuredRtoSeconds: Number(row.measured_rto_seconds),
      measuredRpoSeconds: readNumber(row.measured_rpo_seconds),
      backupId: row.backup_id ?? null,
      participants: readJson<string[]>(row.participants, []),
      notes: row.notes ?? null,
      actionItems: readJson<DrillActionItem[]>(row.action_items, []),
      approvalId: row.approval_id ?? null,
      taskId: row.task_id ?? null,
      recordedBy: row.recorded_by,
      recordedAt: readIso(row.recorded_at)!,
      source: row.source === 'restore' ? 'restore' : 'manual',
      evidenceUrl: row.evidence_url ?? null,
      kind: row.kind === 'restore-test' ? 'restore-test' : 'drill',
      phases: readJson<DrillPhase[]>(row.phases, []),
      checks: readJson<DrillCheckResult[]>(row.checks, []),
      restoreTestPlan: row.restore_test_plan ?? null,
      voided: row.voided_at
        ? {
            at: readIso(row.voided_at)!,
            by: row.voided_by,
            reason: row.void_reason ?? '',
          }
        : null,
    };
  }
}
