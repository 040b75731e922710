/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';

export const SEED_SOURCE = 'archive';

/**
 * Components with a spread of objectives, each depending on the next one and
 * keeping its backups under `svc-<n>/` of the seeded source.
 */
export function benchEntities(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) => {
    const annotations: Record<string, string> = {
      'dr.backstage.io/backup-sources': `${SEED_SOURCE}:svc-${i}/`,
    };
    if (i % 4 === 0) annotations['dr.backstage.io/tier'] = 'tier-1';
    else {
      annotations['dr.backstage.io/rpo'] = i % 3 ? '12h' : '1d';
      annotations['dr.backstage.io/rto'] = '4h';
    }
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${i}`,
        namespace: 'default',
        title: `Service ${i}`,
        annotations,
      },
      spec: {
        type: 'service',
        owner: `group:default/team-${i % 50}`,
        lifecycle: 'production',
      },
      relations: [
        {
          type: 'dependsOn',
          targetRef: `component:default/svc-${(i + 1) % count}`,
        },
      ],
    };
  });
}

/**
 * Seeds backups and drills straight into the DR plugin's tables (created by
 * its migrations), generated server-side so millions of rows take a minute,
 * not an hour. One in seven services stopped backing up two days ago.
 */
export async function seedBackupsAndDrills(
  db: Knex,
  entities: number,
  perEntity: number,
): Promise<void> {
  await db.raw(
    `INSERT INTO dr_backups (id, source_id, key, name, type, status, started_at, completed_at,
                             sort_time, size_bytes, checksum, encrypted, details, fingerprint, indexed_at)
     SELECT substr(md5(?::text || chr(10) || k), 1, 32), ?, k, substr(k, strpos(k, '/') + 1), 'full',
            CASE WHEN j % 50 = 7 THEN 'failed' ELSE 'succeeded' END, t, t, t,
            1000000 + (e * 7919 + j) % 1000000, NULL, NULL, '{}', 'seed', now()
       FROM (
         SELECT e, j, t,
                'svc-' || e || '/svc-' || e || '_full_' || to_char(t, 'YYYYMMDD_HH24MISS') || '.sql.gz' AS k
           FROM generate_series(0, ? - 1) AS e,
                generate_series(0, ? - 1) AS j,
                LATERAL (SELECT date_trunc('second', now())
                                - j * interval '6 hours'
                                - (e % 90) * interval '1 minute'
                                - CASE WHEN e % 7 = 0 THEN interval '2 days' ELSE interval '0' END AS t) AS times
       ) AS seeded`,
    [SEED_SOURCE, SEED_SOURCE, entities, perEntity],
  );
  await db.raw(
    `INSERT INTO dr_drills (id, entity_ref, scenario, started_at, completed_at, outcome, measured_rto_seconds,
                            measured_rpo_seconds, backup_id, participants, notes, action_items, approval_id,
                            task_id, recorded_by, recorded_at)
     SELECT gen_random_uuid()::text, 'component:default/svc-' || e, 'database-corruption',
            now() - (d * 45 + e % 30) * interval '1 day' - interval '1 hour',
            now() - (d * 45 + e % 30) * interval '1 day',
            CASE WHEN (e + d) % 9 = 0 THEN 'failed' ELSE 'succeeded' END,
            1800 + (e % 20) * 300, 600, NULL, '[]', NULL, '[]', NULL, NULL, 'external:bench', now()
       FROM generate_series(0, ? - 1) AS e, generate_series(0, 1) AS d`,
    [entities],
  );
  // Drill facts are kept by the drill API; recorded here in SQL, they are derived in SQL.
  await db.raw(
    `INSERT INTO dr_entity_facts (entity_ref, last_successful_drill_at, last_successful_drill_rto_seconds,
                                  last_drill_at, last_drill_outcome, scenario_drills, updated_at)
     SELECT s.entity_ref, s.completed_at, s.measured_rto_seconds, l.completed_at, l.outcome,
            json_build_object(s.scenario, json_build_object(
              'completedAt', to_char(s.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'rtoSeconds', s.measured_rto_seconds))::text,
            now()
       FROM (SELECT DISTINCT ON (entity_ref) * FROM dr_drills WHERE outcome = 'succeeded'
              ORDER BY entity_ref, completed_at DESC) s
       JOIN (SELECT DISTINCT ON (entity_ref) * FROM dr_drills ORDER BY entity_ref, completed_at DESC) l
      USING (entity_ref)
     ON CONFLICT (entity_ref) DO UPDATE SET
       last_successful_drill_at = excluded.last_successful_drill_at,
       last_successful_drill_rto_seconds = excluded.last_successful_drill_rto_seconds,
       last_drill_at = excluded.last_drill_at,
       last_drill_outcome = excluded.last_drill_outcome,
       scenario_drills = excluded.scenario_drills`,
  );
  await db.raw('ANALYZE dr_backups');
  await db.raw('ANALYZE dr_drills');
  await db('dr_sources')
    .where('source_id', SEED_SOURCE)
    .update({ status: 'ok', last_success_at: new Date() });
}
