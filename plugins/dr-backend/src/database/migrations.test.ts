/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { MIGRATIONS_DIRECTORY } from './migrations';

jest.setTimeout(60_000);

describe('migrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'go up and down cleanly on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory: MIGRATIONS_DIRECTORY,
        name: '20261121_init.js',
      });
      await knex('dr_drills').insert({
        id: 'd1',
        entity_ref: 'component:default/a',
        scenario: 's',
        started_at: new Date(),
        completed_at: new Date(),
        outcome: 'succeeded',
        measured_rto_seconds: 1,
        participants: '[]',
        action_items: '[]',
        recorded_by: 'user:default/a',
        recorded_at: new Date(),
      });
      const [{ n }] = await knex('dr_drills').count({ n: '*' });
      expect(Number(n)).toBe(1);
      await knex.migrate.down({ directory: MIGRATIONS_DIRECTORY });
      for (const table of [
        'dr_sources',
        'dr_backups',
        'dr_drills',
        'dr_entities',
        'dr_entity_facts',
        'dr_plans',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
    },
  );
});
