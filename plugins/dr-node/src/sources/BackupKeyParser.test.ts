/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { BackupKeyParser } from './BackupKeyParser';

describe('BackupKeyParser', () => {
  const parser = new BackupKeyParser();

  it('reads time, type and series from {prefix}_{type}_{YYYYMMDD}_{HHMMSS}', () => {
    const facts = parser.parse(
      'orders-db/orders_full_20261120_023000.sql.gz',
      1024,
    );
    expect(facts).toEqual({
      time: new Date('2026-11-20T02:30:00Z'),
      type: 'full',
      status: 'succeeded',
      encrypted: null,
      series: 'orders-db/orders_full_',
      ordered: true,
    });
  });

  it('reads {prefix}-full-{YYYYMMDD-HHMMSS} and incremental types', () => {
    expect(parser.parse('app-full-20261101-120000.sql.gz')).toMatchObject({
      time: new Date('2026-11-01T12:00:00Z'),
      type: 'full',
      series: 'app-full-',
    });
    expect(parser.parse('db/app_incr_20261101_120000.dump').type).toBe(
      'incremental',
    );
    expect(parser.parse('db/app_diff_20261101_120000.dump').type).toBe(
      'incremental',
    );
  });

  it('treats keys under the WAL prefix as continuous archiving, one series per directory', () => {
    expect(
      parser.parse('orders-db/wal/000000010000000000000042.gz'),
    ).toMatchObject({
      time: null,
      type: 'wal',
      series: 'orders-db/wal/',
      ordered: true,
    });
    expect(
      new BackupKeyParser({ walPrefix: 'archive/' }).parse('x/archive/0001')
        .type,
    ).toBe('wal');
  });

  it('tells WAL segments from the history files and backup markers beside them', () => {
    expect(
      parser.parse('db/wal/000000020000000A000000FF').notABackup,
    ).toBeUndefined();
    expect(parser.parse('db/wal/00000002.history').notABackup).toBe(
      'timeline history file',
    );
    expect(
      parser.parse('db/wal/000000010000000000000002.00000028.backup.gz')
        .notABackup,
    ).toBe('backup-start marker');
    // A promoted standby's unfinished segment is kept, as running.
    expect(
      parser.parse('db/wal/000000010000000000000003.partial'),
    ).toMatchObject({ type: 'wal', status: 'in-progress' });
  });

  it('fails names in a WAL folder that only look like segments, with the reason', () => {
    for (const name of [
      '00000001FFFFFFFF000001FF', // segment number past FF
      '0000000100000000000000GG', // not hex
      '00000001000000000000001', // 23 digits
      'README',
    ]) {
      expect(parser.parse(`db/wal/${name}`)).toMatchObject({
        type: 'wal',
        status: 'failed',
        problem: expect.stringContaining(
          `${name} is in a WAL folder but is not a WAL segment name`,
        ),
      });
    }
    expect(parser.parse('db/wal/000000010000000A000000FF.zst').problem).toBe(
      undefined,
    );
  });

  it('reads a pg_basebackup folder kept in the WAL folder by its name', () => {
    expect(parser.parse('db/wal/base_20240115_020000/')).toMatchObject({
      time: new Date('2024-01-15T02:00:00Z'),
    });
  });

  it('reads Redis copies dump-YYYYMMDD-HHMM.rdb as snapshots', () => {
    expect(parser.parse('redis/dump-20261130-1400.rdb')).toMatchObject({
      time: new Date('2026-11-30T14:00:00Z'),
      type: 'snapshot',
      series: 'redis/dump-',
      ordered: true,
    });
  });

  it('reads clickhouse-backup default names, a bare timestamp', () => {
    expect(parser.parse('chb/2026-11-30T02-00-00/')).toMatchObject({
      time: new Date('2026-11-30T02:00:00Z'),
      series: 'chb/',
      ordered: true,
    });
  });

  it('reads a backup set by its folder name', () => {
    expect(parser.parse('pg/base_20261130_090000/')).toMatchObject({
      time: new Date('2026-11-30T09:00:00Z'),
      series: 'pg/base_',
      ordered: true,
    });
  });

  it('falls back to no time for names without a known pattern', () => {
    expect(parser.parse('misc/latest.sql.gz')).toMatchObject({
      time: null,
      type: 'full',
      series: 'misc/',
      ordered: false,
    });
  });

  it('rejects impossible dates rather than rolling them over', () => {
    expect(parser.parse('db/app_full_20261340_250000.sql.gz').time).toBeNull();
  });

  it('flags encrypted, in-progress, failed and empty backups', () => {
    expect(parser.parse('db/app_full_20261101_120000.dump.enc').encrypted).toBe(
      true,
    );
    expect(
      parser.parse('db/app_full_20261101_120000.dump.partial').status,
    ).toBe('in-progress');
    expect(parser.parse('db/app_full_20261101_120000.dump.failed').status).toBe(
      'failed',
    );
    expect(parser.parse('db/app_full_20261101_120000.dump', 0).status).toBe(
      'failed',
    );
  });

  it('supports configured patterns with literal extensions and ISO times', () => {
    const custom = new BackupKeyParser({
      patterns: ['{prefix}.{ISO8601}.tar.zst'],
    });
    expect(
      custom.parse('etcd/snap.2026-11-20T01:02:03Z.tar.zst'),
    ).toMatchObject({
      time: new Date('2026-11-20T01:02:03Z'),
      series: 'etcd/snap.',
    });
    expect(
      custom.parse('etcd/snap.2026-11-20T01:02:03Z.tar.gz').time,
    ).toBeNull();
  });

  it('explains a broken pattern', () => {
    expect(
      () => new BackupKeyParser({ patterns: ['{prefix}_{nope}_{YYYYMMDD}'] }),
    ).toThrow(/unknown token \{nope\}/);
    expect(() => new BackupKeyParser({ patterns: ['{prefix}.sql'] })).toThrow(
      /needs a date token/,
    );
  });
});
