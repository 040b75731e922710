/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@dr-suite/backstage-plugin-dr-backend',
  'migrations',
);

/**
 * Opens the plugin's database and brings its schema up to date, unless the
 * installation manages migrations itself.
 */
export async function connectDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir });
  }
  return knex;
}

/** For migration tests. */
export const MIGRATIONS_DIRECTORY = migrationsDir;
