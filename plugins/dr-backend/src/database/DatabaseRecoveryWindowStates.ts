/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Knex } from 'knex';
import { readJson } from './columnValues';
import type { WalSegment } from '../posture/walSegments';

const TABLE = 'dr_recovery_window_states';

/**
 * Where a store's recovery window got to, enough to extend it with the WAL
 * archived since without reading the older segments again.
 * @internal
 */
export interface RecoveryWindowState {
  /** The WAL folder the window was read from. */
  walDir: string;
  /** Identifies the base backups the window was computed from. */
  basesFingerprint: string;
  /** The segment the newest base backup starts from. */
  start: WalSegment;
  /**
   * The first WAL row (by archive time, then key) at or after the newest
   * base backup's start; no base backup's start segment comes after it, so
   * WAL archived later cannot change where any of them starts.
   */
  floor: { time: number; key: string };
  /** The last segment of the gap-free chain from `start`. */
  reached: WalSegment;
  /** Archive time of the newest segment walked so far (ISO), if any. */
  to: string | null;
  /** Start of the oldest restorable base backup (ISO). */
  from: string;
}

/**
 * One stored state and the generation it was read at.
 * @internal
 */
export interface StoredRecoveryWindowState {
  prefix: string;
  generation: number;
  state: RecoveryWindowState | null;
}

/**
 * Persistence of incremental recovery-window states
 * (`dr_recovery_window_states`), one per source and key prefix. A change to
 * anything the state depends on bumps the generation and clears it; a write
 * made with an older generation is dropped, so a computation that raced a
 * change never stores a state that no longer holds.
 * @internal
 */
export class DatabaseRecoveryWindowStates {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /** The state of one store, creating an empty one to hold the generation. */
  async load(
    sourceId: string,
    prefix: string,
  ): Promise<StoredRecoveryWindowState> {
    const read = async () =>
      this.#db(TABLE)
        .where({ source_id: sourceId, prefix })
        .first('generation', 'state');
    let row = await read();
    if (!row) {
      await this.#db(TABLE)
        .insert({ source_id: sourceId, prefix, generation: 0, state: null })
        .onConflict(['source_id', 'prefix'])
        .ignore();
      row = await read();
    }
    return {
      prefix,
      generation: Number(row.generation),
      state: readJson<RecoveryWindowState | null>(row.state, null),
    };
  }

  /** Stores a state unless it was invalidated since `generation` was read. */
  async save(
    sourceId: string,
    prefix: string,
    generation: number,
    state: RecoveryWindowState,
  ): Promise<void> {
    await this.#db(TABLE)
      .where({ source_id: sourceId, prefix, generation })
      .update({ state: JSON.stringify(state) });
  }

  /** Every stored state of a source. */
  async listForSource(sourceId: string): Promise<StoredRecoveryWindowState[]> {
    const rows = await this.#db(TABLE)
      .where('source_id', sourceId)
      .select('prefix', 'generation', 'state');
    return rows.map(
      (row: { prefix: string; generation: unknown; state: unknown }) => ({
        prefix: row.prefix,
        generation: Number(row.generation),
        state: readJson<RecoveryWindowState | null>(row.state, null),
      }),
    );
  }

  /** Clears these states and bumps their generation. */
  async invalidate(sourceId: string, prefixes: string[]): Promise<void> {
    if (!prefixes.length) return;
    await this.#db(TABLE)
      .where('source_id', sourceId)
      .whereIn('prefix', prefixes)
      .update({ state: null, generation: this.#db.raw('generation + 1') });
  }
}
