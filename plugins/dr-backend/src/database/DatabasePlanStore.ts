/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  DrPlan,
  PostureProblem,
} from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import { readDate, readJson } from './columnValues';

const TABLE = 'dr_plans';

/**
 * A plan as last read from its location.
 * @internal
 */
export interface StoredPlan {
  entityRef: string;
  location: string;
  etag: string | null;
  plan: DrPlan | null;
  problems: PostureProblem[];
  fetchedAt: Date;
}

/**
 * Persistence of DR plans read from entities' plan locations (`dr_plans`).
 * @internal
 */
export class DatabasePlanStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async get(entityRef: string): Promise<StoredPlan | undefined> {
    const row = await this.#db(TABLE).where('entity_ref', entityRef).first();
    if (!row) return undefined;
    return {
      entityRef: row.entity_ref,
      location: row.location,
      etag: row.etag ?? null,
      plan: readJson<DrPlan | null>(row.plan, null),
      problems: readJson<PostureProblem[]>(row.problems, []),
      fetchedAt: readDate(row.fetched_at)!,
    };
  }

  async put(plan: StoredPlan): Promise<void> {
    await this.#db(TABLE)
      .insert({
        entity_ref: plan.entityRef,
        location: plan.location,
        etag: plan.etag,
        plan: plan.plan ? JSON.stringify(plan.plan) : null,
        problems: JSON.stringify(plan.problems),
        fetched_at: plan.fetchedAt,
      })
      .onConflict('entity_ref')
      .merge();
  }

  /**
   * Every plan that could be read, by entity, a page at a time: what plans
   * declare beyond their entity's posture (their restore tests).
   */
  async listReadable(): Promise<Array<{ entityRef: string; plan: DrPlan }>> {
    const found: Array<{ entityRef: string; plan: DrPlan }> = [];
    let after = '';
    for (;;) {
      const rows = await this.#db(TABLE)
        .where('entity_ref', '>', after)
        .whereNotNull('plan')
        .orderBy('entity_ref')
        .limit(500)
        .select('entity_ref', 'plan');
      for (const row of rows) {
        const plan = readJson<DrPlan | null>(row.plan, null);
        if (plan) found.push({ entityRef: row.entity_ref, plan });
      }
      if (rows.length < 500) return found;
      after = rows[rows.length - 1].entity_ref;
    }
  }

  /** Forgets plans of entities that no longer name one. */
  async retainOnly(entityRefs: Set<string>): Promise<void> {
    const rows = await this.#db(TABLE).select('entity_ref');
    const gone = rows
      .map(r => r.entity_ref)
      .filter(ref => !entityRefs.has(ref));
    for (let i = 0; i < gone.length; i += 200) {
      await this.#db(TABLE)
        .whereIn('entity_ref', gone.slice(i, i + 200))
        .delete();
    }
  }
}
