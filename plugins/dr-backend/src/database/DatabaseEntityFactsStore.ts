/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { RecoveryWindow } from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import type { DrillFacts } from './DatabaseDrillStore';
import type { BackupCopyFacts } from '../posture/PostureCalculator';

const TABLE = 'dr_entity_facts';
const WRITE_BATCH = 200;

/**
 * Called with the entities whose facts were written.
 * @internal
 */
export type FactsChangedListener = (entityRefs: string[]) => Promise<void>;

/**
 * Persistence of measured facts per entity (`dr_entity_facts`), kept current
 * by indexing runs and drill recording so the audit needs no per-entity query.
 * Every write tells the listener, which keeps the stored postures current.
 * @internal
 */
export class DatabaseEntityFactsStore {
  readonly #db: Knex;
  #listener: FactsChangedListener | undefined;

  constructor(db: Knex) {
    this.#db = db;
  }

  /** Sets the one listener told of every write (the posture refresher). */
  onChange(listener: FactsChangedListener): void {
    if (this.#listener) {
      throw new Error('The facts store already has a change listener');
    }
    this.#listener = listener;
  }

  /**
   * Writes each entity's newest restorable point and the recovery windows of
   * its continuously archived stores (none when absent from `windows`).
   */
  async setBackupFacts(
    newest: Map<string, Date | null>,
    windows?: Map<string, Record<string, RecoveryWindow>>,
    copies?: Map<string, Record<string, BackupCopyFacts>>,
  ): Promise<void> {
    const now = new Date();
    const rows = [...newest].map(([entityRef, time]) => ({
      entity_ref: entityRef,
      last_successful_backup_at: time,
      scenario_drills: '{}',
      recovery_windows: JSON.stringify(windows?.get(entityRef) ?? {}),
      // Left as they are when not given (a live evaluation does not list them).
      copies: copies ? JSON.stringify(copies.get(entityRef) ?? {}) : null,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      await this.#db(TABLE)
        .insert(rows.slice(i, i + WRITE_BATCH))
        .onConflict('entity_ref')
        .merge([
          'last_successful_backup_at',
          'recovery_windows',
          ...(copies ? ['copies'] : []),
          'updated_at',
        ]);
    }
    await this.#listener?.([...newest.keys()]);
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
    await this.#listener?.([entityRef]);
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
