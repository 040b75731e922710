/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { JsonObject } from '@backstage/types';
import type { SourceStatus } from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import { readBoolean, readDate, readIso, readJson } from './columnValues';

const TABLE = 'dr_sources';

/**
 * Index state of one source, as the indexer needs it.
 * @internal
 */
export interface SourceRunState {
  sourceId: string;
  type: string;
  status: SourceStatus['status'];
  state: JsonObject | undefined;
  consecutiveFailures: number;
  nextAttemptAt: Date | null;
  requestedAt: Date | null;
  lastAttemptAt: Date | null;
  fullRequested: boolean;
}

/**
 * Persistence of each source's index state and health (`dr_sources`).
 * @internal
 */
export class DatabaseSourceStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /** Makes sure a row exists for each configured source. */
  async ensure(
    sources: Array<{ sourceId: string; type: string }>,
  ): Promise<void> {
    if (!sources.length) return;
    await this.#db(TABLE)
      .insert(
        sources.map(s => ({
          source_id: s.sourceId,
          type: s.type,
          status: 'pending',
        })),
      )
      .onConflict('source_id')
      .merge(['type']);
  }

  async getRunState(sourceId: string): Promise<SourceRunState | undefined> {
    const row = await this.#db(TABLE).where('source_id', sourceId).first();
    if (!row) return undefined;
    return {
      sourceId: row.source_id,
      type: row.type,
      status: row.status,
      state: readJson<JsonObject | undefined>(row.state, undefined),
      consecutiveFailures: Number(row.consecutive_failures),
      nextAttemptAt: readDate(row.next_attempt_at),
      requestedAt: readDate(row.requested_at),
      lastAttemptAt: readDate(row.last_attempt_at),
      fullRequested: readBoolean(row.full_requested) ?? false,
    };
  }

  async list(): Promise<SourceStatus[]> {
    const rows = await this.#db(TABLE).orderBy('source_id');
    return rows.map(row => ({
      sourceId: row.source_id,
      type: row.type,
      status: row.status,
      lastIndexedAt: readIso(row.last_attempt_at),
      lastSuccessAt: readIso(row.last_success_at),
      lastError: row.last_error ?? null,
      consecutiveFailures: Number(row.consecutive_failures),
      nextAttemptAt: readIso(row.next_attempt_at),
      backupCount: Number(row.backup_count),
    }));
  }

  /** Asks for a run now, bypassing backoff; `full` forces a complete listing. */
  async requestRun(sourceId: string, full: boolean): Promise<void> {
    await this.#db(TABLE)
      .where('source_id', sourceId)
      .update({
        requested_at: new Date(),
        ...(full ? { full_requested: true } : {}),
      });
  }

  async recordSuccess(
    sourceId: string,
    result: {
      state: JsonObject;
      mode: string;
      backupCount: number;
      startedAt: Date;
    },
  ): Promise<void> {
    await this.#db(TABLE)
      .where('source_id', sourceId)
      .update({
        status: 'ok',
        state: JSON.stringify(result.state),
        last_mode: result.mode,
        last_attempt_at: result.startedAt,
        last_success_at: new Date(),
        last_error: null,
        consecutive_failures: 0,
        next_attempt_at: null,
        backup_count: result.backupCount,
        full_requested: false,
      });
  }

  /** Marks the source stale, keeping its last good index and state. */
  async recordFailure(
    sourceId: string,
    failure: { error: string; startedAt: Date; nextAttemptAt: Date },
  ): Promise<void> {
    await this.#db(TABLE)
      .where('source_id', sourceId)
      .update({
        status: 'stale',
        last_attempt_at: failure.startedAt,
        last_error: failure.error.slice(0, 4000),
        consecutive_failures: this.#db.raw('consecutive_failures + 1'),
        next_attempt_at: failure.nextAttemptAt,
      });
  }
}
