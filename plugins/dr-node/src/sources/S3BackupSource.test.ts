/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { BackupSourceRegistry } from './BackupSourceRegistry';
import { S3BackupSource } from './S3BackupSource';
import { InMemoryIndexSink } from '../testUtils/InMemoryIndexSink';
import {
  startS3TestServer,
  type S3TestServer,
} from '../testUtils/S3TestServer';
import {
  startUnresponsiveTestServer,
  type UnresponsiveTestServer,
} from '../testUtils/UnresponsiveTestServer';

jest.setTimeout(60_000);

describe('S3BackupSource against s3rver', () => {
  let server: S3TestServer;
  let client: S3Client;
  const logger = mockServices.logger.mock();
  let bucketIndex = 0;
  let bucket: string;

  beforeAll(async () => {
    server = await startS3TestServer({
      buckets: Array.from({ length: 8 }, (_, i) => `backups-${i}`),
    });
    client = new S3Client(server.clientConfig);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });
  beforeEach(() => {
    bucket = `backups-${bucketIndex++}`;
  });

  const put = (key: string, body = 'x') =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const del = (key: string) =>
    client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));

  function createSource(extra: Record<string, unknown> = {}) {
    return S3BackupSource.fromConfig({
      id: 'bucket',
      logger,
      config: new ConfigReader({
        type: 's3',
        bucket,
        ...server.clientConfig,
        ...extra,
      }),
    });
  }

  /**
   * Forwards to s3rver and keeps the access key id of each signed request:
   * s3rver accepts any credentials, so this shows which were used.
   */
  async function startSigningRecorder() {
    const accessKeyIds: string[] = [];
    const target = new URL(server.endpoint);
    const recorder = http.createServer((req, res) => {
      const signed = /Credential=([^/]+)\//.exec(
        req.headers.authorization ?? '',
      );
      accessKeyIds.push(signed ? signed[1] : '(unsigned)');
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
    await new Promise<void>(resolve =>
      recorder.listen(0, '127.0.0.1', resolve),
    );
    const { port } = recorder.address() as AddressInfo;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyIds,
      stop: () => new Promise(resolve => recorder.close(resolve)),
    };
  }

  it('signs with the credentials aws.accounts holds for its accountId, unless it has its own keys', async () => {
    await put('db/app_full_20261120_010000.sql.gz');
    const recorder = await startSigningRecorder();
    try {
      // s3rver checks the signature against its one key pair.
      const { credentials: s3rverKeys, ...connection } = server.clientConfig;
      const source = (extra: object) => ({
        type: 's3',
        bucket,
        ...connection,
        endpoint: recorder.endpoint,
        ...extra,
      });
      const registry = BackupSourceRegistry.fromConfig(
        new ConfigReader({
          aws: {
            accounts: [
              { accountId: '111111111111', ...s3rverKeys },
              {
                accountId: '222222222222',
                accessKeyId: 'AKIAOTHERACCOUNT',
                secretAccessKey: 'other-secret',
              },
            ],
          },
          dr: {
            sources: {
              account: source({ accountId: '111111111111' }),
              other: source({ accountId: '222222222222' }),
              explicit: source({
                accountId: '222222222222',
                credentials: s3rverKeys,
              }),
            },
          },
        }),
        { logger },
      );
      expect(registry.problems()).toEqual([]);
      const index = async (id: string) => {
        recorder.accessKeyIds.length = 0;
        const result = await registry
          .get(id)!
          .index({ sink: new InMemoryIndexSink(), logger, full: true });
        return {
          listed: result.listed,
          signedWith: [...new Set(recorder.accessKeyIds)],
        };
      };

      expect(await index('account')).toEqual({
        listed: 1,
        signedWith: [s3rverKeys.accessKeyId],
      });
      await expect(index('other')).rejects.toThrow(
        /Access Key Id you provided does not exist/,
      );
      expect([...new Set(recorder.accessKeyIds)]).toEqual(['AKIAOTHERACCOUNT']);
      expect(await index('explicit')).toEqual({
        listed: 1,
        signedWith: [s3rverKeys.accessKeyId],
      });
    } finally {
      await recorder.stop();
    }
  });

  it('lists every page of the bucket with times from keys and ETag checksums', async () => {
    const keys = Array.from(
      { length: 1205 },
      (_, i) =>
        `db/app_full_2026${String((i % 12) + 1).padStart(2, '0')}01_${String(
          i,
        ).padStart(6, '0')}.sql.gz`,
    );
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(keys.slice(i, i + 100).map(key => put(key, 'dump')));
    }
    await put('db/wal/000000010000000000000001', 'wal');
    const sink = new InMemoryIndexSink();

    const result = await createSource().index({ sink, logger });

    expect(result).toMatchObject({ mode: 'full', listed: 1206, removed: 0 });
    expect(sink.backups.size).toBe(1206);
    expect(sink.backups.get(keys[0])).toMatchObject({
      type: 'full',
      status: 'succeeded',
      completedAt: new Date('2026-01-01T00:00:00Z'),
      sizeBytes: 4,
      checksum: expect.stringMatching(/^md5:[0-9a-f]{32}$/),
    });
    expect(sink.backups.get('db/wal/000000010000000000000001')).toMatchObject({
      type: 'wal',
      completedAt: expect.any(Date),
    });
  });

  it('on a requested run picks up new keys and retention deletes, without a full listing', async () => {
    await put('orders/orders_full_20261101_000000.sql.gz');
    await put('orders/orders_full_20261102_000000.sql.gz');
    await put('orders/wal/000000010000000000000001');
    const source = createSource();
    const sink = new InMemoryIndexSink();
    const full = await source.index({ sink, logger });
    expect(full.mode).toBe('full');

    const unchanged = await source.index({
      sink,
      logger,
      previousState: full.state,
    });
    expect(unchanged).toMatchObject({
      mode: 'incremental',
      listed: 0,
      upserted: 0,
      removed: 0,
    });

    await put('orders/orders_full_20261103_000000.sql.gz');
    await put('orders/wal/000000010000000000000002');
    await del('orders/orders_full_20261101_000000.sql.gz');
    const changed = await source.index({
      sink,
      logger,
      previousState: unchanged.state,
      eager: true,
    });

    expect(changed).toMatchObject({
      mode: 'incremental',
      listed: 2,
      removed: 1,
    });
    expect(sink.sortedKeys()).toEqual([
      'orders/orders_full_20261102_000000.sql.gz',
      'orders/orders_full_20261103_000000.sql.gz',
      'orders/wal/000000010000000000000001',
      'orders/wal/000000010000000000000002',
    ]);
  });

  it('on scheduled runs only asks series whose next backup is due; a requested run asks all', async () => {
    const now = Date.now();
    const stamp = (ms: number) =>
      new Date(ms)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace('T', '_')
        .slice(0, 15);
    // Dumps every 6 hours, the newest just taken: the next is not due yet.
    for (let i = 0; i < 4; i++)
      await put(`app/app_full_${stamp(now - i * 6 * 3600_000)}.sql.gz`);
    const source = createSource();
    const sink = new InMemoryIndexSink();
    const full = await source.index({ sink, logger });
    await put(`app/app_full_${stamp(now + 60_000)}.sql.gz`);

    const scheduled = await source.index({
      sink,
      logger,
      previousState: full.state,
    });
    expect(scheduled).toMatchObject({ mode: 'incremental', listed: 0 });
    const requested = await source.index({
      sink,
      logger,
      previousState: scheduled.state,
      eager: true,
    });
    expect(requested).toMatchObject({ mode: 'incremental', listed: 1 });
    expect(sink.backups.size).toBe(5);
  });

  it('reconciles everything on the next full run, including keys out of order', async () => {
    await put('misc/latest.sql.gz');
    const source = createSource();
    const sink = new InMemoryIndexSink();
    const first = await source.index({ sink, logger });
    await put('misc/another.sql.gz');
    await del('misc/latest.sql.gz');
    const forced = await source.index({
      sink,
      logger,
      previousState: first.state,
      full: true,
    });
    expect(forced).toMatchObject({ mode: 'full', removed: 1 });
    expect(sink.sortedKeys()).toEqual(['misc/another.sql.gz']);
  });

  it('indexes only below the configured root prefix and anchors selectors there', async () => {
    await put('prod/db/app_full_20261101_000000.sql.gz');
    await put('staging/db/app_full_20261101_000000.sql.gz');
    const source = createSource({ prefix: 'prod' });
    const sink = new InMemoryIndexSink();
    await source.index({ sink, logger });
    expect(sink.sortedKeys()).toEqual([
      'prod/db/app_full_20261101_000000.sql.gz',
    ]);
    expect(source.parseSelector('db/')).toEqual({
      kind: 'prefix',
      prefix: 'prod/db/',
      canonical: 'db/',
    });
  });

  it('streams an object and says clearly when it is gone', async () => {
    await put('db/app_full_20261101_000000.sql', 'select 42;');
    const source = createSource();
    const chunks: Buffer[] = [];
    for await (const chunk of await source.openReadStream(
      'db/app_full_20261101_000000.sql',
    )) {
      chunks.push(chunk as Buffer);
    }
    expect(Buffer.concat(chunks).toString()).toBe('select 42;');
    await expect(
      source.statSize('db/app_full_20261101_000000.sql'),
    ).resolves.toBe(10);
    await expect(source.openReadStream('db/nope.sql')).rejects.toThrow(
      /no longer exists/,
    );
  });

  it('fails when the bucket does not exist, leaving the index alone', async () => {
    const sink = new InMemoryIndexSink();
    await sink.upsert([
      {
        key: 'kept',
        name: 'kept',
        type: 'full',
        status: 'succeeded',
        startedAt: null,
        completedAt: new Date(),
        sizeBytes: 1,
        checksum: null,
        encrypted: null,
        details: {},
      },
    ]);
    const source = S3BackupSource.fromConfig({
      id: 'missing',
      logger,
      config: new ConfigReader({
        type: 's3',
        bucket: 'no-such-bucket',
        ...server.clientConfig,
      }),
    });
    await expect(source.index({ sink, logger })).rejects.toThrow(
      /does not exist/,
    );
    expect(sink.sortedKeys()).toEqual(['kept']);
  });
});

describe('S3BackupSource against a frozen endpoint', () => {
  let frozen: UnresponsiveTestServer;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    frozen = await startUnresponsiveTestServer();
  });
  afterAll(() => frozen?.stop());

  function createSource(timeouts: JsonObject) {
    return S3BackupSource.fromConfig({
      id: 'frozen',
      logger,
      config: new ConfigReader({
        type: 's3',
        bucket: 'backups',
        endpoint: frozen.url,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        timeouts,
      }),
    });
  }

  // Well under the 60 s default: the configured timeout is the one that fires.
  it('gives up a listing after the configured request timeout and names it', async () => {
    const sink = new InMemoryIndexSink();
    const index = createSource({ request: '1s' }).index({ sink, logger });
    await expect(index).rejects.toMatchObject({
      name: 'SourceTimeoutError',
      message:
        'Listing "" in bucket "backups" of source "frozen" timed out after 1 s',
    });
    expect(frozen.connections()).toBeGreaterThan(0);
  }, 15_000);

  it('gives up reading a backup the same way', async () => {
    const source = createSource({ request: { milliseconds: 500 } });
    await expect(source.statSize('db/a.sql.gz')).rejects.toThrow(
      /of source "frozen" timed out after 0\.5 s$/,
    );
    await expect(source.openReadStream('db/a.sql.gz')).rejects.toThrow(
      /timed out after 0\.5 s$/,
    );
  }, 15_000);

  it('refuses a timeout that is not a positive duration', () => {
    expect(() => createSource({ connect: '0s' })).toThrow(
      'timeouts.connect must be a positive duration',
    );
  });
});
