/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { gzipSync } from 'node:zlib';

/**
 * Writes one file or object with the given modification time.
 * @public
 */
export type FixtureWriter = (
  key: string,
  body: string | Buffer,
  modified: Date,
) => Promise<void>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * `YYYYMMDD_HHMMSS` (UTC) as backup scripts name folders.
 * @public
 */
export function stamp(time: Date, separator = '_'): string {
  const iso = time.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}${separator}${iso
    .slice(11, 19)
    .replace(/:/g, '')}`;
}

/**
 * A whole hour some hours before now, so names and times agree.
 * @public
 */
export function hoursAgo(now: number, hours: number): Date {
  return new Date(Math.floor(now / HOUR) * HOUR - hours * HOUR);
}

/** A tar-ish gzip body: real gzip bytes, tiny. */
function gz(text: string): Buffer {
  return gzipSync(Buffer.from(text));
}

/**
 * A PostgreSQL 13+ backup_manifest as pg_basebackup writes it (`Files` with
 * sizes and checksums, `WAL-Ranges`, `Manifest-Checksum`).
 * @public
 */
export function pgBackupManifest(
  started: Date,
  startLsn = '0/2000028',
): string {
  const modified = started.toUTCString().replace(/^\w+, /, '');
  const files = [
    { Path: 'backup_label', Size: 227 },
    { Path: 'PG_VERSION', Size: 3 },
    { Path: 'global/pg_control', Size: 8192 },
    { Path: 'base/5/1259', Size: 106496 },
  ].map(file => ({
    ...file,
    'Last-Modified': modified,
    'Checksum-Algorithm': 'CRC32C',
    Checksum: 'e3b0c442',
  }));
  return JSON.stringify(
    {
      'PostgreSQL-Backup-Manifest-Version': 1,
      Files: files,
      'WAL-Ranges': [
        {
          Timeline: 1,
          'Start-LSN': startLsn,
          'End-LSN': startLsn === '0/2000028' ? '0/2000100' : startLsn,
        },
      ],
      'Manifest-Checksum': 'a'.repeat(64),
    },
    null,
    1,
  );
}

/**
 * Sum of the `Size` of the files in {@link pgBackupManifest}.
 * @public
 */
export const PG_MANIFEST_BYTES = 227 + 3 + 8192 + 106496;

/**
 * `pg_basebackup -Ft -z -D <folder>`: base.tar.gz, pg_wal.tar.gz, then
 * backup_manifest last (left out for a running backup).
 * @public
 */
export async function writePgBasebackup(
  write: FixtureWriter,
  folder: string,
  started: Date,
  options: {
    manifest?: 'complete' | 'missing' | 'broken';
    /** Where the backup's WAL starts (the manifest's `Start-LSN`). */
    startLsn?: string;
    /** base.tar.gz lost (a lifecycle rule, a failed upload), the rest kept. */
    withoutBaseTar?: boolean;
  } = {},
): Promise<string> {
  const root = `${folder}base_${stamp(started)}/`;
  const at = (minutes: number) =>
    new Date(started.getTime() + minutes * MINUTE);
  if (!options.withoutBaseTar)
    await write(`${root}base.tar.gz`, gz('base'), at(4));
  await write(`${root}pg_wal.tar.gz`, gz('wal'), at(5));
  const manifest = options.manifest ?? 'complete';
  if (manifest === 'complete')
    await write(
      `${root}backup_manifest`,
      pgBackupManifest(started, options.startLsn),
      at(6),
    );
  if (manifest === 'broken')
    await write(`${root}backup_manifest`, '{"PostgreSQL-Backup-Man', at(6));
  return root;
}

/**
 * ClickHouse's `.backup` as BackupImpl::writeBackupMetadata writes it.
 * @public
 */
export function clickHouseBackupXml(started: Date, base?: string): string {
  const local = started.toISOString().slice(0, 19).replace('T', ' ');
  const file = (name: string, size: number) =>
    `<file><name>${name}</name><size>${size}</size><checksum>0f1e2d3c4b5a69788796a5b4c3d2e1f0</checksum><use_base>false</use_base></file>`;
  return [
    '<?xml version="1.0"?>',
    '<config>',
    '<version>1</version>',
    '<deduplicate_files>1</deduplicate_files>',
    `<timestamp>${local}</timestamp>`,
    '<uuid>5e7f3a2c-1b4d-4c6e-8f90-a1b2c3d4e5f6</uuid>',
    ...(base
      ? [
          `<base_backup>${base}</base_backup>`,
          '<base_backup_uuid>00000000-0000-0000-0000-000000000001</base_backup_uuid>',
        ]
      : []),
    '<contents>',
    file('metadata/default.sql', 80),
    file('metadata/default/email_events.sql', 512),
    file('data/default/email_events/all_1_1_0/data.bin', 4096),
    '</contents>',
    '</config>',
  ].join('\n');
}

/**
 * Sum of the sizes listed by {@link clickHouseBackupXml}.
 * @public
 */
export const CLICKHOUSE_XML_BYTES = 80 + 512 + 4096;

/**
 * `BACKUP DATABASE default TO S3('<bucket>/backups/<name>/')` or Disk: the
 * metadata and data files, then `.backup` when the backup completes.
 * @public
 */
export async function writeClickHouseNative(
  write: FixtureWriter,
  root: string,
  started: Date,
  options: { marker?: 'complete' | 'missing' | 'broken'; base?: string } = {},
): Promise<void> {
  const at = (minutes: number) =>
    new Date(started.getTime() + minutes * MINUTE);
  await write(`${root}metadata/default.sql`, 'ATTACH DATABASE default', at(1));
  await write(
    `${root}metadata/default/email_events.sql`,
    'ATTACH TABLE email_events (id UInt64) ENGINE = MergeTree ORDER BY id',
    at(1),
  );
  await write(
    `${root}data/default/email_events/all_1_1_0/data.bin`,
    Buffer.alloc(64, 1),
    at(9),
  );
  await write(
    `${root}data/default/email_events/all_1_1_0/checksums.txt`,
    'checksums format version: 4',
    at(9),
  );
  const marker = options.marker ?? 'complete';
  if (marker === 'complete')
    await write(
      `${root}.backup`,
      clickHouseBackupXml(started, options.base),
      at(10),
    );
  if (marker === 'broken')
    await write(`${root}.backup`, '<config><version>1</vers', at(10));
}

/**
 * clickhouse-backup's metadata.json, with its real field names.
 * @public
 */
export function clickhouseBackupMetadata(
  name: string,
  created: Date,
  requiredBackup = '',
): string {
  return JSON.stringify({
    backup_name: name,
    disks: { default: '/var/lib/clickhouse' },
    version: '2.6.3',
    creation_date: created.toISOString(),
    tags: 'regular',
    clickhouse_version: 'v24.8.4.13-lts',
    data_size: 734003,
    metadata_size: 2048,
    rbac_size: 0,
    config_size: 0,
    compressed_size: 301244,
    databases: [
      { name: 'gold', engine: 'Atomic', query: 'CREATE DATABASE gold' },
    ],
    tables: [
      { database: 'gold', table: 'campaigns' },
      { database: 'silver', table: 'campaign_metrics' },
    ],
    functions: [],
    data_format: 'tar',
    required_backup: requiredBackup,
  });
}

/**
 * `clickhouse-backup create_remote <name>`: shadow/ and metadata/ first,
 * metadata.json last.
 * @public
 */
export async function writeClickhouseBackup(
  write: FixtureWriter,
  folder: string,
  name: string,
  created: Date,
  options: {
    metadata?: 'complete' | 'missing' | 'broken';
    requiredBackup?: string;
  } = {},
): Promise<string> {
  const root = `${folder}${name}/`;
  const at = (minutes: number) =>
    new Date(created.getTime() + minutes * MINUTE);
  await write(
    `${root}metadata/gold/campaigns.json`,
    JSON.stringify({ table: 'campaigns', database: 'gold' }),
    at(2),
  );
  await write(
    `${root}shadow/gold/campaigns/default_all_1_1_0.tar`,
    Buffer.alloc(128, 7),
    at(8),
  );
  const metadata = options.metadata ?? 'complete';
  if (metadata === 'complete')
    await write(
      `${root}metadata.json`,
      clickhouseBackupMetadata(name, created, options.requiredBackup),
      at(9),
    );
  if (metadata === 'broken')
    await write(`${root}metadata.json`, '{"backup_name": "oops"', at(9));
  return root;
}

/**
 * An RDB file: `REDIS0011`, an aux field, then a tiny payload.
 * @public
 */
export function rdbBytes(): Buffer {
  return Buffer.concat([
    Buffer.from('REDIS0011', 'latin1'),
    Buffer.from([0xfa, 0x09]),
    Buffer.from('redis-ver', 'latin1'),
    Buffer.from([0x05]),
    Buffer.from('7.2.4', 'latin1'),
    Buffer.from([0xff]),
  ]);
}

/**
 * `dump-YYYYMMDD-HHMM.rdb` as Redis copies are usually named.
 * @public
 */
export function redisDumpName(time: Date): string {
  return `dump-${stamp(time, '-').slice(0, 13)}.rdb`;
}
