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
    allowRestoreTests: false,
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

/** How the seed systems encrypt their dumps, with the real binaries. */
export type DumpEncryption =
  | 'openssl-evp-sha256' // seed 003: `openssl enc -aes-256-cbc -salt -k KEY`
  | 'openssl-evp-md5' // the same with OpenSSL < 1.1 (`-md md5`)
  | 'openssl-pbkdf2-iter' // `-pbkdf2 -iter 50000`
  | 'gpg'; // `gpg --symmetric`

/**
 * Encrypts `input` into `output` as the seed systems' backup jobs do, with
 * the real `openssl` or `gpg`; the passphrase goes through the environment
 * or stdin, never the command line.
 */
export function encryptDump(
  input: string,
  output: string,
  how: DumpEncryption,
  passphrase: string,
): void {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  if (how === 'gpg') {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-gnupg-'));
    try {
      execFileSync(
        'gpg',
        [
          '--batch',
          '--pinentry-mode',
          'loopback',
          '--passphrase-fd',
          '0',
          '--symmetric',
          '--output',
          output,
          input,
        ],
        {
          input: passphrase,
          env: { ...process.env, GNUPGHOME: home },
          stdio: 'pipe',
        },
      );
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
    return;
  }
  const extra = {
    'openssl-evp-sha256': [],
    'openssl-evp-md5': ['-md', 'md5'],
    'openssl-pbkdf2-iter': ['-pbkdf2', '-iter', '50000'],
  }[how];
  execFileSync(
    'openssl',
    [
      'enc',
      '-aes-256-cbc',
      '-salt',
      ...extra,
      '-in',
      input,
      '-out',
      output,
      '-pass',
      'env:DR_TEST_KEY',
    ],
    { env: { ...process.env, DR_TEST_KEY: passphrase }, stdio: 'pipe' },
  );
}
