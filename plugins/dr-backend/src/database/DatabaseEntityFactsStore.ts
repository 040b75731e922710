/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Knex } from 'knex';
import type { DrillFacts } from './DatabaseDrillStore';

const TABLE = 'dr_entity_facts';
const WRITE_BATCH = 200;

/**
 * Persistence of measured facts per entity (`dr_entity_facts`), kept current
 * by indexing runs and drill recording so the audit needs no per-entity query.
 * @internal
 */
export class DatabaseEntityFactsStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async setBackupFacts(newest: Map<string, Date | null>): Promise<void> {
    const now = new Date();
    const rows = [...newest].map(([entityRef, time]) => ({
      entity_ref: entityRef,
      last_successful_backup_at: time,
      scenario_drills: '{}',
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      await this.#db(TABLE)
        .insert(rows.slice(i, i + WRITE_BATCH))
        .onConflict('entity_ref')
        .merge(['last_successful_backup_at', 'updated_at']);
    }
  }

  async setDrillFacts(entityRef: string, facts: DrillFacts): Promise<void> {
    await this.#db(TABLE)
      .insert({
        entity_ref: entityRef,
        last_successful_drill_at: facts.lastSuccessful?.completedAt ?? null,
        last_successful_drill_rto_seconds:
          facts.lastSuccessful?.rtoSeconds ?? null,
        last_drill_at: facts.last?.completedAt ?? null,
        last_drill_outcome: facts.last?.outcome ?? null,
        scenario_drills: JSON.stringify(facts.byScenario),
        updated_at: new Date(),
      })
      .onConflict('entity_ref')
      .merge([
        'last_successful_drill_at',
        'last_successful_drill_rto_seconds',
        'last_drill_at',
        'last_drill_outcome',
        'scenario_drills',
        'updated_at',
      ]);
  }

  /** Drops facts of entities that left the catalog. */
  async remove(entityRefs: string[]): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += WRITE_BATCH) {
      await this.#db(TABLE)
        .whereIn('entity_ref', entityRefs.slice(i, i + WRITE_BATCH))
        .delete();
    }
  }
}
