/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Knex } from 'knex';

const TABLE = 'dr_posture_notifications';

/**
 * What an entity's owners were last told (`dr_posture_notifications`), as
 * the JSON text the notifier compares and swaps.
 * @internal
 */
export class DatabasePostureNotificationStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /** The last notified state of each entity that has one. */
  async get(entityRefs: string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for (let i = 0; i < entityRefs.length; i += 500) {
      const rows = await this.#db(TABLE)
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .select('entity_ref', 'state');
      for (const row of rows) result.set(row.entity_ref, row.state);
    }
    return result;
  }

  /**
   * Records the first state of an entity, unless another replica already
   * did. Nothing is notified for a first state.
   */
  async initialize(entityRef: string, state: string): Promise<void> {
    await this.#db(TABLE)
      .insert({ entity_ref: entityRef, state, updated_at: new Date() })
      .onConflict('entity_ref')
      .ignore();
  }

  /**
   * Replaces `previous` with `next`; true only for the one caller whose
   * `previous` was still current, which then sends the notification.
   */
  async swap(
    entityRef: string,
    previous: string,
    next: string,
  ): Promise<boolean> {
    const count = await this.#db(TABLE)
      .where({ entity_ref: entityRef, state: previous })
      .update({ state: next, updated_at: new Date() });
    return Number(count) === 1;
  }

  /** Forgets entities that left the catalog. */
  async remove(entityRefs: string[]): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += 500) {
      await this.#db(TABLE)
        .whereIn('entity_ref', entityRefs.slice(i, i + 500))
        .delete();
    }
  }
}
