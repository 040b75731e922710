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
  EntityFilter,
  EntityWithFacts,
} from '../database/DatabaseEntityStore';
import { assemblePosture } from '../posture/PostureAssembler';
import { advancePosture } from '../posture/PostureCalculator';
import type { PostureRefresher } from '../posture/PostureRefresher';
import { factsOf, inputsOf } from '../posture/entitySnapshot';
import { csvSafe } from './csvSafe';
import type { DatabaseBackupVerificationStore } from '../database/DatabaseBackupVerificationStore';
import { verifiedRpoOf } from '../posture/VerifiedRestorablePosture';
import { withStoredRollup } from '../posture/systemRollup';

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
  'lastVerifiedRestorableBackupAt',
  'verifiedRpoSeconds',
  // Appended, so spreadsheets reading columns by position keep working.
  'drivenBy',
  'drivenByHidden',
];

/** Best to worst. */
const STATUS_ORDER: ObjectiveStatus[] = ['met', 'unknown', 'breached'];

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
  // A System is listed as bad as its worst part, stored with its row; a
  // part the caller may not see still counts but goes unnamed.
  const rollup = withStoredRollup(posture, entity.worstPart).rollup;
  const drivenByHidden = Boolean(rollup?.drivenBy && entity.worstPartHidden);
  return {
    entityRef: entity.entityRef,
    kind: entity.kind,
    namespace: entity.namespace,
    name: entity.name,
    title: entity.title,
    owner: entity.owner,
    tier: entity.tier,
    overall: rollup?.overall ?? posture.overall,
    drivenBy: drivenByHidden ? null : rollup?.drivenBy ?? null,
    drivenByHidden,
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

/** What the audit shows in its first column. */
function shownName(row: AuditRow): string {
  return row.title ?? row.name;
}

/**
 * Ascending order of an objective column, matching its arrow: met before
 * unknown before breached, then by the actual value, smallest first, so
 * descending puts the worst first.
 */
function compareObjective(
  a: { status: ObjectiveStatus; actual: number | null },
  b: { status: ObjectiveStatus; actual: number | null },
): number {
  return (
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    (a.actual ?? Infinity) - (b.actual ?? Infinity) ||
    0
  );
}

const SORTERS: Record<AuditSortField, (a: AuditRow, b: AuditRow) => number> = {
  // By the text the user reads in the column, the ref only breaking ties.
  entity: (a, b) =>
    shownName(a).localeCompare(shownName(b), 'en', { sensitivity: 'base' }),
  owner: (a, b) =>
    compareNullable(a.owner, b.owner, (x, y) => x.localeCompare(y)),
  tier: (a, b) => compareNullable(a.tier, b.tier, (x, y) => x.localeCompare(y)),
  overall: (a, b) =>
    OVERALL_STATUSES.indexOf(a.overall) - OVERALL_STATUSES.indexOf(b.overall),
  rpo: (a, b) =>
    compareObjective(
      { status: a.rpoStatus, actual: a.rpoActualSeconds },
      { status: b.rpoStatus, actual: b.rpoActualSeconds },
    ),
  rto: (a, b) =>
    compareObjective(
      { status: a.rtoStatus, actual: a.rtoMeasuredSeconds },
      { status: b.rtoStatus, actual: b.rtoMeasuredSeconds },
    ),
  lastDrill: (a, b) =>
    compareNullable(
      a.lastDrillAt,
      b.lastDrillAt,
      (x, y) => Date.parse(x) - Date.parse(y),
    ),
};

/**
 * Whether the audit covers the entity at all: it has objectives, DR
 * annotations so broken that they leave none (a typo in the only objective
 * must not hide the entity), or it is a System judged by a part that has
 * objectives. Entities without any have no DR tab, and are neither listed
 * nor counted in the summary.
 */
function isAudited(row: AuditRow, hasObjectives: boolean) {
  return (
    hasObjectives ||
    row.problemCount > 0 ||
    Boolean(row.drivenBy) ||
    Boolean(row.drivenByHidden)
  );
}

function matchesOverall(row: AuditRow, overall: AuditQuery['overall']) {
  return !overall?.length || overall.includes(row.overall);
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
  readonly #verifications: DatabaseBackupVerificationStore | undefined;

  constructor(options: {
    entities: DatabaseEntityStore;
    criticalTier: string;
    /** Assembles the rows without a current stored posture. */
    postures?: PostureRefresher;
    /** Fills the verified-restorable columns. */
    verifications?: DatabaseBackupVerificationStore;
  }) {
    this.#entities = options.entities;
    this.#criticalTier = options.criticalTier;
    this.#postures = options.postures;
    this.#verifications = options.verifications;
  }

  /** The rows with their newest verified restorable backup and its age. */
  async #withVerified(rows: AuditRow[], now: Date): Promise<AuditRow[]> {
    const newest = await this.#verifications?.newest(
      rows.map(r => r.entityRef),
    );
    return rows.map(row => {
      const verified = newest?.get(row.entityRef);
      return {
        ...row,
        lastVerifiedRestorableBackupAt:
          verified?.backupCompletedAt?.toISOString() ?? null,
        verifiedRpoSeconds: verifiedRpoOf(verified, row.rpoTargetSeconds, now)
          .actualSeconds,
      };
    });
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

  /** `visibility`: the entities the permission policy lets the caller see. */
  async page(
    query: AuditQuery & Pick<EntityFilter, 'visibility'>,
    now = new Date(),
  ): Promise<AuditPage> {
    const entities = await this.#entities.listWithFacts(query);
    const assemble = await this.#assembler(now);
    const rows = entities
      .map(entity => ({ entity, row: toAuditRow(entity, now, assemble) }))
      .filter(({ entity, row }) => isAudited(row, entity.hasObjectives))
      .map(({ row }) => row);
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
    for (const row of rows) {
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
      .filter(row => matchesOverall(row, query.overall))
      .sort(
        (a, b) =>
          direction * sorter(a, b) || a.entityRef.localeCompare(b.entityRef),
      );
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    return {
      items: await this.#withVerified(
        matching.slice(offset, offset + limit),
        now,
      ),
      totalCount: matching.length,
      summary,
      syncedAt: (await this.#entities.lastSyncedAt())?.toISOString() ?? null,
    };
  }

  /**
   * The filtered audit as CSV chunks, in entity-ref order, read and written a
   * batch at a time so memory stays flat whatever the catalog's size.
   */
  async *csv(
    query: AuditQuery & Pick<EntityFilter, 'visibility'>,
    now = new Date(),
  ): AsyncGenerator<string> {
    yield stringify([AUDIT_CSV_COLUMNS]);
    const assemble = await this.#assembler(now);
    for await (const batch of this.#entities.iterateWithFacts(query)) {
      const rows = [];
      for (const entity of batch) {
        const row = toAuditRow(entity, now, assemble);
        if (
          !isAudited(row, entity.hasObjectives) ||
          !matchesOverall(row, query.overall)
        ) {
          continue;
        }
        rows.push(row);
      }
      const records = (await this.#withVerified(rows, now)).map(row =>
        AUDIT_CSV_COLUMNS.map(column => csvSafe(row[column])),
      );
      if (records.length) yield stringify(records);
    }
  }
}
