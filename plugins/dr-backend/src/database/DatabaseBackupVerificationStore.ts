/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { BackupVerification } from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import { readDate, readIso } from './columnValues';

const TABLE = 'dr_backup_verifications';

/**
 * A backup of an entity that a verified drill restored.
 * @internal
 */
export interface VerifiedBackup extends BackupVerification {
  backupId: string;
  entityRef: string;
  /** The backup's name, while it is still indexed. */
  name: string | null;
  backupCompletedAt: Date | null;
}

/**
 * Which backups verified restores proved restorable
 * (`dr_backup_verifications`), per entity: the newest proof wins.
 * @internal
 */
export class DatabaseBackupVerificationStore {
  readonly #db: Knex;

  constructor(db: Knex) {
    this.#db = db;
  }

  async markVerified(verification: {
    backupId: string;
    entityRef: string;
    backupCompletedAt: Date | null;
    verifiedAt: Date;
    drillId: string;
    restoreTestPlan: string | null;
  }): Promise<void> {
    await this.#db(TABLE)
      .insert({
        backup_id: verification.backupId,
        entity_ref: verification.entityRef,
        backup_completed_at: verification.backupCompletedAt,
        verified_at: verification.verifiedAt,
        drill_id: verification.drillId,
        restore_test_plan: verification.restoreTestPlan,
      })
      .onConflict(['backup_id', 'entity_ref'])
      .merge();
  }

  /** A voided drill proves nothing: its verifications go with it. */
  async forgetDrill(drillId: string): Promise<void> {
    await this.#db(TABLE).where('drill_id', drillId).delete();
  }

  /** The verifications of these backups of the entity, by backup id. */
  async forBackups(
    entityRef: string,
    backupIds: string[],
  ): Promise<Map<string, BackupVerification>> {
    if (!backupIds.length) return new Map();
    const rows = await this.#db(TABLE)
      .where('entity_ref', entityRef)
      .whereIn('backup_id', backupIds);
    return new Map(rows.map(row => [row.backup_id, this.#toVerification(row)]));
  }

  /** The newest verified backup of each entity (by the backup's completion). */
  async newest(entityRefs: string[]): Promise<Map<string, VerifiedBackup>> {
    const result = new Map<string, VerifiedBackup>();
    if (!entityRefs.length) return result;
    const rows = await this.#db(`${TABLE} as v`)
      .leftJoin('dr_backups as b', 'b.id', 'v.backup_id')
      .whereIn('v.entity_ref', entityRefs)
      .orderBy([
        { column: 'v.entity_ref' },
        { column: 'v.backup_completed_at', order: 'desc', nulls: 'last' },
        { column: 'v.verified_at', order: 'desc' },
      ])
      .select('v.*', 'b.name as backup_name');
    for (const row of rows) {
      if (result.has(row.entity_ref)) continue;
      result.set(row.entity_ref, {
        ...this.#toVerification(row),
        backupId: row.backup_id,
        entityRef: row.entity_ref,
        name: row.backup_name ?? null,
        backupCompletedAt: readDate(row.backup_completed_at),
      });
    }
    return result;
  }

  #toVerification(row: Record<string, any>): BackupVerification {
    return {
      verifiedAt: readIso(row.verified_at)!,
      drillId: row.drill_id,
      restoreTestPlan: row.restore_test_plan ?? null,
    };
  }
}
