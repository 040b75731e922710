/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from '@backstage/types';
import type { RecoveryWindow } from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import { readDate, readJson } from './columnValues';
import type {
  DatabaseBackupStore,
  SourceSelector,
} from './DatabaseBackupStore';
import { DatabaseRecoveryWindowStates } from './DatabaseRecoveryWindowStates';
import {
  parseWalSegmentName,
  walSegmentName,
  walSegmentOfLsn,
  type WalSegment,
} from '../posture/walSegments';

type Scope = (qb: Knex.QueryBuilder) => Knex.QueryBuilder;

const TABLE = 'dr_backups';
const PAGE = 5000;
/** Newest WAL rows looked at for the newest segment-named one. */
const NEWEST_WAL_CANDIDATES = 20;

/** The smallest string greater than every string starting with `prefix`. */
function upperBound(prefix: string): string {
  return prefix
    ? prefix.slice(0, -1) +
        String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
    : '\uffff';
}

interface BaseBackup {
  key: string;
  startAt: Date;
  completedAt: Date | null;
  details: JsonObject;
}

/** Segments found from some number on, by number, on each timeline. */
type SegmentsByNumber = Map<
  number,
  Array<{ timeline: number; time: Date | null }>
>;

/** A position in the chain and the archive time of the newest segment walked. */
interface ChainEnd {
  reached: WalSegment;
  to: Date | null;
}

/**
 * Follows the chain from `end` through `byNumber`, the newest timeline
 * reachable first: a switch continues on a higher timeline at the same or
 * the next segment number; a missing number ends it.
 */
function walkChain(byNumber: SegmentsByNumber, end: ChainEnd): ChainEnd {
  const at = (number: number, minTimeline: number) =>
    (byNumber.get(number) ?? [])
      .filter(s => s.timeline >= minTimeline)
      .sort((a, b) => b.timeline - a.timeline)[0];
  let current = end.reached;
  let to = end.to;
  for (;;) {
    const switched = at(current.number, current.timeline + 1);
    if (switched) {
      current = { timeline: switched.timeline, number: current.number };
      to = latest(to, switched.time);
    }
    const next = at(current.number + 1, current.timeline);
    if (!next) break;
    current = { timeline: next.timeline, number: current.number + 1 };
    to = latest(to, next.time);
  }
  return { reached: current, to };
}

/** The base backups a window was computed from, as one comparable string. */
function basesFingerprint(bases: BaseBackup[]): string {
  const hash = createHash('sha256');
  for (const base of bases) {
    hash.update(
      JSON.stringify([
        base.key,
        base.startAt.getTime(),
        base.completedAt?.getTime() ?? null,
        base.details,
      ]),
    );
  }
  return hash.digest('hex');
}

/**
 * Recovery windows of continuously archived data stores, computed from the
 * indexed rows in SQL-sized steps: the WAL is read only from the newest
 * base backup's start segment on (about a day of segments with daily base
 * backups, however long the archive), and older base backups are judged
 * restorable by counting segments between two names (an index range count)
 * in a binary search, a handful of queries whatever the archive's length.
 * @internal
 */
export class DatabaseRecoveryWindows {
  readonly #db: Knex;
  readonly #backups: Pick<DatabaseBackupStore, 'newestSuccessful'>;

  readonly #states: DatabaseRecoveryWindowStates | undefined;

  constructor(
    db: Knex,
    backups: Pick<DatabaseBackupStore, 'newestSuccessful'>,
    options: {
      /**
       * Keep each store's window and extend it with the WAL archived since
       * (the default); false computes every window from scratch.
       */
      incremental?: boolean;
    } = {},
  ) {
    this.#db = db;
    this.#backups = backups;
    this.#states =
      options.incremental === false
        ? undefined
        : new DatabaseRecoveryWindowStates(db);
  }

  /**
   * Told of every backup row of a source that was written or removed:
   * forgets the stored windows these rows could change. WAL past the end of
   * a window's gap-free chain is what extending it reads anyway; anything
   * else under the store (an older segment, a base backup) means a full
   * computation next time.
   */
  async backupsChanged(sourceId: string, keys: string[]): Promise<void> {
    if (!this.#states || !keys.length) return;
    const stored = await this.#states.listForSource(sourceId);
    const affected = stored
      .filter(({ prefix, state }) =>
        keys.some(key => {
          if (!key.startsWith(prefix)) return false;
          if (!state || !key.startsWith(state.walDir)) return true;
          const segment = parseWalSegmentName(key.slice(state.walDir.length));
          return (
            !segment ||
            segment.timeline < state.start.timeline ||
            segment.number <= state.reached.number
          );
        }),
      )
      .map(s => s.prefix);
    await this.#states.invalidate(sourceId, affected);
  }

  /**
   * The recovery windows of the selectors' continuously archived stores, by
   * `sourceId:selector`, and, when there is any, the newest restorable point
   * over all selectors: a windowed store counts up to its window's end (never
   * WAL past a gap, nothing for WAL without a base backup), the others their
   * newest successful backup. `newest` is undefined without a window: the
   * caller's newest successful backup stands.
   */
  async restorablePoints(selectors: SourceSelector[]): Promise<{
    windows: Record<string, RecoveryWindow>;
    newest?: Date | null;
  }> {
    const windows: Record<string, RecoveryWindow> = {};
    const computed = await Promise.all(
      selectors.map(async s => ({ s, found: await this.#window(s) })),
    );
    if (computed.every(c => !c.found)) return { windows };
    let newest: Date | null = null;
    for (const { s, found } of computed) {
      let point: Date | null;
      if (found) {
        const { window, outsideWal } = found;
        windows[`${s.sourceId}:${s.selector.canonical}`] = window;
        const to = window.to ? new Date(window.to) : null;
        point = latest(to, await this.#newestOutside(outsideWal));
      } else {
        point = await this.#backups.newestSuccessful([s]);
      }
      newest = latest(newest, point);
    }
    return { windows, newest };
  }

  /** Newest successful backup beside the WAL folder (dumps, base backups). */
  async #newestOutside(outsideWal: Scope): Promise<Date | null> {
    const row = await this.#db(TABLE)
      .modify(outsideWal)
      .where('status', 'succeeded')
      .whereNull('suspicion')
      .whereNot('type', 'wal')
      .whereNotNull('completed_at')
      .max({ newest: 'completed_at' })
      .first();
    return readDate(row?.newest);
  }

  /**
   * The window of the data store a prefix selector names; undefined when it
   * has no WAL (not continuously archived) or the selector is not a prefix.
   */
  async windowFor(
    sourceSelector: SourceSelector,
  ): Promise<RecoveryWindow | undefined> {
    return (await this.#window(sourceSelector))?.window;
  }

  async #window(
    sourceSelector: SourceSelector,
  ): Promise<{ window: RecoveryWindow; outsideWal: Scope } | undefined> {
    const { sourceId, selector } = sourceSelector;
    if (selector.kind !== 'prefix') return undefined;
    const scope = (qb: Knex.QueryBuilder) =>
      qb
        .where('source_id', sourceId)
        .where('key', '>=', selector.prefix)
        .where('key', '<', upperBound(selector.prefix));

    // The newest segment-named WAL row; a few names in the folder that only
    // look like segments (indexed as failed, or by an older version) are
    // passed over rather than taken for the archive's end.
    const newestRows = await this.#db(TABLE)
      .modify(scope)
      .where({ type: 'wal', status: 'succeeded' })
      .orderBy('key', 'desc')
      .limit(NEWEST_WAL_CANDIDATES)
      .select('key', 'details');
    // Only WAL indexed segment by segment has a window to compute here:
    // pgBackRest and Barman report their archive as one row of their own.
    if (
      newestRows.some(
        (row: { details: unknown }) =>
          readJson<JsonObject>(row.details, {}).archiveMax !== undefined,
      )
    ) {
      return undefined;
    }
    const newestWal = newestRows.find((row: { key: string }) =>
      parseWalSegmentName(
        String(row.key).slice(String(row.key).lastIndexOf('/') + 1),
      ),
    );
    if (!newestWal) return undefined;
    const walDir = String(newestWal.key).slice(
      0,
      String(newestWal.key).lastIndexOf('/') + 1,
    );
    const walScope = (qb: Knex.QueryBuilder) =>
      qb
        .where('source_id', sourceId)
        .where('type', 'wal')
        .where('status', 'succeeded')
        .where('key', '>=', walDir)
        .where('key', '<', upperBound(walDir));
    // The selector's rows around the segment names (which start with a hex
    // digit), as two index ranges, so looking for base backups never reads
    // the (many) segments yet finds base backups kept in the WAL folder
    // (`wal/base_YYYYMMDD_HHMMSS/`).
    const outsideWal = (qb: Knex.QueryBuilder) =>
      qb
        .where('source_id', sourceId)
        .where(ranges =>
          ranges
            .where(r =>
              r
                .where('key', '>=', selector.prefix)
                .where('key', '<', `${walDir}0`),
            )
            .orWhere(r =>
              r
                .where('key', '>=', `${walDir}G`)
                .where('key', '<', upperBound(selector.prefix)),
            ),
        );
    const result = (window: RecoveryWindow) => ({
      window: { ...window, walPrefix: walDir },
      outsideWal,
    });

    const bases: BaseBackup[] = (
      await this.#db(TABLE)
        .modify(outsideWal)
        .where({ type: 'full', status: 'succeeded' })
        .whereNotNull('completed_at')
        .select('key', 'started_at', 'completed_at', 'details')
    )
      .map((row: Record<string, unknown>): BaseBackup => {
        const completedAt = readDate(row.completed_at);
        return {
          key: String(row.key),
          startAt: readDate(row.started_at) ?? completedAt!,
          completedAt,
          details: readJson<JsonObject>(row.details, {}),
        };
      })
      .sort(
        (a: BaseBackup, b: BaseBackup) =>
          a.startAt.getTime() - b.startAt.getTime(),
      );
    if (!bases.length) {
      return result({
        from: null,
        to: null,
        reason:
          'WAL is archived but there is no base backup to replay it onto: nothing can be restored.',
      });
    }

    const newest = bases[bases.length - 1];
    const fingerprint = basesFingerprint(bases);
    const stored = await this.#states?.load(sourceId, selector.prefix);
    const known = stored?.state;
    if (
      stored &&
      known &&
      known.walDir === walDir &&
      known.basesFingerprint === fingerprint
    ) {
      // Only the WAL from the end of the known gap-free chain on.
      const found = await this.#segmentsFrom(
        walDir,
        walScope,
        known.start.timeline,
        known.reached,
      );
      // WAL archived out of order could move where a base backup starts:
      // then, and only then, the whole window is computed again.
      const floor = await this.#db(TABLE)
        .modify(walScope)
        .where('key', known.floor.key)
        .first('completed_at');
      if (
        readDate(floor?.completed_at)?.getTime() === known.floor.time &&
        (!found.earliest || !precedes(found.earliest, known.floor))
      ) {
        const end = walkChain(found.byNumber, {
          reached: known.reached,
          to: readDate(known.to),
        });
        await this.#states!.save(sourceId, selector.prefix, stored.generation, {
          ...known,
          reached: end.reached,
          to: end.to?.toISOString() ?? null,
        });
        return result(chainWindow(known.from, end, found.highest, newest));
      }
    }

    const start = await this.#startSegment(newest, walScope);
    if (!start) {
      return result({
        from: newest.startAt.toISOString(),
        to: newest.completedAt?.toISOString() ?? null,
        reason: 'No WAL was archived after the newest base backup.',
      });
    }

    // Every segment from the start on, on its timeline or a later one.
    const found = await this.#segmentsFrom(
      walDir,
      walScope,
      start.timeline,
      start,
    );
    const first = (found.byNumber.get(start.number) ?? []).sort(
      (a, b) => b.timeline - a.timeline,
    )[0];
    if (!first || first.timeline !== start.timeline) {
      return result({
        from: null,
        to: null,
        gapAt: walSegmentName(start),
        reason: `The WAL segment ${walSegmentName(
          start,
        )} the newest base backup starts from is missing: it cannot be restored.`,
      });
    }
    const end = walkChain(found.byNumber, { reached: start, to: first.time });
    const from = (
      await this.#oldestRestorable(bases, start, walDir, walScope)
    ).toISOString();
    const floor = await this.#firstArchivedFrom(newest.startAt, walScope);
    if (stored && floor) {
      await this.#states!.save(sourceId, selector.prefix, stored.generation, {
        walDir,
        basesFingerprint: fingerprint,
        start,
        floor: { time: floor.time.getTime(), key: floor.key },
        reached: end.reached,
        to: end.to?.toISOString() ?? null,
        from,
      });
    }
    return result(chainWindow(from, end, found.highest, newest));
  }

  /**
   * The segments from `from` on (by key: the rest of its timeline, then the
   * later timelines), with the highest segment number among them and the
   * earliest archived of those past `from`.
   */
  async #segmentsFrom(
    walDir: string,
    walScope: Scope,
    startTimeline: number,
    from: WalSegment,
  ): Promise<{
    byNumber: SegmentsByNumber;
    highest: number;
    earliest?: { time: number; key: string };
  }> {
    const byNumber: SegmentsByNumber = new Map();
    let highest = from.number;
    let earliest: { time: number; key: string } | undefined;
    for (
      let after =
        walDir +
        walSegmentName({ timeline: startTimeline, number: from.number });
      ;

    ) {
      const rows = await this.#db(TABLE)
        .modify(walScope)
        .where('key', '>=', after)
        .orderBy('key', 'asc')
        .limit(PAGE)
        .select('key', 'completed_at');
      for (const row of rows) {
        const key = String(row.key);
        const segment = parseWalSegmentName(key.slice(walDir.length));
        if (
          !segment ||
          segment.timeline < startTimeline ||
          segment.number < from.number
        ) {
          continue;
        }
        const time = readDate(row.completed_at);
        const list = byNumber.get(segment.number) ?? [];
        list.push({ timeline: segment.timeline, time });
        byNumber.set(segment.number, list);
        highest = Math.max(highest, segment.number);
        if (time && segment.number > from.number) {
          const candidate = { time: time.getTime(), key };
          if (!earliest || precedes(candidate, earliest)) earliest = candidate;
        }
      }
      if (rows.length < PAGE) break;
      after = `${rows[rows.length - 1].key}\u0000`;
    }
    return { byNumber, highest, earliest };
  }

  /**
   * The start of the oldest base backup whose WAL reaches the newest one's
   * start without a gap. Restorability is monotonic in age, so a binary
   * search over the base backups with one range count per probe suffices.
   */
  async #oldestRestorable(
    bases: BaseBackup[],
    newestStart: WalSegment,
    walDir: string,
    walScope: (qb: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<Date> {
    const older = bases.slice(0, -1);
    // Usually the whole archive is contiguous: one range count decides.
    if (
      !older.length ||
      (await this.#reaches(older[0], newestStart, walDir, walScope))
    ) {
      return bases[0].startAt;
    }
    let lo = 1;
    let hi = older.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await this.#reaches(older[mid], newestStart, walDir, walScope)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return (older[lo] ?? bases[bases.length - 1]).startAt;
  }

  async #reaches(
    base: BaseBackup,
    newestStart: WalSegment,
    walDir: string,
    walScope: (qb: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<boolean> {
    const start = await this.#startSegment(base, walScope);
    if (!start || start.timeline !== newestStart.timeline) return false;
    // Two backups taken before the same first segment was archived: the WAL
    // between them was never indexed, so the older one is not shown to reach.
    const fromManifest =
      typeof base.details.startLsn === 'string' ||
      base.details.archive !== undefined ||
      base.details.archiveStart !== undefined;
    if (
      start.number > newestStart.number ||
      (start.number === newestStart.number && !fromManifest)
    ) {
      return false;
    }
    const [{ count }] = await this.#db(TABLE)
      .modify(walScope)
      .where('key', '>=', walDir + walSegmentName(start))
      .where('key', '<', walDir + walSegmentName(newestStart))
      .count({ count: '*' });
    return Number(count) === newestStart.number - start.number;
  }

  /**
   * The first segment a base backup needs: from its manifest (pg_basebackup
   * `startLsn`, pgBackRest `archive.start`) when known, else the first
   * segment archived after it started.
   */
  async #startSegment(
    base: BaseBackup,
    walScope: (qb: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<WalSegment | undefined> {
    const { details } = base;
    if (typeof details.startLsn === 'string') {
      const segment = walSegmentOfLsn(
        details.startLsn,
        Number(details.timeline ?? 1),
      );
      if (segment) return segment;
    }
    const archive = details.archive as JsonObject | undefined;
    const archiveStart =
      (archive && typeof archive === 'object' ? archive.start : undefined) ??
      details.archiveStart;
    if (typeof archiveStart === 'string') {
      const segment = parseWalSegmentName(archiveStart);
      if (segment) return segment;
    }
    const first = await this.#firstArchivedFrom(base.startAt, walScope);
    if (!first) return undefined;
    return parseWalSegmentName(first.key.slice(first.key.lastIndexOf('/') + 1));
  }

  /** The first WAL row archived at or after an instant (by time, then key). */
  async #firstArchivedFrom(
    instant: Date,
    walScope: Scope,
  ): Promise<{ key: string; time: Date } | undefined> {
    const row = await this.#db(TABLE)
      .modify(walScope)
      // sort_time is completed_at for archived segments, and indexed.
      .whereNotNull('completed_at')
      .where('sort_time', '>=', new Date(instant.getTime()))
      .orderBy('sort_time', 'asc')
      .orderBy('key', 'asc')
      .first('key', 'completed_at');
    return row
      ? { key: String(row.key), time: readDate(row.completed_at)! }
      : undefined;
  }
}

/** Whether `a` was archived before `b` (by time, then key). */
function precedes(
  a: { time: number; key: string },
  b: { time: number; key: string },
): boolean {
  return a.time < b.time || (a.time === b.time && a.key < b.key);
}

/** The window of a gap-free chain ending at `end`. */
function chainWindow(
  from: string,
  end: ChainEnd,
  highest: number,
  newest: BaseBackup,
): RecoveryWindow {
  const gapAt =
    highest > end.reached.number
      ? walSegmentName({
          timeline: end.reached.timeline,
          number: end.reached.number + 1,
        })
      : undefined;
  return {
    from,
    to: (end.to ?? newest.completedAt)?.toISOString() ?? null,
    ...(gapAt
      ? {
          gapAt,
          reason: `WAL segment ${gapAt} is missing: the store can be restored only up to the segment before it.`,
        }
      : {}),
  };
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
