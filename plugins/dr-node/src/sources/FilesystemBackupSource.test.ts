/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { FilesystemBackupSource } from './FilesystemBackupSource';
import { InMemoryIndexSink } from '../testUtils/InMemoryIndexSink';

describe('FilesystemBackupSource', () => {
  let root: string;
  let source: FilesystemBackupSource;
  const logger = mockServices.logger.mock();

  function write(key: string, content = 'data', mtime?: Date) {
    const file = path.join(root, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    if (mtime) fs.utimesSync(file, mtime, mtime);
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-fs-source-'));
    source = new FilesystemBackupSource({
      id: 'volume',
      directory: root,
      logger,
    });
  });

  // FIFOs standing in for a hung mount; opening one read-write releases a
  // reader blocked on it with EOF, so no thread stays stuck after the test.
  const fifos: string[] = [];
  afterEach(() => {
    for (const fifo of fifos.splice(0)) {
      fs.closeSync(fs.openSync(fifo, fs.constants.O_RDWR));
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('indexes files with times from their names, sizes, checksums and WAL segments', async () => {
    write('orders-db/orders_full_20261120_020000.sql.gz', 'dump');
    write(
      'orders-db/orders_full_20261120_020000.sql.gz.sha256',
      `${'a'.repeat(64)}  orders_full_20261120_020000.sql.gz\n`,
    );
    const walTime = new Date('2026-11-20T03:05:00Z');
    write('orders-db/wal/000000010000000000000001', 'wal', walTime);
    write('orders-db/.hidden', 'x');
    const sink = new InMemoryIndexSink();

    const result = await source.index({ sink, logger });

    expect(result).toMatchObject({ mode: 'full', listed: 2, removed: 0 });
    expect(sink.sortedKeys()).toEqual([
      'orders-db/orders_full_20261120_020000.sql.gz',
      'orders-db/wal/000000010000000000000001',
    ]);
    expect(
      sink.backups.get('orders-db/orders_full_20261120_020000.sql.gz'),
    ).toMatchObject({
      type: 'full',
      status: 'succeeded',
      completedAt: new Date('2026-11-20T02:00:00Z'),
      sizeBytes: 4,
      checksum: `sha256:${'a'.repeat(64)}`,
    });
    expect(
      sink.backups.get('orders-db/wal/000000010000000000000001'),
    ).toMatchObject({
      type: 'wal',
      completedAt: walTime,
    });
  });

  it('re-reads only changed directories and forgets deleted files', async () => {
    write('a/app_full_20261101_000000.sql.gz');
    write('b/app_full_20261101_000000.sql.gz');
    const sink = new InMemoryIndexSink();
    const first = await source.index({ sink, logger });

    const unchanged = await source.index({
      sink,
      logger,
      previousState: first.state,
    });
    expect(unchanged).toMatchObject({
      mode: 'incremental',
      listed: 0,
      upserted: 0,
      removed: 0,
    });

    fs.rmSync(path.join(root, 'a/app_full_20261101_000000.sql.gz'));
    write('b/app_full_20261102_000000.sql.gz');
    const changed = await source.index({
      sink,
      logger,
      previousState: unchanged.state,
    });
    expect(changed.removed).toBe(1);
    expect(sink.sortedKeys()).toEqual([
      'b/app_full_20261101_000000.sql.gz',
      'b/app_full_20261102_000000.sql.gz',
    ]);
  });

  it('forgets whole directories that disappeared', async () => {
    write('gone/deep/app_full_20261101_000000.sql.gz');
    write('kept/app_full_20261101_000000.sql.gz');
    const sink = new InMemoryIndexSink();
    const first = await source.index({ sink, logger });
    fs.rmSync(path.join(root, 'gone'), { recursive: true });
    await source.index({ sink, logger, previousState: first.state });
    expect(sink.sortedKeys()).toEqual(['kept/app_full_20261101_000000.sql.gz']);
  });

  it('fails loudly when the volume is missing, keeping the index untouched', async () => {
    const sink = new InMemoryIndexSink();
    write('a/app_full_20261101_000000.sql.gz');
    await source.index({ sink, logger });
    fs.rmSync(root, { recursive: true });
    await expect(source.index({ sink, logger })).rejects.toThrow(
      /does not exist/,
    );
    expect(sink.backups.size).toBe(1);
  });

  it('streams backups and refuses keys outside the volume', async () => {
    write('db/app_full_20261101_000000.sql', 'select 1;');
    const stream = await source.openReadStream(
      'db/app_full_20261101_000000.sql',
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('select 1;');
    await expect(
      source.statSize('db/app_full_20261101_000000.sql'),
    ).resolves.toBe(9);
    await expect(source.openReadStream('../etc/passwd')).rejects.toThrow(
      /outside the backup directory/,
    );
    await expect(source.openReadStream('db/missing.sql')).rejects.toThrow(
      /no longer exists/,
    );
  });

  // A FIFO without a writer blocks open() like a file on a hung NFS mount.
  it('fails a run whose filesystem call hangs, after the configured request timeout', async () => {
    write('db/app_full_20261101_000000.sql', 'select 1;');
    const sidecar = path.join(root, 'db/app_full_20261101_000000.sql.sha256');
    execFileSync('mkfifo', [sidecar]);
    fifos.push(sidecar);
    const hung = FilesystemBackupSource.fromConfig({
      id: 'nfs',
      logger,
      config: new ConfigReader({
        type: 'filesystem',
        directory: root,
        timeouts: { request: '1s' },
      }),
    });
    await expect(
      hung.index({ sink: new InMemoryIndexSink(), logger }),
    ).rejects.toThrow(
      'Reading "db/app_full_20261101_000000.sql.sha256" in source "nfs" timed out after 1 s',
    );
  }, 15_000);

  it('parses prefix selectors and rejects hostile ones', () => {
    expect(source.parseSelector('orders-db/')).toEqual({
      kind: 'prefix',
      prefix: 'orders-db/',
      canonical: 'orders-db/',
    });
    expect(() => source.parseSelector('')).toThrow(/needs a key prefix/);
    expect(() => source.parseSelector('../secrets')).toThrow(
      /must not contain/,
    );
    expect(() => source.parseSelector('/abs')).toThrow(/must be relative/);
  });
});
