/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createHash } from 'node:crypto';
import type {
  EntityPosture,
  PlanObjective,
  PostureObjectives,
  PostureProblem,
  RecoveryWindow,
} from '@dr-suite/backstage-plugin-dr-common';
import type { DrEntityResource } from '@dr-suite/backstage-plugin-dr-node';
import type { Knex } from 'knex';
import type { BackupCopyFacts } from '../posture/PostureCalculator';
import {
  type DrEntityVisibility,
  whereDrEntityVisible,
} from '../auth/drEntityVisibility';
import { readBoolean, readDate, readJson, readNumber } from './columnValues';

const TABLE = 'dr_entities';
const FACTS_TABLE = 'dr_entity_facts';
const WRITE_BATCH = 200;

/**
 * An entity's DR set-up as the catalog sync resolved it.
 * @internal
 */
export interface EntitySnapshot {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  owner: string | null;
  tier: string | null;
  rtoSeconds: number | null;
  rpoSeconds: number | null;
  drillCadenceDays: number;
  hasObjectives: boolean;
  /** Canonical selectors, parsed again by the source when needed. */
  selectors: Array<{ sourceId: string; selector: string }>;
  scenarios: PlanObjective[];
  problems: PostureProblem[];
  /** The resolved objectives with their origins, as the posture shows them. */
  objectives?: PostureObjectives;
  /** The `sourceId:selector` pairs as written, including broken ones. */
  declaredSources?: Array<{ sourceId: string; selector: string }>;
  /** Hash of the catalog fields the snapshot was resolved from. */
  entityFingerprint?: string;
}

/**
 * An entity's stored own posture (no dependencies).
 * @internal
 */
export interface StoredPosture {
  posture: EntityPosture;
  /** When the same facts would judge it differently; null when only new facts can. */
  nextChangeAt: Date | null;
}

/**
 * A snapshot joined with the entity's measured facts.
 * @internal
 */
export interface EntityWithFacts extends EntitySnapshot {
  lastSuccessfulBackupAt: Date | null;
  lastSuccessfulDrillAt: Date | null;
  lastSuccessfulDrillRtoSeconds: number | null;
  lastDrillAt: Date | null;
  lastDrillOutcome: 'succeeded' | 'failed' | null;
  scenarioDrills: Record<string, { completedAt: string; rtoSeconds: number }>;
  /** Recovery windows of continuously archived stores, by `sourceId:selector`. */
  recoveryWindows?: Record<string, RecoveryWindow>;
  /** Each declared store's copy, by `sourceId:selector`. */
  copies?: Record<string, BackupCopyFacts>;
  /** The stored posture, absent until it was first computed. */
  stored?: StoredPosture | null;
}

/**
 * SQL-side filters of the audit.
 * @internal
 */
export interface EntityFilter {
  owner?: string[];
  kind?: string[];
  tier?: string[];
  search?: string;
  /** The entities the caller may see, from the permission policy. */
  visibility?: DrEntityVisibility;
}

/** Where the `dr-entity` permission rules read an entity in `#filtered`. */
const DR_ENTITY_COLUMNS = {
  entityRef: 'e.entity_ref',
  owner: 'e.owner',
  tier: 'e.tier',
  overall: 'e.overall',
};

function fingerprint(snapshot: EntitySnapshot): string {
  return createHash('sha256').update(JSON.stringify(snapshot)).digest('hex');
}

/**
 * Persistence of the catalog snapshot behind the audit (`dr_entities`).
 * @internal
 */
export class DatabaseEntityStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /**
   * Replaces the snapshot with the catalog's current entities, writing only
   * rows that changed. Returns the refs that were added or changed.
   */
  async replaceAll(
    snapshots: EntitySnapshot[],
    syncedAt: Date,
  ): Promise<{ changed: string[]; removed: string[] }> {
    const existing = new Map<string, string>(
      (await this.#db(TABLE).select('entity_ref', 'fingerprint')).map(r => [
        r.entity_ref,
        r.fingerprint,
      ]),
    );
    const changedRows: Array<Record<string, unknown> & { entity_ref: string }> =
      [];
    const present = new Set<string>();
    for (const snapshot of snapshots) {
      present.add(snapshot.entityRef);
      const print = fingerprint(snapshot);
      if (existing.get(snapshot.entityRef) === print) continue;
      changedRows.push(this.#toRow(snapshot, print, syncedAt));
    }
    const removed = [...existing.keys()].filter(ref => !present.has(ref));
    await this.#db.transaction(async tx => {
      for (let i = 0; i < changedRows.length; i += WRITE_BATCH) {
        await tx(TABLE)
          .insert(changedRows.slice(i, i + WRITE_BATCH))
          .onConflict('entity_ref')
          .merge();
      }
      for (let i = 0; i < removed.length; i += WRITE_BATCH) {
        await tx(TABLE)
          .whereIn('entity_ref', removed.slice(i, i + WRITE_BATCH))
          .delete();
      }
    });
    return { changed: changedRows.map(r => r.entity_ref), removed };
  }

  /**
   * Writes one entity's snapshot, as the DR tab resolved it before the
   * catalog sync came by. Returns whether anything changed.
   */
  async upsert(snapshot: EntitySnapshot, syncedAt: Date): Promise<boolean> {
    const print = fingerprint(snapshot);
    const existing = await this.#db(TABLE)
      .where('entity_ref', snapshot.entityRef)
      .first('fingerprint');
    if (existing?.fingerprint === print) return false;
    await this.#db(TABLE)
      .insert(this.#toRow(snapshot, print, syncedAt))
      .onConflict('entity_ref')
      .merge();
    return true;
  }

  /**
   * The stored postures of these entities with the fingerprint of the
   * catalog fields they were resolved from: one primary-key lookup.
   */
  async getPostures(
    entityRefs: string[],
  ): Promise<
    Map<string, StoredPosture & { entityFingerprint: string | null }>
  > {
    const result = new Map<
      string,
      StoredPosture & { entityFingerprint: string | null }
    >();
    if (!entityRefs.length) return result;
    const rows = await this.#db(TABLE)
      .whereIn('entity_ref', entityRefs)
      .select(
        'entity_ref',
        'entity_fingerprint',
        'posture',
        'posture_next_change_at',
      );
    for (const row of rows) {
      const stored = this.#toStored(row);
      if (stored) {
        result.set(row.entity_ref, {
          ...stored,
          entityFingerprint: row.entity_fingerprint ?? null,
        });
      }
    }
    return result;
  }

  /** Stores computed postures; rows of entities that left are skipped. */
  async setPostures(
    postures: Array<{ entityRef: string } & StoredPosture>,
    computedAt: Date,
  ): Promise<void> {
    if (!postures.length) return;
    await this.#db.transaction(async tx => {
      for (const { entityRef, posture, nextChangeAt } of postures) {
        await tx(TABLE)
          .where('entity_ref', entityRef)
          .update({
            posture: JSON.stringify(posture),
            overall: posture.overall,
            posture_next_change_at: nextChangeAt,
            posture_computed_at: computedAt,
          });
      }
    });
  }

  /**
   * Entities whose stored posture no longer holds at `now` (the instant its
   * judgement changes passed), soonest first; read through its index.
   */
  async duePostures(now: Date, limit: number): Promise<string[]> {
    const rows = await this.#db(TABLE)
      .where('posture_next_change_at', '<=', now)
      .orderBy('posture_next_change_at')
      .limit(limit)
      .select('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  /** Entities whose posture was never stored (rows from before postures were). */
  async missingPostures(limit: number): Promise<string[]> {
    const rows = await this.#db(TABLE)
      .whereNull('posture')
      .orderBy('entity_ref')
      .limit(limit)
      .select('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  /** These entities with their facts, for recomputing their postures. */
  async getWithFacts(entityRefs: string[]): Promise<EntityWithFacts[]> {
    const result: EntityWithFacts[] = [];
    for (let i = 0; i < entityRefs.length; i += WRITE_BATCH) {
      const rows = await this.#filtered({}).whereIn(
        'e.entity_ref',
        entityRefs.slice(i, i + WRITE_BATCH),
      );
      result.push(...rows.map(row => this.#toWithFacts(row)));
    }
    return result;
  }

  /** Entities whose selectors use any of the given sources (all when omitted). */
  async listWithSelectors(sourceIds?: string[]): Promise<EntitySnapshot[]> {
    const rows = await this.#db(TABLE).whereNot('selectors', '[]');
    return rows
      .map(row => this.#toSnapshot(row))
      .filter(
        s =>
          !sourceIds ||
          s.selectors.some(sel => sourceIds.includes(sel.sourceId)),
      );
  }

  /**
   * The entities as the `dr-entity` permission rules judge them, in the
   * order asked, undefined for unknown refs (the permissions registry's
   * `getResources`).
   */
  async drEntityResources(
    entityRefs: string[],
  ): Promise<Array<DrEntityResource | undefined>> {
    const byRef = new Map<string, DrEntityResource>();
    for (let i = 0; i < entityRefs.length; i += WRITE_BATCH) {
      const rows = await this.#db(TABLE)
        .whereIn('entity_ref', entityRefs.slice(i, i + WRITE_BATCH))
        .select('entity_ref', 'owner', 'tier', 'overall');
      for (const row of rows) {
        byRef.set(row.entity_ref, {
          entityRef: row.entity_ref,
          owner: row.owner ?? null,
          tier: row.tier ?? null,
          overall: row.overall ?? null,
        });
      }
    }
    return entityRefs.map(ref => byRef.get(ref));
  }

  async get(entityRef: string): Promise<EntitySnapshot | undefined> {
    const row = await this.#db(TABLE).where('entity_ref', entityRef).first();
    return row ? this.#toSnapshot(row) : undefined;
  }

  /** Entities with their facts, filtered in SQL. */
  async listWithFacts(filter: EntityFilter): Promise<EntityWithFacts[]> {
    const rows = await this.#filtered(filter).orderBy('e.entity_ref');
    return rows.map(row => this.#toWithFacts(row));
  }

  /** The same, in entity-ref order, a batch at a time, for streaming exports. */
  async *iterateWithFacts(
    filter: EntityFilter,
    batchSize = 500,
  ): AsyncGenerator<EntityWithFacts[]> {
    let after: string | undefined;
    for (;;) {
      const query = this.#filtered(filter)
        .orderBy('e.entity_ref')
        .limit(batchSize);
      if (after !== undefined) query.where('e.entity_ref', '>', after);
      const rows = await query;
      if (!rows.length) return;
      yield rows.map(row => this.#toWithFacts(row));
      after = rows[rows.length - 1].entity_ref;
      if (rows.length < batchSize) return;
    }
  }

  async lastSyncedAt(): Promise<Date | null> {
    const row = await this.#db(TABLE).max({ last: 'synced_at' }).first();
    return readDate(row?.last);
  }

  #filtered(filter: EntityFilter) {
    const query = this.#db(`${TABLE} as e`)
      .leftJoin(`${FACTS_TABLE} as f`, 'f.entity_ref', 'e.entity_ref')
      .select(
        'e.*',
        'f.last_successful_backup_at',
        'f.last_successful_drill_at',
        'f.last_successful_drill_rto_seconds',
        'f.last_drill_at',
        'f.last_drill_outcome',
        'f.scenario_drills',
        'f.recovery_windows',
        'f.copies',
      );
    if (filter.owner?.length) query.whereIn('e.owner', filter.owner);
    if (filter.kind?.length) {
      query.whereIn(
        this.#db.raw('lower(e.kind)') as any,
        filter.kind.map(k => k.toLocaleLowerCase('en-US')),
      );
    }
    if (filter.tier?.length) query.whereIn('e.tier', filter.tier);
    if (filter.visibility) {
      whereDrEntityVisible(query, filter.visibility, DR_ENTITY_COLUMNS);
    }
    if (filter.search) {
      const pattern = `%${filter.search
        .toLocaleLowerCase('en-US')
        .replace(/[\\%_]/g, c => `\\${c}`)}%`;
      query.where(q =>
        q
          .whereRaw(`lower(e.name) like ? escape '\\'`, [pattern])
          .orWhereRaw(`lower(coalesce(e.title, '')) like ? escape '\\'`, [
            pattern,
          ]),
      );
    }
    return query;
  }

  #toRow(snapshot: EntitySnapshot, print: string, syncedAt: Date) {
    return {
      entity_ref: snapshot.entityRef,
      kind: snapshot.kind,
      namespace: snapshot.namespace,
      name: snapshot.name,
      title: snapshot.title?.slice(0, 1024) ?? null,
      owner: snapshot.owner,
      tier: snapshot.tier,
      rto_seconds: snapshot.rtoSeconds,
      rpo_seconds: snapshot.rpoSeconds,
      drill_cadence_days: snapshot.drillCadenceDays,
      has_objectives: snapshot.hasObjectives,
      selectors: JSON.stringify(snapshot.selectors),
      scenarios: JSON.stringify(snapshot.scenarios),
      problems: JSON.stringify(snapshot.problems),
      objectives: snapshot.objectives
        ? JSON.stringify(snapshot.objectives)
        : null,
      declared_sources: snapshot.declaredSources
        ? JSON.stringify(snapshot.declaredSources)
        : null,
      entity_fingerprint: snapshot.entityFingerprint ?? null,
      fingerprint: print,
      synced_at: syncedAt,
    };
  }

  #toStored(row: Record<string, any>): StoredPosture | null {
    const posture = readJson<EntityPosture | null>(row.posture, null);
    return posture
      ? { posture, nextChangeAt: readDate(row.posture_next_change_at) }
      : null;
  }

  #toSnapshot(row: Record<string, any>): EntitySnapshot {
    return {
      entityRef: row.entity_ref,
      kind: row.kind,
      namespace: row.namespace,
      name: row.name,
      title: row.title ?? null,
      owner: row.owner ?? null,
      tier: row.tier ?? null,
      rtoSeconds: readNumber(row.rto_seconds),
      rpoSeconds: readNumber(row.rpo_seconds),
      drillCadenceDays: Number(row.drill_cadence_days),
      hasObjectives: readBoolean(row.has_objectives) ?? false,
      selectors: readJson(row.selectors, []),
      scenarios: readJson(row.scenarios, []),
      problems: readJson(row.problems, []),
      objectives: readJson(row.objectives, undefined),
      declaredSources: readJson(row.declared_sources, undefined),
      entityFingerprint: row.entity_fingerprint ?? undefined,
    };
  }

  #toWithFacts(row: Record<string, any>): EntityWithFacts {
    return {
      ...this.#toSnapshot(row),
      lastSuccessfulBackupAt: readDate(row.last_successful_backup_at),
      lastSuccessfulDrillAt: readDate(row.last_successful_drill_at),
      lastSuccessfulDrillRtoSeconds: readNumber(
        row.last_successful_drill_rto_seconds,
      ),
      lastDrillAt: readDate(row.last_drill_at),
      lastDrillOutcome: row.last_drill_outcome ?? null,
      scenarioDrills: readJson(row.scenario_drills, {}),
      recoveryWindows: readJson(row.recovery_windows, {}),
      copies: readJson(row.copies, {}),
      stored: this.#toStored(row),
    };
  }
}
