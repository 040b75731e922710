/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { stringify } from 'csv-stringify/sync';
import {
  type AuditPage,
  type AuditQuery,
  type AuditRow,
  type AuditSortField,
  type AuditSummary,
  type EntityPosture,
  OVERALL_STATUSES,
  type ObjectiveStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import type {
  DatabaseEntityStore,
  EntityWithFacts,
} from '../database/DatabaseEntityStore';
import { assemblePosture } from '../posture/PostureAssembler';
import { advancePosture } from '../posture/PostureCalculator';
import type { PostureRefresher } from '../posture/PostureRefresher';
import { factsOf, inputsOf } from '../posture/entitySnapshot';

/** Columns of the CSV export, in order. */
export const AUDIT_CSV_COLUMNS: Array<keyof AuditRow> = [
  'entityRef',
  'kind',
  'namespace',
  'name',
  'title',
  'owner',
  'tier',
  'overall',
  'rpoStatus',
  'rpoTargetSeconds',
  'rpoActualSeconds',
  'lastSuccessfulBackupAt',
  'rtoStatus',
  'rtoTargetSeconds',
  'rtoMeasuredSeconds',
  'lastSuccessfulDrillAt',
  'drillStatus',
  'lastDrillAt',
  'drillCadenceDays',
  'scenariosBreached',
  'problemCount',
];

const STATUS_ORDER: ObjectiveStatus[] = ['breached', 'unknown', 'met'];

/** Judges a row that has no stored posture yet, or one that stopped holding. */
type Assemble = (entity: EntityWithFacts) => EntityPosture;

/**
 * The entity's posture as stored, aged to `now`; assembled by the one
 * assembler when the stored one is missing or no longer holds.
 */
function postureOf(
  entity: EntityWithFacts,
  now: Date,
  assemble: Assemble,
): EntityPosture {
  const stored = entity.stored;
  if (stored && (!stored.nextChangeAt || stored.nextChangeAt > now)) {
    return advancePosture(stored.posture, now);
  }
  return assemble(entity);
}

function toAuditRow(
  entity: EntityWithFacts,
  now: Date,
  assemble: Assemble,
): AuditRow {
  const posture = postureOf(entity, now, assemble);
  return {
    entityRef: entity.entityRef,
    kind: entity.kind,
    namespace: entity.namespace,
    name: entity.name,
    title: entity.title,
    owner: entity.owner,
    tier: entity.tier,
    overall: posture.overall,
    rpoStatus: posture.rpo.status,
    rpoTargetSeconds: posture.rpo.targetSeconds,
    rpoActualSeconds: posture.rpo.actualSeconds,
    lastSuccessfulBackupAt: posture.rpo.lastSuccessfulBackupAt,
    rtoStatus: posture.rto.status,
    rtoTargetSeconds: posture.rto.targetSeconds,
    rtoMeasuredSeconds: posture.rto.measuredSeconds,
    lastSuccessfulDrillAt: posture.rto.lastSuccessfulDrillAt,
    drillStatus: posture.drills.status,
    lastDrillAt: posture.drills.lastDrillAt,
    drillCadenceDays: posture.drills.cadenceDays,
    scenariosBreached: posture.scenarios.filter(
      s => s.rpo.status === 'breached' || s.rto.status === 'breached',
    ).length,
    problemCount: posture.problems.filter(p => p.severity !== 'info').length,
  };
}

function compareNullable<T>(
  a: T | null,
  b: T | null,
  compare: (x: T, y: T) => number,
): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compare(a, b);
}

const SORTERS: Record<AuditSortField, (a: AuditRow, b: AuditRow) => number> = {
  entity: (a, b) => a.entityRef.localeCompare(b.entityRef),
  owner: (a, b) =>
    compareNullable(a.owner, b.owner, (x, y) => x.localeCompare(y)),
  tier: (a, b) => compareNullable(a.tier, b.tier, (x, y) => x.localeCompare(y)),
  overall: (a, b) =>
    OVERALL_STATUSES.indexOf(a.overall) - OVERALL_STATUSES.indexOf(b.overall),
  // Worst first, then by how far the actual value is from its target.
  rpo: (a, b) =>
    STATUS_ORDER.indexOf(a.rpoStatus) - STATUS_ORDER.indexOf(b.rpoStatus) ||
    compareNullable(b.rpoActualSeconds, a.rpoActualSeconds, (x, y) => x - y),
  rto: (a, b) =>
    STATUS_ORDER.indexOf(a.rtoStatus) - STATUS_ORDER.indexOf(b.rtoStatus) ||
    compareNullable(
      b.rtoMeasuredSeconds,
      a.rtoMeasuredSeconds,
      (x, y) => x - y,
    ),
  lastDrill: (a, b) =>
    compareNullable(
      a.lastDrillAt,
      b.lastDrillAt,
      (x, y) => Date.parse(x) - Date.parse(y),
    ),
};

function matchesOverall(
  row: AuditRow,
  overall: AuditQuery['overall'],
  hasObjectives: boolean,
) {
  // Without a status filter the audit lists entities that have objectives,
  // and those whose DR annotations are broken: a typo in the only objective
  // leaves none, and must not hide the entity from the audit.
  return overall?.length
    ? overall.includes(row.overall)
    : hasObjectives || row.problemCount > 0;
}

/** Neutralises cells a spreadsheet would run as a formula. */
function csvSafe(value: unknown): unknown {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value)
    ? `'${value}`
    : value;
}

/**
 * The catalog-wide DR audit: one row per entity, read from the postures
 * stored per entity, the very ones the DR tab serves.
 * @internal
 */
export class AuditService {
  readonly #entities: DatabaseEntityStore;
  readonly #criticalTier: string;
  readonly #postures: PostureRefresher | undefined;

  constructor(options: {
    entities: DatabaseEntityStore;
    criticalTier: string;
    /** Assembles the rows without a current stored posture. */
    postures?: PostureRefresher;
  }) {
    this.#entities = options.entities;
    this.#criticalTier = options.criticalTier;
    this.#postures = options.postures;
  }

  /** Assembles rows lacking a current stored posture, reading sources once. */
  async #assembler(now: Date): Promise<Assemble> {
    const postures = this.#postures;
    if (!postures) {
      return entity =>
        assemblePosture({
          inputs: inputsOf(entity),
          facts: factsOf(entity),
          sourceRows: [],
          sourceType: () => undefined,
          now,
        }).posture;
    }
    const sourceRows = await postures.sourceRows();
    return entity => postures.assemble(entity, sourceRows, now).posture;
  }

  async page(query: AuditQuery, now = new Date()): Promise<AuditPage> {
    const entities = await this.#entities.listWithFacts(query);
    const assemble = await this.#assembler(now);
    const rows = entities.map(entity => ({
      entity,
      row: toAuditRow(entity, now, assemble),
    }));
    const summary: AuditSummary = {
      total: rows.length,
      ok: 0,
      atRisk: 0,
      breach: 0,
      none: 0,
      criticalTier: {
        tier: this.#criticalTier,
        total: 0,
        rpoMet: 0,
        rtoMet: 0,
      },
    };
    for (const { row } of rows) {
      if (row.overall === 'ok') summary.ok += 1;
      else if (row.overall === 'at-risk') summary.atRisk += 1;
      else if (row.overall === 'breach') summary.breach += 1;
      else summary.none += 1;
      if (row.tier === this.#criticalTier) {
        summary.criticalTier.total += 1;
        if (row.rpoStatus === 'met') summary.criticalTier.rpoMet += 1;
        if (row.rtoStatus === 'met') summary.criticalTier.rtoMet += 1;
      }
    }
    const sorter = SORTERS[query.orderBy ?? 'entity'];
    const direction = query.order === 'desc' ? -1 : 1;
    const matching = rows
      .filter(({ entity, row }) =>
        matchesOverall(row, query.overall, entity.hasObjectives),
      )
      .map(({ row }) => row)
      .sort(
        (a, b) =>
          direction * sorter(a, b) || a.entityRef.localeCompare(b.entityRef),
      );
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    return {
      items: matching.slice(offset, offset + limit),
      totalCount: matching.length,
      summary,
      syncedAt: (await this.#entities.lastSyncedAt())?.toISOString() ?? null,
    };
  }

  /**
   * The filtered audit as CSV chunks, in entity-ref order, read and written a
   * batch at a time so memory stays flat whatever the catalog's size.
   */
  async *csv(query: AuditQuery, now = new Date()): AsyncGenerator<string> {
    yield stringify([AUDIT_CSV_COLUMNS]);
    const assemble = await this.#assembler(now);
    for await (const batch of this.#entities.iterateWithFacts(query)) {
      const records = [];
      for (const entity of batch) {
        const row = toAuditRow(entity, now, assemble);
        if (!matchesOverall(row, query.overall, entity.hasObjectives)) continue;
        records.push(AUDIT_CSV_COLUMNS.map(column => csvSafe(row[column])));
      }
      if (records.length) yield stringify(records);
    }
  }
}
