/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { FilesystemBackupSource } from './FilesystemBackupSource';
import { S3BackupSource } from './S3BackupSource';
import type { BackupSource, IndexedBackup } from './types';
import { InMemoryIndexSink } from '../testUtils/InMemoryIndexSink';
import {
  startS3TestServer,
  type S3TestServer,
} from '../testUtils/S3TestServer';
import {
  CLICKHOUSE_XML_BYTES,
  type FixtureWriter,
  PG_MANIFEST_BYTES,
  hoursAgo,
  pgBackupManifest,
  rdbBytes,
  redisDumpName,
  stamp,
  writeClickHouseNative,
  writeClickhouseBackup,
  writePgBasebackup,
} from '../testUtils/backupToolLayouts';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const logger = mockServices.logger.mock();

/** A place to lay backups out as tools write them, and a source over it. */
interface Volume {
  write: FixtureWriter;
  /** Deletes everything under a folder, as retention does. */
  removeFolder(folder: string): Promise<void>;
  source(settings: JsonObject): BackupSource;
}

let s3: S3TestServer;
let client: S3Client;
let bucketIndex = 0;
const tempDirs: string[] = [];

beforeAll(async () => {
  s3 = await startS3TestServer({
    buckets: Array.from({ length: 16 }, (_, i) => `sets-${i}`),
  });
  client = new S3Client(s3.clientConfig);
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Puts an object into s3rver and dates it: s3rver reports the stored file's
 * mtime as LastModified. s3rver answers before its file write ends, so the
 * mtime is set once the file holds the whole body.
 */
function s3Writer(bucket: string): FixtureWriter {
  return async (key, body, modified) => {
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }),
    );
    const stored = path.join(s3.directory, bucket, `${key}._S3rver_object`);
    const length = Buffer.byteLength(body);
    while (
      (fs.statSync(stored, { throwIfNoEntry: false })?.size ?? -1) !== length
    ) {
      await new Promise(resolve => setImmediate(resolve));
    }
    fs.utimesSync(stored, modified, modified);
  };
}

const volumes: Array<[string, () => Volume]> = [
  [
    'filesystem',
    () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-sets-'));
      tempDirs.push(root);
      return {
        async write(key, body, modified) {
          const file = path.join(root, key);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, body);
          fs.utimesSync(file, modified, modified);
        },
        async removeFolder(folder) {
          fs.rmSync(path.join(root, folder), { recursive: true });
        },
        source: settings =>
          FilesystemBackupSource.fromConfig({
            id: 'volume',
            logger,
            config: new ConfigReader({
              type: 'filesystem',
              directory: root,
              ...settings,
            }),
          }),
      };
    },
  ],
  [
    's3 (s3rver)',
    () => {
      const bucket = `sets-${bucketIndex++}`;
      return {
        write: s3Writer(bucket),
        async removeFolder(folder) {
          const listed = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: folder }),
          );
          for (const { Key } of listed.Contents ?? []) {
            await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
          }
        },
        source: settings =>
          S3BackupSource.fromConfig({
            id: 'bucket',
            logger,
            config: new ConfigReader({
              type: 's3',
              bucket,
              ...s3.clientConfig,
              ...settings,
            }),
          }),
      };
    },
  ],
];

/** What the posture counts: the newest successful backup's completion. */
function newestCounted(sink: InMemoryIndexSink, prefix = ''): Date | null {
  let newest: Date | null = null;
  for (const backup of sink.backups.values()) {
    if (!backup.key.startsWith(prefix) || backup.status !== 'succeeded')
      continue;
    if (backup.completedAt && (!newest || backup.completedAt > newest))
      newest = backup.completedAt;
  }
  return newest;
}

function get(sink: InMemoryIndexSink, key: string): IndexedBackup {
  const backup = sink.backups.get(key);
  if (!backup) throw new Error(`${key} not indexed; have ${sink.sortedKeys()}`);
  return backup;
}

describe.each(volumes)('backup sets on %s', (_name, createVolume) => {
  let volume: Volume;
  const now = Date.now();
  beforeEach(() => {
    volume = createVolume();
  });

  it('reads a pg_basebackup folder as one full backup; a running or broken one never counts', async () => {
    const complete = hoursAgo(now, 3);
    const broken = hoursAgo(now, 2);
    const running = new Date(now - 10 * MINUTE);
    const ok = await writePgBasebackup(volume.write, 'pg/', complete);
    const bad = await writePgBasebackup(volume.write, 'pg/', broken, {
      manifest: 'broken',
    });
    const open = await writePgBasebackup(volume.write, 'pg/', running, {
      manifest: 'missing',
    });
    const walAt = new Date(complete.getTime() + 30 * MINUTE);
    await volume.write('pg/wal/000000010000000000000002', 'w', walAt);
    await volume.write(
      'pg/wal/00000002.history',
      '1\t0/3000000\tno recovery target',
      walAt,
    );
    await volume.write(
      'pg/wal/000000010000000000000002.00000028.backup',
      'START WAL LOCATION: 0/2000028',
      walAt,
    );
    const sink = new InMemoryIndexSink();

    await volume.source({ layouts: ['pg_basebackup'] }).index({ sink, logger });

    expect(sink.sortedKeys()).toEqual([
      ok,
      bad,
      open,
      'pg/wal/000000010000000000000002',
    ]);
    expect(get(sink, ok)).toMatchObject({
      name: `base_${stamp(complete)}`,
      type: 'full',
      status: 'succeeded',
      startedAt: complete,
      completedAt: new Date(complete.getTime() + 6 * MINUTE),
      sizeBytes: PG_MANIFEST_BYTES,
      details: expect.objectContaining({
        layout: 'pg_basebackup',
        objectCount: 3,
        files: ['backup_manifest', 'base.tar.gz', 'pg_wal.tar.gz'],
        startLsn: '0/2000028',
        endLsn: '0/2000100',
      }),
    });
    expect(get(sink, bad)).toMatchObject({
      status: 'failed',
      details: expect.objectContaining({
        problem: expect.stringMatching(
          /^backup_manifest of pg\/base_\d{8}_\d{6}\/ does not parse: /,
        ),
      }),
    });
    expect(logger.warn).toHaveBeenCalledWith(
      `Backup "${bad}" of source "${
        _name === 'filesystem' ? 'volume' : 'bucket'
      }": ${get(sink, bad).details.problem}`,
    );
    expect(get(sink, open)).toMatchObject({
      status: 'in-progress',
      completedAt: null,
      startedAt: new Date(Math.floor(running.getTime() / 1000) * 1000),
    });
    // The WAL segment is newer than the complete set; the set alone would be older.
    expect(newestCounted(sink)).toEqual(walAt);
    expect(newestCounted(sink, 'pg/base_')).toEqual(
      new Date(complete.getTime() + 6 * MINUTE),
    );
  });

  it('fails a pg_basebackup set whose base.tar.gz is gone although its manifest is there', async () => {
    const started = hoursAgo(now, 2);
    const root = await writePgBasebackup(volume.write, 'pg/', started, {
      withoutBaseTar: true,
    });
    const sink = new InMemoryIndexSink();

    await volume.source({ layouts: ['pg_basebackup'] }).index({ sink, logger });

    expect(get(sink, root)).toMatchObject({
      status: 'failed',
      details: expect.objectContaining({
        problem: `${root} has its backup_manifest but neither base.tar nor PG_VERSION: parts of the set are missing and it cannot be restored`,
      }),
    });
    expect(newestCounted(sink)).toBeNull();
  });

  it('reads ClickHouse BACKUP ... TO S3/Disk folders by their .backup file', async () => {
    const full = hoursAgo(now, 48);
    const incremental = hoursAgo(now, 24);
    await writeClickHouseNative(
      volume.write,
      `ch/full-${stamp(full, '-')}/`,
      full,
    );
    await writeClickHouseNative(
      volume.write,
      `ch/incr-${stamp(incremental, '-')}/`,
      incremental,
      { base: `S3('https://b2/bucket/ch/full-${stamp(full, '-')}/')` },
    );
    await writeClickHouseNative(volume.write, 'ch/broken/', hoursAgo(now, 12), {
      marker: 'broken',
    });
    const running = hoursAgo(now, 1);
    await writeClickHouseNative(
      volume.write,
      `ch/full-${stamp(running, '-')}/`,
      running,
      {
        marker: 'missing',
      },
    );
    const sink = new InMemoryIndexSink();

    await volume
      .source({ layout: 'clickhouse-native' })
      .index({ sink, logger });

    expect(sink.backups.size).toBe(4);
    expect(get(sink, `ch/full-${stamp(full, '-')}/`)).toMatchObject({
      type: 'full',
      status: 'succeeded',
      startedAt: full,
      completedAt: new Date(full.getTime() + 10 * MINUTE),
      sizeBytes: CLICKHOUSE_XML_BYTES,
      details: expect.objectContaining({
        layout: 'clickhouse-native',
        objectCount: 5,
        fileCount: 3,
      }),
    });
    expect(get(sink, `ch/incr-${stamp(incremental, '-')}/`)).toMatchObject({
      type: 'incremental',
      status: 'succeeded',
      details: expect.objectContaining({
        baseBackup: expect.stringContaining('full-'),
      }),
    });
    expect(get(sink, 'ch/broken/')).toMatchObject({
      status: 'failed',
      details: expect.objectContaining({
        problem: expect.stringMatching(
          /^\.backup of ch\/broken\/ does not parse/,
        ),
      }),
    });
    expect(get(sink, `ch/full-${stamp(running, '-')}/`)).toMatchObject({
      status: 'in-progress',
      completedAt: null,
    });
    expect(newestCounted(sink)).toEqual(
      new Date(incremental.getTime() + 10 * MINUTE),
    );
  });

  it('reads clickhouse-backup folders by metadata.json', async () => {
    const full = hoursAgo(now, 50);
    const incr = hoursAgo(now, 26);
    const fullName = full.toISOString().slice(0, 19).replace(/:/g, '-');
    const incrName = incr.toISOString().slice(0, 19).replace(/:/g, '-');
    await writeClickhouseBackup(volume.write, 'chb/', fullName, full);
    await writeClickhouseBackup(volume.write, 'chb/', incrName, incr, {
      requiredBackup: fullName,
    });
    await writeClickhouseBackup(
      volume.write,
      'chb/',
      'broken',
      hoursAgo(now, 5),
      {
        metadata: 'broken',
      },
    );
    await writeClickhouseBackup(
      volume.write,
      'chb/',
      'running',
      hoursAgo(now, 1),
      {
        metadata: 'missing',
      },
    );
    const sink = new InMemoryIndexSink();

    await volume
      .source({ layouts: ['clickhouse-backup'] })
      .index({ sink, logger });

    expect(sink.sortedKeys()).toEqual(
      [
        `chb/${fullName}/`,
        `chb/${incrName}/`,
        'chb/broken/',
        'chb/running/',
      ].sort(),
    );
    expect(get(sink, `chb/${fullName}/`)).toMatchObject({
      type: 'full',
      status: 'succeeded',
      startedAt: full,
      completedAt: new Date(full.getTime() + 9 * MINUTE),
      sizeBytes: 734003 + 2048,
      details: expect.objectContaining({
        layout: 'clickhouse-backup',
        backupName: fullName,
        compressedSize: 301244,
      }),
    });
    expect(get(sink, `chb/${incrName}/`)).toMatchObject({
      type: 'incremental',
      details: expect.objectContaining({ requiredBackup: fullName }),
    });
    expect(get(sink, 'chb/broken/')).toMatchObject({
      status: 'failed',
      details: expect.objectContaining({
        problem: expect.stringMatching(
          /^metadata\.json of chb\/broken\/ does not parse/,
        ),
      }),
    });
    expect(get(sink, 'chb/running/').status).toBe('in-progress');
    expect(newestCounted(sink)).toEqual(new Date(incr.getTime() + 9 * MINUTE));
  });

  it('types Redis RDB copies as snapshots and flags a file without the RDB magic', async () => {
    const good = hoursAgo(now, 1);
    const bad = hoursAgo(now, 0);
    await volume.write(`redis/${redisDumpName(good)}`, rdbBytes(), good);
    await volume.write(`redis/${redisDumpName(bad)}`, 'not an rdb', bad);
    const sink = new InMemoryIndexSink();

    await volume.source({ layouts: ['redis-rdb'] }).index({ sink, logger });

    expect(get(sink, `redis/${redisDumpName(good)}`)).toMatchObject({
      type: 'snapshot',
      status: 'succeeded',
      completedAt: good,
    });
    expect(get(sink, `redis/${redisDumpName(bad)}`)).toMatchObject({
      type: 'snapshot',
      status: 'failed',
      details: expect.objectContaining({
        problem: expect.stringContaining('does not start with the RDB magic'),
      }),
    });
    expect(newestCounted(sink)).toEqual(good);
  });

  it('turns a running set into a succeeded one on a later incremental run', async () => {
    const started = new Date(now - 20 * MINUTE);
    const root = await writePgBasebackup(volume.write, 'pg/', started, {
      manifest: 'missing',
    });
    const source = volume.source({ layouts: ['pg_basebackup'] });
    const sink = new InMemoryIndexSink();
    const first = await source.index({ sink, logger });
    expect(get(sink, root).status).toBe('in-progress');

    const manifestAt = new Date(Math.floor((now - MINUTE) / 1000) * 1000);
    await volume.write(
      `${root}backup_manifest`,
      pgBackupManifest(started),
      manifestAt,
    );
    const second = await source.index({
      sink,
      logger,
      previousState: first.state,
    });

    expect(second.mode).toBe('incremental');
    expect(get(sink, root)).toMatchObject({
      status: 'succeeded',
      completedAt: manifestAt,
      sizeBytes: PG_MANIFEST_BYTES,
    });
    // Once complete, an unchanged set is not read again.
    const third = await source.index({
      sink,
      logger,
      previousState: second.state,
    });
    expect(third).toMatchObject({ mode: 'incremental', upserted: 0 });

    // A newer set in the same series is found without a full listing.
    const next = await writePgBasebackup(
      volume.write,
      'pg/',
      new Date(started.getTime() + 10 * MINUTE),
    );
    const fourth = await source.index({
      sink,
      logger,
      previousState: third.state,
      eager: true,
    });
    expect(fourth).toMatchObject({ mode: 'incremental', upserted: 1 });
    expect(get(sink, next).status).toBe('succeeded');
    expect(sink.sortedKeys()).toEqual([root, next]);
  });

  it('forgets a set that retention deleted, on an incremental run', async () => {
    const oldest = await writePgBasebackup(
      volume.write,
      'pg/',
      hoursAgo(now, 3),
    );
    const kept = await writePgBasebackup(volume.write, 'pg/', hoursAgo(now, 2));
    const source = volume.source({ layouts: ['pg_basebackup'] });
    const sink = new InMemoryIndexSink();
    const first = await source.index({ sink, logger });
    expect(sink.sortedKeys()).toEqual([oldest, kept]);

    await volume.removeFolder(oldest);
    const next = await source.index({
      sink,
      logger,
      previousState: first.state,
      eager: true,
    });

    expect(next).toMatchObject({ mode: 'incremental', removed: 1 });
    expect(sink.sortedKeys()).toEqual([kept]);
  });

  it('keeps single-file dumps and WAL as before when layouts are configured', async () => {
    const at = hoursAgo(now, 6);
    await volume.write(`orders/orders_full_${stamp(at)}.sql.gz`, 'dump', at);
    await volume.write('orders/wal/000000010000000000000001', 'w', at);
    const sink = new InMemoryIndexSink();
    await volume
      .source({
        layouts: [
          'pg_basebackup',
          'clickhouse-native',
          'clickhouse-backup',
          'redis-rdb',
        ],
      })
      .index({ sink, logger });
    expect(sink.sortedKeys()).toEqual([
      `orders/orders_full_${stamp(at)}.sql.gz`,
      'orders/wal/000000010000000000000001',
    ]);
    expect(get(sink, `orders/orders_full_${stamp(at)}.sql.gz`)).toMatchObject({
      type: 'full',
      status: 'succeeded',
      completedAt: at,
      sizeBytes: 4,
    });
  });

  it('reads a layout only under its prefix when one is given', async () => {
    const at = hoursAgo(now, 2);
    await writeClickHouseNative(volume.write, 'ch/nightly/', at);
    // An application's own data/ folder elsewhere stays a set of files.
    await volume.write(`app/data/app_full_${stamp(at)}.sql.gz`, 'dump', at);
    const sink = new InMemoryIndexSink();
    await volume
      .source({ layouts: [{ layout: 'clickhouse-native', prefix: 'ch/' }] })
      .index({ sink, logger });
    expect(sink.sortedKeys()).toEqual([
      `app/data/app_full_${stamp(at)}.sql.gz`,
      'ch/nightly/',
    ]);
  });

  it('refuses an unknown layout, naming the known ones', () => {
    expect(() => volume.source({ layouts: ['barman'] })).toThrow(
      'Unknown backup layout "barman"; known layouts are pg_basebackup, clickhouse-native, clickhouse-backup, redis-rdb',
    );
  });
});

describe.each(volumes)(
  'seed 001 (multi-region platform) on %s',
  (_name, createVolume) => {
    it('indexes hourly pg_basebackup + WAL, daily clickhouse-backup and hourly Redis RDB as one row per backup', async () => {
      const volume = createVolume();
      const now = Date.now();
      // PostgreSQL: a base backup every hour (the newest still running) and a
      // WAL segment every 5 minutes.
      const bases: string[] = [];
      for (let h = 1; h <= 6; h++) {
        bases.push(
          await writePgBasebackup(volume.write, 'postgres/', hoursAgo(now, h)),
        );
      }
      const running = await writePgBasebackup(
        volume.write,
        'postgres/',
        hoursAgo(now, 0),
        {
          manifest: 'missing',
        },
      );
      const lastWal = new Date(Math.floor((now - 4 * MINUTE) / 1000) * 1000);
      for (let i = 0; i < 12; i++) {
        const segment = (0x40 + i).toString(16).toUpperCase().padStart(8, '0');
        await volume.write(
          `postgres/wal/0000000100000000${segment}`,
          'w',
          new Date(lastWal.getTime() - (11 - i) * 5 * MINUTE),
        );
      }
      // ClickHouse: clickhouse-backup daily at 02:00, named by its default
      // timestamp; the third day is incremental on the first.
      const chNames: string[] = [];
      for (let d = 3; d >= 1; d--) {
        const created = hoursAgo(now, 24 * d);
        const name = created.toISOString().slice(0, 19).replace(/:/g, '-');
        await writeClickhouseBackup(
          volume.write,
          'clickhouse/',
          name,
          created,
          {
            requiredBackup: d === 1 ? chNames[0] : undefined,
          },
        );
        chNames.push(name);
      }
      // Redis: an RDB copy every hour.
      for (let h = 0; h < 6; h++) {
        const at = new Date(hoursAgo(now, h).getTime() + 30 * MINUTE);
        if (at.getTime() < now)
          await volume.write(`redis/${redisDumpName(at)}`, rdbBytes(), at);
      }
      const sink = new InMemoryIndexSink();

      const result = await volume
        .source({
          layouts: [
            { layout: 'pg_basebackup', prefix: 'postgres/' },
            { layout: 'clickhouse-backup', prefix: 'clickhouse/' },
            'redis-rdb',
          ],
        })
        .index({ sink, logger });

      const rows = [...sink.backups.values()];
      const of = (prefix: string) => rows.filter(b => b.key.startsWith(prefix));
      expect(
        of('postgres/base_')
          .map(b => b.key)
          .sort(),
      ).toEqual([...bases, running].sort());
      expect(
        of('postgres/base_').filter(b => b.status === 'succeeded'),
      ).toHaveLength(6);
      expect(of('postgres/wal/').every(b => b.type === 'wal')).toBe(true);
      expect(of('postgres/wal/')).toHaveLength(12);
      expect(of('clickhouse/').map(b => [b.name, b.type])).toEqual(
        expect.arrayContaining([
          [chNames[0], 'full'],
          [chNames[1], 'full'],
          [chNames[2], 'incremental'],
        ]),
      );
      expect(of('clickhouse/')).toHaveLength(3);
      expect(
        of('redis/').every(
          b => b.type === 'snapshot' && b.status === 'succeeded',
        ),
      ).toBe(true);
      expect(result.listed).toBe(rows.length);
      // RPO per data store, from the newest complete backup only.
      expect(newestCounted(sink, 'postgres/base_')).toEqual(
        new Date(hoursAgo(now, 1).getTime() + 6 * MINUTE),
      );
      expect(newestCounted(sink, 'postgres/')).toEqual(lastWal);
      expect(newestCounted(sink, 'clickhouse/')).toEqual(
        new Date(hoursAgo(now, 24).getTime() + 9 * MINUTE),
      );
    });
  },
);

describe('seed 000 (BatchSender): ClickHouse BACKUP ... TO S3 daily to a B2-like bucket', () => {
  it('gives 31 rows for 31 backups in one listing, reading only the .backup files, and does not count the one being written', async () => {
    const bucket = `sets-${bucketIndex++}`;
    const requests: string[] = [];
    const target = new URL(s3.endpoint);
    // Records what the source asks of the store.
    const proxy = http.createServer((req, res) => {
      requests.push(`${req.method} ${decodeURIComponent(req.url ?? '')}`);
      const forward = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        upstream => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const write = s3Writer(bucket);
      const now = Date.now();
      const dailyAt3 = (daysAgo: number) => {
        const day = new Date(now - daysAgo * DAY);
        return new Date(
          Date.UTC(
            day.getUTCFullYear(),
            day.getUTCMonth(),
            day.getUTCDate(),
            3,
          ),
        );
      };
      // Today's 03:00 backup may lie in the future early in the day: start
      // from the newest 03:00 that has passed.
      const newestDay = dailyAt3(0).getTime() <= now - 20 * MINUTE ? 0 : 1;
      for (let i = 0; i < 31; i++) {
        const started = dailyAt3(newestDay + i);
        await writeClickHouseNative(
          write,
          `backups/clickhouse-${stamp(started, '-')}/`,
          started,
          { marker: i === 0 ? 'missing' : 'complete' },
        );
      }
      const { port } = proxy.address() as AddressInfo;
      const source = S3BackupSource.fromConfig({
        id: 'b2',
        logger,
        config: new ConfigReader({
          type: 's3',
          bucket,
          ...s3.clientConfig,
          endpoint: `http://127.0.0.1:${port}`,
          layout: 'clickhouse-native',
        }),
      });
      const sink = new InMemoryIndexSink();
      requests.length = 0;

      const result = await source.index({ sink, logger });

      expect(result).toMatchObject({ mode: 'full', listed: 31 });
      expect(sink.backups.size).toBe(31);
      const rows = [...sink.backups.values()];
      expect(rows.filter(b => b.status === 'succeeded')).toHaveLength(30);
      const newest = `backups/clickhouse-${stamp(dailyAt3(newestDay), '-')}/`;
      expect(get(sink, newest)).toMatchObject({
        status: 'in-progress',
        completedAt: null,
      });
      expect(newestCounted(sink)).toEqual(
        new Date(dailyAt3(newestDay + 1).getTime() + 10 * MINUTE),
      );
      // One listing (155 objects fit a page), then only the 30 .backup files.
      const lists = requests.filter(r => r.includes('list-type=2'));
      const reads = requests.filter(r => !r.includes('list-type=2'));
      expect(lists).toHaveLength(1);
      expect(reads).toHaveLength(30);
      expect(reads.every(r => /^GET \/[^ ]+\/\.backup/.test(r))).toBe(true);
    } finally {
      await new Promise(resolve => proxy.close(resolve));
    }
  });
});
