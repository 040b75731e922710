/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { PostgresRestoreTarget } from '@dr-suite/backstage-plugin-dr-node';
import { Client } from 'pg';

/** The PostgreSQL the tests restore into, found by scripts/jest/postgresGlobalSetup.js. */
export const pgUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

/** `describe` when PostgreSQL is reachable; skipped (with the global warning) when not. */
export const describeWithPostgres = pgUrl ? describe : describe.skip;

export function pgSettings() {
  const url = new URL(pgUrl!);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export async function withClient<T>(
  database: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ ...pgSettings(), database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabases(...names: string[]): Promise<void> {
  await withClient('postgres', async client => {
    for (const name of names) {
      await client.query(
        `DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`,
      );
    }
  });
}

export function postgresTarget(
  database: string,
  extra: Partial<PostgresRestoreTarget> = {},
): PostgresRestoreTarget {
  return {
    id: 'staging',
    kind: 'postgres',
    title: 'Staging',
    environment: 'staging',
    allowedEntities: null,
    keepPrevious: false,
    connection: { ...pgSettings(), database, maintenanceDatabase: 'postgres' },
    ...extra,
  };
}

/** Dumps of a small seeded database, made with the real pg_dump. */
export interface SeededDumps {
  directory: string;
  rows: number;
  plain: string;
  plainGz: string;
  custom: string;
  encrypted: string;
  passphrase: string;
  cleanup(): Promise<void>;
}

/** Creates a database with an `orders` table, dumps it every way and drops it. */
export async function seedAndDump(rows = 500): Promise<SeededDumps> {
  const database = uniqueName('dr_test_source');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-dumps-'));
  await withClient('postgres', c =>
    c.query(`CREATE DATABASE ${c.escapeIdentifier(database)}`),
  );
  await withClient(database, async client => {
    await client.query(
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, total_cents bigint NOT NULL)',
    );
    await client.query(
      `INSERT INTO orders SELECT i, 'customer-' || (i % 97), i * 13 FROM generate_series(1, $1) AS i`,
      [rows],
    );
  });
  const settings = pgSettings();
  const env = {
    ...process.env,
    PGHOST: settings.host,
    PGPORT: String(settings.port),
    PGUSER: settings.user,
    ...(settings.password ? { PGPASSWORD: settings.password } : {}),
  };
  const plain = path.join(directory, 'orders_full_20261120_020000.sql');
  const custom = path.join(directory, 'orders_full_20261120_020000.dump');
  execFileSync(
    'pg_dump',
    ['--no-owner', '--no-privileges', '-f', plain, database],
    { env },
  );
  execFileSync(
    'pg_dump',
    ['--format=custom', '--no-owner', '-f', custom, database],
    { env },
  );
  const plainGz = `${plain}.gz`;
  fs.writeFileSync(plainGz, gzipSync(fs.readFileSync(plain)));
  const passphrase = 'correct horse battery staple';
  const encrypted = `${plainGz}.enc`;
  execFileSync('openssl', [
    'enc',
    '-aes-256-cbc',
    '-pbkdf2',
    '-salt',
    '-in',
    plainGz,
    '-out',
    encrypted,
    '-pass',
    `pass:${passphrase}`,
  ]);
  await dropDatabases(database);
  return {
    directory,
    rows,
    plain,
    plainGz,
    custom,
    encrypted,
    passphrase,
    cleanup: async () => fs.rmSync(directory, { recursive: true, force: true }),
  };
}

export async function countOrders(database: string): Promise<number> {
  return withClient(database, async client =>
    Number((await client.query('SELECT count(*) FROM orders')).rows[0].count),
  );
}
