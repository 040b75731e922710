/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { readdirSync } from 'node:fs';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { MIGRATIONS_DIRECTORY } from './migrations';

jest.setTimeout(60_000);

/**
 * Every migration, in the order knex runs them. Read from the directory, so a
 * migration added later is stepped through too.
 */
const MIGRATIONS = readdirSync(MIGRATIONS_DIRECTORY)
  .filter(file => file.endsWith('.js'))
  .sort();

const T0 = new Date('2026-03-12T10:00:00Z');

/**
 * A row for each table, with the columns the table was created with, inserted
 * as soon as the table exists, to check that later migrations keep the data.
 * Tables without a row here are still checked to keep whatever they hold.
 */
const SEED_ROWS: Record<string, Record<string, unknown>> = {
  dr_sources: { source_id: 'demo', type: 'filesystem' },
  dr_backups: {
    id: 'b1',
    source_id: 'demo',
    key: 'orders-db/orders_full_20260312_093000.sql.gz',
    name: 'orders_full_20260312_093000.sql.gz',
    type: 'full',
    status: 'succeeded',
    sort_time: T0,
    details: '{}',
    fingerprint: 'f',
    indexed_at: T0,
  },
  dr_drills: {
    id: 'd1',
    entity_ref: 'component:default/orders',
    scenario: 'database-corruption',
    started_at: T0,
    completed_at: T0,
    outcome: 'succeeded',
    measured_rto_seconds: 1,
    participants: '[]',
    action_items: '[]',
    recorded_by: 'user:default/alice',
    recorded_at: T0,
  },
  dr_entities: {
    entity_ref: 'component:default/orders',
    kind: 'component',
    namespace: 'default',
    name: 'orders',
    drill_cadence_days: 90,
    has_objectives: true,
    selectors: '[]',
    scenarios: '[]',
    problems: '[]',
    fingerprint: 'f',
    synced_at: T0,
  },
  dr_entity_facts: {
    entity_ref: 'component:default/orders',
    scenario_drills: '{}',
    updated_at: T0,
  },
  dr_plans: {
    entity_ref: 'component:default/orders',
    location: './dr-plan.yaml',
    problems: '[]',
    fetched_at: T0,
  },
  dr_approvals: {
    id: 'a1',
    entity_ref: 'component:default/orders',
    status: 'pending',
    requester: 'user:default/alice',
    reason: 'Quarterly drill',
    parameters: '{}',
    parameter_hash: 'h',
    required_approvals: 1,
    backup: '{}',
    target: '{}',
    created_at: T0,
    expires_at: T0,
  },
  dr_approval_decisions: {
    approval_id: 'a1',
    approver: 'user:default/bob',
    decision: 'approve',
    decided_at: T0,
  },
  dr_recovery_window_states: {
    source_id: 'demo',
    prefix: 'orders-db/',
    generation: 0,
  },
};

/** The tables of the database, without knex's own bookkeeping. */
async function listTables(knex: Knex): Promise<string[]> {
  const names: string[] =
    knex.client.config.client === 'pg'
      ? (
          await knex('pg_tables')
            .where('schemaname', knex.raw('current_schema()'))
            .select('tablename as name')
        ).map(row => row.name)
      : (
          await knex('sqlite_master')
            .where('type', 'table')
            .whereNot('name', 'like', 'sqlite_%')
            .select('name')
        ).map(row => row.name);
  return names.filter(name => !name.startsWith('knex_migrations')).sort();
}

/** How many rows each table holds. */
async function countRows(knex: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await listTables(knex)) {
    const [{ n }] = await knex(table).count({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}

/** The counts of `before` for the tables that are also in `after`. */
function ofSurvivingTables(
  before: Record<string, number>,
  after: Record<string, unknown>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(before).filter(([table]) => table in after),
  );
}

async function completedMigrations(knex: Knex): Promise<string[]> {
  const [completed] = await knex.migrate.list({
    directory: MIGRATIONS_DIRECTORY,
  });
  return completed.map((migration: { name: string }) => migration.name);
}

describe('migrations', () => {
  const databases = createTestDatabases();

  it('are all found', () => {
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(4);
    expect(MIGRATIONS).toContain('20261121_init.js');
  });

  it.each(databases.eachSupportedId())(
    'go up one by one keeping the data, down to no table, and up again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      for (const [index, migration] of MIGRATIONS.entries()) {
        const before = await countRows(knex);
        await knex.migrate.up({ directory: MIGRATIONS_DIRECTORY });
        expect(await completedMigrations(knex)).toEqual(
          MIGRATIONS.slice(0, index + 1),
        );
        const after = await countRows(knex);
        // Every row survives, in every table the migration kept.
        expect(ofSurvivingTables(before, after)).toEqual(
          ofSurvivingTables(after, before),
        );
        // New tables get a row, which the next migrations must keep.
        for (const [table, row] of Object.entries(SEED_ROWS)) {
          if (table in after && !(table in before)) {
            await knex(table).insert(row);
          }
        }
        const seeded = await countRows(knex);
        const seededTables = Object.keys(SEED_ROWS).filter(
          table => table in seeded,
        );
        expect({
          migration,
          rows: ofSurvivingTables(seeded, SEED_ROWS),
        }).toEqual({
          migration,
          rows: Object.fromEntries(seededTables.map(table => [table, 1])),
        });
      }
      expect(Object.keys(await countRows(knex)).sort()).toEqual(
        expect.arrayContaining(Object.keys(SEED_ROWS).sort()),
      );

      for (let remaining = MIGRATIONS.length; remaining > 0; remaining--) {
        const before = await countRows(knex);
        await knex.migrate.down({ directory: MIGRATIONS_DIRECTORY });
        expect(await completedMigrations(knex)).toEqual(
          MIGRATIONS.slice(0, remaining - 1),
        );
        const after = await countRows(knex);
        // Rolling one migration back keeps the rows of the tables it keeps.
        expect(ofSurvivingTables(before, after)).toEqual(after);
      }
      expect(await listTables(knex)).toEqual([]);

      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await completedMigrations(knex)).toEqual(MIGRATIONS);
      expect(await listTables(knex)).toEqual(
        expect.arrayContaining(Object.keys(SEED_ROWS)),
      );
    },
  );
});
