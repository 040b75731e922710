/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from '@backstage/types';
import type {
  BackupPage,
  BackupRecord,
  BackupStatus,
  BackupType,
} from '@dr-suite/backstage-plugin-dr-common';
import type {
  BackupSelector,
  IndexSink,
  IndexedBackup,
} from '@dr-suite/backstage-plugin-dr-node';
import type { Knex } from 'knex';
import {
  readBoolean,
  readDate,
  readIso,
  readJson,
  readNumber,
} from './columnValues';
import { afterKeysetCursor, encodeKeysetCursor } from './keysetCursor';
import { DatabaseRecoveryWindows } from './DatabaseRecoveryWindows';
import { seriesOf } from '../indexing/backupSoundness';

const TABLE = 'dr_backups';
const WRITE_BATCH = 500;

/**
 * A backup selector bound to its source.
 * @internal
 */
export interface SourceSelector {
  sourceId: string;
  sourceType: string;
  selector: BackupSelector;
}

interface BackupRow {
  id: string;
  source_id: string;
  key: string;
  name: string;
  type: string;
  status: string;
  started_at: unknown;
  completed_at: unknown;
  sort_time: unknown;
  size_bytes: unknown;
  checksum: string | null;
  encrypted: unknown;
  details: string;
  fingerprint: string;
  indexed_at: unknown;
  series?: string | null;
  suspicion?: string | null;
}

/**
 * Which backups of a store a query counts: all of them, only archived WAL
 * segments, or only the others.
 * @internal
 */
export type BackupKinds = 'all' | 'wal' | 'not-wal';

function whereKinds(
  query: Knex.QueryBuilder,
  kinds: BackupKinds,
  column = 'type',
) {
  if (kinds === 'wal') query.where(column, 'wal');
  else if (kinds === 'not-wal') query.whereNot(column, 'wal');
  return query;
}

/**
 * Stable id of a backup: the same key in the same source always gets the same id.
 * @internal
 */
export function backupId(sourceId: string, key: string): string {
  return createHash('sha256')
    .update(`${sourceId}\n${key}`)
    .digest('hex')
    .slice(0, 32);
}

/** The smallest string greater than every string starting with `prefix`. */
function prefixUpperBound(prefix: string): string {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end -= 1;
  if (end === 0) return '\uffff';
  return (
    prefix.slice(0, end - 1) +
    String.fromCharCode(prefix.charCodeAt(end - 1) + 1)
  );
}

/** A plain Date whatever produced it; SQLite's driver binds nothing else. */
function toTimestamp(value: Date | null): Date | null {
  return value ? new Date(value.getTime()) : null;
}

/**
 * Persistence of indexed backups (`dr_backups`).
 * @internal
 */
export class DatabaseBackupStore {
  readonly #db: Knex;
  #recoveryWindows: DatabaseRecoveryWindows | undefined;

  constructor(db: Knex) {
    this.#db = db;
  }

  /** Recovery windows of the continuously archived stores among these rows. */
  get recoveryWindows(): DatabaseRecoveryWindows {
    this.#recoveryWindows ??= new DatabaseRecoveryWindows(this.#db, this);
    return this.#recoveryWindows;
  }

  /** The index of one source, as the source's indexing run writes it. */
  sinkFor(sourceId: string, sourceType: string): IndexSink {
    return {
      upsert: backups => this.#upsert(sourceId, sourceType, backups),
      remove: keys => this.#remove(sourceId, keys),
      keys: async prefix => {
        const query = this.#db(TABLE)
          .where('source_id', sourceId)
          .select('key');
        if (prefix)
          query
            .where('key', '>=', prefix)
            .where('key', '<', prefixUpperBound(prefix));
        return new Set((await query).map((r: { key: string }) => r.key));
      },
    };
  }

  async countForSource(sourceId: string): Promise<number> {
    const [{ count }] = await this.#db(TABLE)
      .where('source_id', sourceId)
      .count({ count: '*' });
    return Number(count);
  }

  async get(id: string): Promise<BackupRecord | undefined> {
    const row = await this.#db<BackupRow>(TABLE).where('id', id).first();
    return row ? this.#toRecord(row, new Map()) : undefined;
  }

  /** Whether the backup is one of those the selectors match. */
  async matches(id: string, selectors: SourceSelector[]): Promise<boolean> {
    const condition = await this.#condition(selectors);
    if (!condition) return false;
    const row = await this.#db(TABLE)
      .where('id', id)
      .where(condition)
      .first('id');
    return Boolean(row);
  }

  /**
   * Completion time of the newest successful backup the selectors match
   * that looks sound (no suspicion).
   */
  async newestSuccessful(selectors: SourceSelector[]): Promise<Date | null> {
    const condition = await this.#condition(selectors);
    if (!condition) return null;
    const row = await this.#db(TABLE)
      .where('status', 'succeeded')
      .whereNull('suspicion')
      .whereNotNull('completed_at')
      .where(condition)
      .max({ newest: 'completed_at' })
      .first();
    return readDate(row?.newest);
  }

  /**
   * Newest successful backup per entity, for many entities at once. Prefix
   * selectors are joined in SQL; filter selectors are evaluated per source.
   */
  async newestSuccessfulByEntity(
    entries: Array<{ entityRef: string; selectors: SourceSelector[] }>,
    kinds: BackupKinds = 'all',
  ): Promise<Map<string, Date | null>> {
    const result = new Map<string, Date | null>(
      entries.map(e => [e.entityRef, null]),
    );
    const keep = (entityRef: string, time: Date | null) => {
      const current = result.get(entityRef) ?? null;
      if (time && (!current || time > current)) result.set(entityRef, time);
    };

    const ranges: Array<[string, string, string, string]> = [];
    const filtered: Array<{
      entityRef: string;
      sourceSelector: SourceSelector;
    }> = [];
    for (const { entityRef, selectors } of entries) {
      for (const sourceSelector of selectors) {
        const { selector, sourceId } = sourceSelector;
        if (selector.kind === 'prefix') {
          ranges.push([
            entityRef,
            sourceId,
            selector.prefix,
            prefixUpperBound(selector.prefix),
          ]);
        } else {
          filtered.push({ entityRef, sourceSelector });
        }
      }
    }

    for (let i = 0; i < ranges.length; i += 200) {
      const chunk = ranges.slice(i, i + 200);
      const values = chunk.map(() => '(?, ?, ?, ?)').join(', ');
      // A correlated subquery per selector, so each is an index range scan; a
      // join lets PostgreSQL pick a sequential scan of the whole table.
      const newest = this.#db(`${TABLE} as b`)
        .max('b.completed_at')
        .where('b.status', 'succeeded')
        .whereNull('b.suspicion')
        .modify(query => whereKinds(query, kinds, 'b.type'))
        .whereRaw('b.source_id = sel.source_id')
        .whereRaw('b.key >= sel.lo')
        .whereRaw('b.key < sel.hi')
        .as('newest');
      const rows = await this.#db
        .with(
          'sel',
          ['entity_ref', 'source_id', 'lo', 'hi'],
          this.#db.raw(`VALUES ${values}`, chunk.flat()),
        )
        .select('sel.entity_ref', newest)
        .from('sel');
      for (const row of rows) keep(row.entity_ref, readDate(row.newest));
    }

    const bySource = new Map<string, typeof filtered>();
    for (const item of filtered) {
      const list = bySource.get(item.sourceSelector.sourceId) ?? [];
      list.push(item);
      bySource.set(item.sourceSelector.sourceId, list);
    }
    for (const [sourceId, items] of bySource) {
      const rows = await this.#db(TABLE)
        .where({ source_id: sourceId, status: 'succeeded' })
        .whereNull('suspicion')
        .modify(query => whereKinds(query, kinds))
        .whereNotNull('completed_at')
        .select('key', 'details', 'completed_at');
      for (const row of rows) {
        const candidate = {
          key: row.key,
          details: readJson<JsonObject>(row.details, {}),
        };
        for (const { entityRef, sourceSelector } of items) {
          const { selector } = sourceSelector;
          if (selector.kind === 'filter' && selector.matches(candidate)) {
            keep(entityRef, readDate(row.completed_at));
          }
        }
      }
    }
    return result;
  }

  /**
   * The newest suspicious backups (completed, but skipped for RPO) of these
   * sources, newest first, at most `limit`; the caller matches them to its
   * selectors. Suspicious backups are few, so one query serves many entities.
   */
  async newestSuspicious(
    sourceIds: string[],
    limit = 1000,
  ): Promise<
    Array<{
      sourceId: string;
      key: string;
      name: string;
      details: JsonObject;
      completedAt: Date | null;
      suspicion: string;
    }>
  > {
    if (!sourceIds.length) return [];
    const rows = await this.#db(TABLE)
      .whereIn('source_id', [...new Set(sourceIds)])
      .where('status', 'succeeded')
      .whereNotNull('suspicion')
      .orderBy('sort_time', 'desc')
      .limit(limit)
      .select(
        'source_id',
        'key',
        'name',
        'details',
        'completed_at',
        'suspicion',
      );
    return rows.map(row => ({
      sourceId: row.source_id,
      key: row.key,
      name: row.name,
      details: readJson<JsonObject>(row.details, {}),
      completedAt: readDate(row.completed_at),
      suspicion: row.suspicion,
    }));
  }

  /**
   * The continuous copies of these sources that do not count now, with why:
   * failed WAL rows whose `details.continuityProblem` says so (a replica
   * that is not streaming, or whose lag cannot be known). Such rows are few:
   * one per replica.
   */
  async continuityProblems(
    sourceIds: string[],
    limit = 1000,
  ): Promise<
    Array<{
      sourceId: string;
      key: string;
      details: JsonObject;
      problem: string;
    }>
  > {
    if (!sourceIds.length) return [];
    const rows = await this.#db(TABLE)
      .whereIn('source_id', [...new Set(sourceIds)])
      .where({ type: 'wal', status: 'failed' })
      .orderBy('sort_time', 'desc')
      .limit(limit)
      .select('source_id', 'key', 'details');
    return rows.flatMap(row => {
      const details = readJson<JsonObject>(row.details, {});
      const problem = details.continuityProblem;
      return typeof problem === 'string'
        ? [{ sourceId: row.source_id, key: row.key, details, problem }]
        : [];
    });
  }

  /**
   * Completion times and outcomes of the matched backups in a window, oldest
   * first, plus the newest successful one before it.
   */
  async completionsBetween(
    selectors: SourceSelector[],
    from: Date,
    to: Date,
  ): Promise<{
    before: Date | null;
    items: Array<{ completedAt: Date; succeeded: boolean }>;
  }> {
    const condition = await this.#condition(selectors);
    if (!condition) return { before: null, items: [] };
    const [rows, before] = await Promise.all([
      this.#db(TABLE)
        .where(condition)
        .whereIn('status', ['succeeded', 'failed', 'partially-failed'])
        .where('completed_at', '>=', from)
        .where('completed_at', '<=', to)
        .orderBy('completed_at', 'asc')
        .select('completed_at', 'status', 'suspicion'),
      this.#db(TABLE)
        .where(condition)
        .where('status', 'succeeded')
        .whereNull('suspicion')
        .where('completed_at', '<', from)
        .max({ newest: 'completed_at' })
        .first(),
    ]);
    return {
      before: readDate(before?.newest),
      // A suspicious backup does not close a gap: it counts as failed.
      items: rows.map(
        (row: {
          completed_at: unknown;
          status: string;
          suspicion: string | null;
        }) => ({
          completedAt: readDate(row.completed_at)!,
          succeeded: row.status === 'succeeded' && !row.suspicion,
        }),
      ),
    };
  }

  /** Backups the selectors match, newest first, with keyset paging. */
  async list(
    selectors: SourceSelector[],
    options: {
      limit: number;
      cursor?: string;
      statuses?: BackupStatus[];
      types?: BackupType[];
      /** Only backups a verified restore of this entity proved restorable. */
      verifiedFor?: string;
      /** Only backups taken at or after this instant. */
      since?: Date;
    },
  ): Promise<BackupPage> {
    const condition = await this.#condition(selectors);
    if (!condition) return { items: [], nextCursor: null };
    const query = this.#db<BackupRow>(TABLE)
      .where(condition)
      .orderBy([
        { column: 'sort_time', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    if (options.statuses?.length) query.whereIn('status', options.statuses);
    if (options.types?.length) query.whereIn('type', options.types);
    if (options.since) query.where('sort_time', '>=', options.since);
    if (options.verifiedFor) {
      query.whereIn(
        'id',
        this.#db('dr_backup_verifications')
          .where('entity_ref', options.verifiedFor)
          .select('backup_id'),
      );
    }
    if (options.cursor) {
      afterKeysetCursor(query, options.cursor, { time: 'sort_time', id: 'id' });
    }
    const rows = await query;
    const page = rows.slice(0, options.limit);
    const types = new Map(selectors.map(s => [s.sourceId, s.sourceType]));
    return {
      items: page.map(row => this.#toRecord(row, types)),
      nextCursor:
        rows.length > options.limit
          ? encodeKeysetCursor(
              readDate(page[page.length - 1].sort_time)!,
              page[page.length - 1].id,
            )
          : null,
    };
  }

  /** A WHERE clause matching the selectors, or undefined when nothing can match. */
  async #condition(
    selectors: SourceSelector[],
  ): Promise<((qb: Knex.QueryBuilder) => void) | undefined> {
    const prefixes: Array<{ sourceId: string; lo: string; hi: string }> = [];
    const ids: Array<{ sourceId: string; ids: string[] }> = [];
    for (const { sourceId, selector } of selectors) {
      if (selector.kind === 'prefix') {
        prefixes.push({
          sourceId,
          lo: selector.prefix,
          hi: prefixUpperBound(selector.prefix),
        });
      } else {
        const rows = await this.#db(TABLE)
          .where('source_id', sourceId)
          .select('id', 'key', 'details');
        const matched = rows
          .filter((row: { key: string; details: string }) =>
            selector.matches({
              key: row.key,
              details: readJson<JsonObject>(row.details, {}),
            }),
          )
          .map((row: { id: string }) => row.id);
        if (matched.length) ids.push({ sourceId, ids: matched });
      }
    }
    if (!prefixes.length && !ids.length) return undefined;
    return qb => {
      qb.where(outer => {
        for (const p of prefixes) {
          outer.orWhere(inner =>
            inner
              .where('source_id', p.sourceId)
              .where('key', '>=', p.lo)
              .where('key', '<', p.hi),
          );
        }
        for (const group of ids) {
          outer.orWhere(inner =>
            inner.where('source_id', group.sourceId).whereIn('id', group.ids),
          );
        }
      });
    };
  }

  async #upsert(
    sourceId: string,
    sourceType: string,
    backups: IndexedBackup[],
  ): Promise<void> {
    if (!backups.length) return;
    const now = new Date();
    const rows = backups.map(backup => {
      const details = JSON.stringify({ ...backup.details, sourceType });
      const fingerprint = createHash('sha256')
        .update(
          JSON.stringify([
            backup.name,
            backup.type,
            backup.status,
            backup.startedAt?.getTime() ?? null,
            backup.completedAt?.getTime() ?? null,
            backup.sizeBytes,
            backup.checksum,
            backup.encrypted,
            details,
            // Rows written before series existed are rewritten once with it.
            'series',
          ]),
        )
        .digest('hex');
      return {
        id: backupId(sourceId, backup.key),
        source_id: sourceId,
        key: backup.key,
        name: backup.name.slice(0, 1024),
        type: backup.type,
        status: backup.status,
        started_at: toTimestamp(backup.startedAt),
        completed_at: toTimestamp(backup.completedAt),
        sort_time: toTimestamp(backup.completedAt ?? backup.startedAt) ?? now,
        size_bytes: backup.sizeBytes,
        checksum: backup.checksum,
        encrypted: backup.encrypted,
        details,
        fingerprint,
        indexed_at: now,
        series: backup.type === 'wal' ? null : seriesOf(backup.key),
      };
    });
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      const written = await this.#db(TABLE)
        .insert(rows.slice(i, i + WRITE_BATCH))
        .onConflict(['source_id', 'key'])
        .merge([
          'name',
          'type',
          'status',
          'started_at',
          'completed_at',
          'sort_time',
          'size_bytes',
          'checksum',
          'encrypted',
          'details',
          'fingerprint',
          'indexed_at',
          'series',
        ])
        // Unchanged backups are not rewritten.
        .where(
          `${TABLE}.fingerprint`,
          '<>',
          this.#db.raw('excluded.fingerprint'),
        )
        .returning('key');
      // Only rows really written can change a stored recovery window.
      await this.recoveryWindows.backupsChanged(
        sourceId,
        written.map((row: { key: string }) => row.key),
      );
    }
  }

  async #remove(sourceId: string, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += WRITE_BATCH) {
      await this.#db(TABLE)
        .where('source_id', sourceId)
        .whereIn('key', keys.slice(i, i + WRITE_BATCH))
        .delete();
    }
    await this.recoveryWindows.backupsChanged(sourceId, keys);
  }

  #toRecord(row: BackupRow, types: Map<string, string>): BackupRecord {
    const details = readJson<JsonObject>(row.details, {});
    const { sourceType, ...rest } = details;
    return {
      id: row.id,
      sourceId: row.source_id,
      sourceType: types.get(row.source_id) ?? String(sourceType ?? 'unknown'),
      key: row.key,
      name: row.name,
      type: row.type as BackupType,
      status: row.status as BackupStatus,
      startedAt: readIso(row.started_at),
      completedAt: readIso(row.completed_at),
      sizeBytes: readNumber(row.size_bytes),
      checksum: row.checksum,
      encrypted: readBoolean(row.encrypted),
      ...(row.suspicion ? { suspicion: row.suspicion } : {}),
      details: rest,
    };
  }
}
