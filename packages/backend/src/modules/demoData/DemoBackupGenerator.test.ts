/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DemoBackupGenerator } from './DemoBackupGenerator';

const HOUR = 3600_000;

describe('DemoBackupGenerator', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-demo-'));
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  const files = (prefix: string) =>
    (
      fs.readdirSync(path.join(directory, prefix), {
        recursive: true,
      }) as string[]
    )
      .filter(f => fs.statSync(path.join(directory, prefix, f)).isFile())
      .sort();

  it('writes each data store’s backups up to now, dated when they were taken', () => {
    const now = new Date('2026-11-21T13:37:00Z');
    new DemoBackupGenerator({ directory }).run(now);

    const dumps = files('orders-db').filter(f => f.endsWith('.sql.gz'));
    expect(dumps).toHaveLength(28);
    expect(dumps[dumps.length - 1]).toBe('orders_full_20261121_120000.sql.gz');
    const newest = path.join(
      directory,
      'orders-db',
      'orders_full_20261121_120000.sql.gz',
    );
    expect(fs.statSync(newest).mtime).toEqual(new Date('2026-11-21T12:00:00Z'));
    expect(gunzipSync(fs.readFileSync(newest)).toString()).toMatch(
      /^-- Demo dump of orders-db[\s\S]*CREATE TABLE IF NOT EXISTS orders/,
    );
    expect(fs.readFileSync(`${newest}.sha256`, 'utf8')).toMatch(
      /^[0-9a-f]{64} {2}orders_full_20261121_120000\.sql\.gz\n$/,
    );
    // WAL every five minutes for a day, the newest one from 13:35.
    expect(files('orders-db/wal')).toHaveLength(288);

    // The catalog database's nightly job stopped three days ago.
    const catalog = files('catalog-db');
    expect(catalog[catalog.length - 1]).toBe(
      'catalog-full-20261118-000000.sql.gz',
    );
  });

  it('only adds what is new and expires what retention would remove', () => {
    const generator = new DemoBackupGenerator({ directory });
    const first = generator.run(new Date('2026-11-21T13:37:00Z'));
    expect(generator.run(new Date('2026-11-21T13:37:00Z'))).toEqual({
      written: 0,
      removed: 0,
    });
    const later = generator.run(
      new Date(Date.parse('2026-11-21T13:37:00Z') + 6 * HOUR),
    );
    expect(later.written).toBeGreaterThan(0);
    expect(later.removed).toBe(later.written);
    expect(first.written).toBeGreaterThan(600);
  });
});
