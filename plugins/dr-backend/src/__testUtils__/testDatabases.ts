/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrations';

/**
 * The databases every store test runs against: SQLite always, and the local
 * PostgreSQL when scripts/jest/postgresGlobalSetup.js found it.
 */
export function createTestDatabases() {
  return TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
}

/** Starts a fresh migrated database of the given kind. */
export async function migratedDatabase(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
): Promise<Knex> {
  const knex = await databases.init(databaseId);
  await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  return knex;
}
