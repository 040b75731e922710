/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Knex } from 'knex';
import { judgeSeries, type SoundnessPolicy } from '../indexing/backupSoundness';
import { readBoolean, readNumber } from './columnValues';

const TABLE = 'dr_backups';
/** Backups of a series judged per run: the newest ones, with their history. */
const SERIES_WINDOW = 200;

/**
 * Judges whether completed backups look restorable and writes the reason
 * into `dr_backups.suspicion` (null when sound), for the series a run of
 * the source wrote to.
 * @internal
 */
export class DatabaseBackupSoundness {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  /**
   * Re-judges every series with a backup written at or after `since` (the
   * start of the indexing run). Returns the backups whose judgement changed.
   */
  async assess(
    sourceId: string,
    since: Date,
    policy: SoundnessPolicy,
  ): Promise<Array<{ key: string; suspicion: string | null }>> {
    const series: string[] = (
      await this.#db(TABLE)
        .where('source_id', sourceId)
        .where('indexed_at', '>=', since)
        .whereNotNull('series')
        .distinct('series')
    ).map((row: { series: string }) => row.series);
    const changed: Array<{ key: string; suspicion: string | null }> = [];
    for (const name of series) {
      const rows: Array<{
        id: string;
        key: string;
        type: string;
        size_bytes: unknown;
        encrypted: unknown;
        suspicion: string | null;
      }> = (
        await this.#db(TABLE)
          .where({ source_id: sourceId, series: name, status: 'succeeded' })
          .orderBy([
            { column: 'sort_time', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(SERIES_WINDOW)
          .select('id', 'key', 'type', 'size_bytes', 'encrypted', 'suspicion')
      ).reverse();
      const verdicts = judgeSeries(
        rows.map(row => ({
          id: row.id,
          type: row.type,
          sizeBytes: readNumber(row.size_bytes),
          encrypted: readBoolean(row.encrypted),
        })),
        policy,
        sourceId,
      );
      // A cut-off window lacks the history of its oldest rows: keep theirs.
      const firstJudged =
        rows.length === SERIES_WINDOW ? policy.sizeHistory : 0;
      for (let i = firstJudged; i < rows.length; i += 1) {
        if ((rows[i].suspicion ?? null) === verdicts[i]) continue;
        await this.#db(TABLE)
          .where('id', rows[i].id)
          .update({ suspicion: verdicts[i] });
        changed.push({ key: rows[i].key, suspicion: verdicts[i] });
      }
    }
    return changed;
  }
}
