/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { FilesystemBackupSource } from './FilesystemBackupSource';
import { S3BackupSource } from './S3BackupSource';
import { InMemoryIndexSink } from '../testUtils/InMemoryIndexSink';
import {
  startS3TestServer,
  type S3TestServer,
} from '../testUtils/S3TestServer';

jest.setTimeout(60_000);

const logger = mockServices.logger.mock();
/** What `openssl enc -aes-256-cbc -salt` writes first: the magic, then 8 bytes of salt. */
const OPENSSL = Buffer.concat([Buffer.from('Salted__'), Buffer.alloc(40, 7)]);
const GZIP = Buffer.concat([
  Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
  Buffer.alloc(40, 1),
]);
const sha256 = (bytes: Buffer) =>
  createHash('sha256').update(bytes).digest('hex');

describe("what a backup's content says: encryption and checksum sidecars", () => {
  describe('filesystem', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-content-facts-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (name: string, bytes: Buffer) =>
      fs.writeFileSync(path.join(dir, name), bytes);

    async function index(extra: Record<string, unknown> = {}) {
      const sink = new InMemoryIndexSink();
      await FilesystemBackupSource.fromConfig({
        id: 'vol',
        logger,
        config: new ConfigReader({
          type: 'filesystem',
          directory: dir,
          ...extra,
        }),
      }).index({ sink, logger, full: true });
      return sink;
    }

    it('reads encryption from the first bytes when the source requires it, not from the name (seed 003)', async () => {
      // Encrypted although named like a plain gzip dump; plain although named .enc.
      write('mailblast-full-20261130-020000.sql.gz', OPENSSL);
      write('mailblast-full-20261129-020000.sql.gz.enc', GZIP);
      const sink = await index({ requireEncryption: true });
      expect(
        sink.backups.get('mailblast-full-20261130-020000.sql.gz'),
      ).toMatchObject({
        encrypted: true,
        details: expect.objectContaining({ encryption: 'openssl' }),
      });
      expect(
        sink.backups.get('mailblast-full-20261129-020000.sql.gz.enc'),
      ).toMatchObject({
        encrypted: false,
        details: expect.objectContaining({ encryption: 'none' }),
      });

      // Without the policy nothing is read: the name is all there is.
      const guessed = await index();
      expect(
        guessed.backups.get('mailblast-full-20261130-020000.sql.gz')?.encrypted,
      ).toBeNull();
    });
  });

  describe('s3 (s3rver)', () => {
    let server: S3TestServer;
    let client: S3Client;
    let bucket: string;
    let next = 0;
    beforeAll(async () => {
      server = await startS3TestServer({
        buckets: Array.from({ length: 3 }, (_, i) => `content-${i}`),
      });
      client = new S3Client(server.clientConfig);
    });
    afterAll(async () => {
      client?.destroy();
      await server?.stop();
    });
    beforeEach(() => {
      bucket = `content-${next++}`;
    });

    const put = (key: string, body: Buffer) =>
      client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }),
      );

    async function index(extra: Record<string, unknown> = {}) {
      const sink = new InMemoryIndexSink();
      await S3BackupSource.fromConfig({
        id: 'bucket',
        logger,
        config: new ConfigReader({
          type: 's3',
          bucket,
          ...server.clientConfig,
          ...extra,
        }),
      }).index({ sink, logger, full: true });
      return sink;
    }

    it('reads encryption with a ranged read of the first bytes when the source requires it', async () => {
      await put('db/mailblast-full-20261130-020000.sql.gz', OPENSSL);
      await put('db/mailblast-full-20261129-020000.sql.gz.gpg', GZIP);
      const sink = await index({ requireEncryption: true });
      expect(
        sink.backups.get('db/mailblast-full-20261130-020000.sql.gz'),
      ).toMatchObject({
        encrypted: true,
        details: expect.objectContaining({ encryption: 'openssl' }),
      });
      expect(
        sink.backups.get('db/mailblast-full-20261129-020000.sql.gz.gpg'),
      ).toMatchObject({
        encrypted: false,
        details: expect.objectContaining({ encryption: 'none' }),
      });
    });

    /**
     * s3rver keeps no server-side encryption; this proxy in front of it
     * answers HEAD with `x-amz-server-side-encryption` for objects put with
     * it, as S3 does.
     */
    async function startSseProxy() {
      const encrypted = new Map<string, string>();
      const target = new URL(server.endpoint);
      const proxy = http.createServer((req, res) => {
        const objectPath = (req.url ?? '').split('?')[0];
        const sse = req.headers['x-amz-server-side-encryption'];
        if (req.method === 'PUT' && typeof sse === 'string')
          encrypted.set(objectPath, sse);
        const forward = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          upstream => {
            const headers = { ...upstream.headers };
            if (req.method === 'HEAD' && encrypted.has(objectPath))
              headers['x-amz-server-side-encryption'] =
                encrypted.get(objectPath);
            res.writeHead(upstream.statusCode ?? 502, headers);
            upstream.pipe(res);
          },
        );
        req.pipe(forward);
      });
      await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
      return {
        endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        stop: () => new Promise(resolve => proxy.close(resolve)),
      };
    }

    it("takes server-side encryption from the object's metadata when its bytes are plain", async () => {
      const proxy = await startSseProxy();
      const viaProxy = new S3Client({
        ...server.clientConfig,
        endpoint: proxy.endpoint,
      });
      try {
        const putVia = (key: string, sse?: 'AES256') =>
          viaProxy.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              Body: GZIP,
              ServerSideEncryption: sse,
            }),
          );
        await putVia('db/orders_full_20261130_020000.sql.gz', 'AES256');
        await putVia('db/orders_full_20261129_020000.sql.gz');
        const sink = await index({
          requireEncryption: true,
          endpoint: proxy.endpoint,
        });
        expect(
          sink.backups.get('db/orders_full_20261130_020000.sql.gz'),
        ).toMatchObject({
          encrypted: true,
          details: expect.objectContaining({ encryption: 'sse:AES256' }),
        });
        expect(
          sink.backups.get('db/orders_full_20261129_020000.sql.gz')?.encrypted,
        ).toBe(false);
      } finally {
        viaProxy.destroy();
        await proxy.stop();
      }
    });

    it("records a sha256 sidecar as the backup's checksum and does not list it as a backup", async () => {
      await put('db/orders_full_20261130_020000.sql.gz', GZIP);
      await put(
        'db/orders_full_20261130_020000.sql.gz.sha256',
        Buffer.from(`${sha256(GZIP)}  orders_full_20261130_020000.sql.gz\n`),
      );
      const sink = await index();
      expect(sink.sortedKeys()).toEqual([
        'db/orders_full_20261130_020000.sql.gz',
      ]);
      expect(
        sink.backups.get('db/orders_full_20261130_020000.sql.gz')?.checksum,
      ).toBe(`sha256:${sha256(GZIP)}`);
    });
  });
});
