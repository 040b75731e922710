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
import { type WorstPart, worstPartOf } from '../posture/systemRollup';
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
  /** The System the entity is part of (its `spec.system`); absent when none. */
  systemRef?: string;
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
 * A stored posture as the posture route reads it.
 * @internal
 */
export type StoredPostureRow = StoredPosture & {
  entityFingerprint: string | null;
  /** Whether a drill or restore test proved one of its backups restorable. */
  hasVerifiedBackups: boolean;
};

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
  /** A System's part with the worst stored posture; null without one. */
  worstPart?: WorstPart | null;
  /**
   * Whether the listing's `visibility` hides `worstPart` from the caller, so
   * its ref must not be shown; false when listed without a visibility.
   */
  worstPartHidden?: boolean;
}

/**
 * A System whose worst part was just rolled up, as the notifier needs it.
 * @internal
 */
export interface SystemPartsRollup {
  entityRef: string;
  owner: string | null;
  /** The System's own stored posture; null until it was first computed. */
  posture: EntityPosture | null;
  worstPart: WorstPart | null;
  /** Whether the worst part or its status differs from what was stored. */
  changed: boolean;
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

/** The same rules read on a System's worst part, joined as `wp`. */
const WORST_PART_COLUMNS = {
  entityRef: 'wp.entity_ref',
  owner: 'wp.owner',
  tier: 'wp.tier',
  overall: 'wp.overall',
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
  ): Promise<Map<string, StoredPostureRow>> {
    const result = new Map<string, StoredPostureRow>();
    if (!entityRefs.length) return result;
    const rows = await this.#db(TABLE)
      .whereIn('entity_ref', entityRefs)
      .select(
        'entity_ref',
        'entity_fingerprint',
        'posture',
        'posture_next_change_at',
        // Most entities have none: saves the posture route a query for them.
        this.#db.raw(
          `exists (select 1 from dr_backup_verifications as v where v.entity_ref = ${TABLE}.entity_ref) as has_verified_backups`,
        ),
      );
    for (const row of rows) {
      const stored = this.#toStored(row);
      if (stored) {
        result.set(row.entity_ref, {
          ...stored,
          entityFingerprint: row.entity_fingerprint ?? null,
          hasVerifiedBackups: Boolean(row.has_verified_backups),
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
   * Stores each System's worst part, from the postures stored for its
   * parts, for the given Systems and the Systems whose stored worst part is
   * one of `entityRefs` (a part that changed, moved or left). A few indexed
   * reads per call, whatever the number of entities: the audit then reads
   * the rollup with the row.
   */
  async rollUpParts(options: {
    entityRefs: string[];
    systemRefs: string[];
  }): Promise<SystemPartsRollup[]> {
    const systemRefs = new Set(options.systemRefs);
    for (let i = 0; i < options.entityRefs.length; i += WRITE_BATCH) {
      const rows = await this.#db(TABLE)
        .whereIn('worst_part_ref', options.entityRefs.slice(i, i + WRITE_BATCH))
        .select('entity_ref');
      for (const row of rows) systemRefs.add(row.entity_ref);
    }
    const refs = [...systemRefs];
    const result: SystemPartsRollup[] = [];
    for (let i = 0; i < refs.length; i += WRITE_BATCH) {
      const batch = refs.slice(i, i + WRITE_BATCH);
      const [systems, parts] = await Promise.all([
        this.#db(TABLE)
          .whereIn('entity_ref', batch)
          .select(
            'entity_ref',
            'kind',
            'owner',
            'posture',
            'worst_part_ref',
            'worst_part_overall',
          ),
        this.#db(TABLE)
          .whereIn('system_ref', batch)
          .whereNotNull('overall')
          // Among equally bad parts, worstPartOf's tie rule decides.
          .select('entity_ref', 'system_ref', 'overall', 'owner'),
      ]);
      const partsOf = new Map<string, WorstPart[]>();
      for (const part of parts) {
        const list = partsOf.get(part.system_ref) ?? [];
        list.push({
          entityRef: part.entity_ref,
          overall: part.overall,
          owner: part.owner ?? null,
        });
        partsOf.set(part.system_ref, list);
      }
      for (const system of systems) {
        if (system.kind.toLocaleLowerCase('en-US') !== 'system') continue;
        const worst = worstPartOf(partsOf.get(system.entity_ref) ?? []) ?? null;
        const changed =
          (worst?.entityRef ?? null) !== (system.worst_part_ref ?? null) ||
          (worst?.overall ?? null) !== (system.worst_part_overall ?? null);
        if (changed) {
          await this.#db(TABLE)
            .where('entity_ref', system.entity_ref)
            .update({
              worst_part_ref: worst?.entityRef ?? null,
              worst_part_overall: worst?.overall ?? null,
            });
        }
        result.push({
          entityRef: system.entity_ref,
          owner: system.owner ?? null,
          posture: this.#toStored(system)?.posture ?? null,
          worstPart: worst,
          changed,
        });
      }
    }
    return result;
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
    if (filter.visibility && !filter.visibility.all) {
      // Whether the caller may see each row's worst part, by the same
      // decision that lists the rows: one indexed lookup per row in the same
      // query, so a System never names a part its reader may not see.
      const visiblePart = this.#db(`${TABLE} as wp`)
        .select(this.#db.raw('1'))
        .where('wp.entity_ref', this.#db.ref('e.worst_part_ref'));
      whereDrEntityVisible(visiblePart, filter.visibility, WORST_PART_COLUMNS);
      query.select(
        this.#db.raw('exists ? as worst_part_visible', [visiblePart]),
      );
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
      system_ref: snapshot.systemRef ?? null,
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
      ...(row.system_ref ? { systemRef: row.system_ref } : {}),
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
      worstPart:
        row.worst_part_ref && row.worst_part_overall
          ? { entityRef: row.worst_part_ref, overall: row.worst_part_overall }
          : null,
      // Selected only under a conditional visibility (0/1 on SQLite).
      worstPartHidden:
        row.worst_part_visible !== undefined && !Number(row.worst_part_visible),
    };
  }
}
