/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  type BackupSource,
  BackupSourceRegistry,
  type IndexRunContext,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  type S3TestServer,
  startS3TestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import type { Knex } from 'knex';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';
import { DatabaseEntityStore } from '../database/DatabaseEntityStore';
import { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import { BackupFactsRefresher } from './BackupFactsRefresher';
import { BackupIndexer } from './BackupIndexer';

jest.setTimeout(60_000);

/** A source whose next run succeeds with the given keys or fails. */
class ScriptedSource implements BackupSource {
  readonly type = 'scripted';
  next: string[] | Error = [];
  runs = 0;
  constructor(readonly id: string) {}
  async index(context: IndexRunContext) {
    this.runs += 1;
    if (this.next instanceof Error) throw this.next;
    const now = new Date();
    await context.sink.upsert(
      this.next.map(key => ({
        key,
        name: key,
        type: 'full' as const,
        status: 'succeeded' as const,
        startedAt: now,
        completedAt: now,
        sizeBytes: 1,
        checksum: null,
        encrypted: null,
        details: {},
      })),
    );
    return {
      mode: 'full' as const,
      state: { run: this.runs },
      listed: this.next.length,
      upserted: this.next.length,
      removed: 0,
    };
  }
  parseSelector(selector: string) {
    return { kind: 'prefix' as const, prefix: selector, canonical: selector };
  }
}

/**
 * A TCP proxy to s3rver that can freeze: from then on it accepts connections
 * and never answers, and the open ones are cut, as a hung S3 endpoint does.
 */
async function startFreezableProxy(targetPort: number) {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer(client => {
    track(client);
    if (frozen) {
      client.resume();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    freeze() {
      frozen = true;
      for (const socket of sockets) socket.destroy();
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

describe('BackupIndexer', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let source: ScriptedSource;
    let healthy: ScriptedSource;
    let indexer: BackupIndexer;
    let sourceStore: DatabaseSourceStore;
    let entityStore: DatabaseEntityStore;
    const scheduler = mockServices.scheduler.mock();

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      source = new ScriptedSource('flaky');
      healthy = new ScriptedSource('steady');
      const registry = BackupSourceRegistry.fromSources([source, healthy]);
      const backupStore = new DatabaseBackupStore(knex);
      sourceStore = new DatabaseSourceStore(knex);
      entityStore = new DatabaseEntityStore(knex);
      indexer = new BackupIndexer({
        scheduler,
        registry,
        sourceStore,
        backupStore,
        facts: new BackupFactsRefresher({
          entities: entityStore,
          facts: new DatabaseEntityFactsStore(knex),
          backups: backupStore,
          registry,
        }),
        logger: mockServices.logger.mock(),
        config: new ConfigReader({
          dr: { indexing: { frequency: { minutes: 5 } } },
        }),
      });
      await indexer.start();
    });

    it('schedules one global task per source at the configured frequency', () => {
      expect(scheduler.scheduleTask).toHaveBeenCalledWith(
        expect.objectContaining({
          id: 'dr-index:flaky',
          scope: 'global',
          frequency: { milliseconds: 300_000 },
        }),
      );
      expect(scheduler.scheduleTask).toHaveBeenCalledWith(
        expect.objectContaining({ id: 'dr-index:steady' }),
      );
    });

    it('keeps the last good index of a failing source, backs off exponentially and lets others carry on', async () => {
      source.next = ['a', 'b'];
      healthy.next = ['x'];
      expect(await indexer.runSource('flaky')).toMatchObject({
        status: 'succeeded',
        listed: 2,
      });

      source.next = new Error('connect ETIMEDOUT');
      const before = Date.now();
      const first = await indexer.runSource('flaky');
      expect(first).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('ETIMEDOUT'),
      });
      expect(
        (first as { nextAttemptAt: Date }).nextAttemptAt.getTime() - before,
      ).toBeGreaterThanOrEqual(300_000 - 50);

      expect(await indexer.runSource('steady')).toMatchObject({
        status: 'succeeded',
      });
      expect(await indexer.runSource('flaky')).toEqual({
        status: 'skipped',
        reason: 'backing off',
      });
      expect(source.runs).toBe(2);

      const [flaky, steady] = await sourceStore.list();
      expect(flaky).toMatchObject({
        sourceId: 'flaky',
        status: 'stale',
        backupCount: 2,
        consecutiveFailures: 1,
      });
      expect(steady).toMatchObject({
        sourceId: 'steady',
        status: 'ok',
        backupCount: 1,
      });

      // An explicit refresh bypasses the backoff; a second failure doubles it.
      await indexer.trigger('flaky');
      expect(scheduler.triggerTask).toHaveBeenCalledWith('dr-index:flaky');
      const second = await indexer.runSource('flaky');
      expect(
        (second as { nextAttemptAt: Date }).nextAttemptAt.getTime() -
          Date.now(),
      ).toBeGreaterThan(590_000);

      await indexer.trigger('flaky', { full: true });
      source.next = ['a', 'b', 'c'];
      expect(await indexer.runSource('flaky')).toMatchObject({
        status: 'succeeded',
      });
      expect(await sourceStore.getRunState('flaky')).toMatchObject({
        status: 'ok',
        consecutiveFailures: 0,
        fullRequested: false,
      });
    });

    it('refreshes the newest-backup facts of the entities using the source', async () => {
      await entityStore.replaceAll(
        [
          {
            entityRef: 'component:default/svc',
            kind: 'Component',
            namespace: 'default',
            name: 'svc',
            title: null,
            owner: null,
            tier: null,
            rtoSeconds: null,
            rpoSeconds: 60,
            drillCadenceDays: 90,
            hasObjectives: true,
            selectors: [{ sourceId: 'steady', selector: 'db/' }],
            scenarios: [],
            problems: [],
          },
        ],
        new Date(),
      );
      healthy.next = ['db/one'];
      await indexer.runSource('steady');
      const [row] = await knex('dr_entity_facts').select();
      expect(row.entity_ref).toBe('component:default/svc');
      expect(row.last_successful_backup_at).not.toBeNull();
    });

    it('refuses to trigger an unknown source', async () => {
      await expect(indexer.trigger('nope')).rejects.toThrow(
        /No backup source "nope"/,
      );
    });
  });
});

describe('BackupIndexer with a frozen S3 endpoint', () => {
  const databases = createTestDatabases();
  let s3: S3TestServer;
  let proxy: Awaited<ReturnType<typeof startFreezableProxy>>;
  let volume: string;

  beforeAll(async () => {
    s3 = await startS3TestServer({ buckets: ['backups'] });
    volume = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-indexer-volume-'));
    fs.mkdirSync(path.join(volume, 'app'));
    fs.writeFileSync(
      path.join(volume, 'app', 'app_full_20261120_020000.sql.gz'),
      'dump',
    );
  });
  afterAll(async () => {
    await s3?.stop();
    if (volume) fs.rmSync(volume, { recursive: true, force: true });
  });
  beforeEach(async () => {
    proxy = await startFreezableProxy(s3.port);
  });
  afterEach(() => proxy?.stop());

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    it('marks the hung source stale with the timeout, keeps its index, backs off, and indexes the others', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      const logger = mockServices.logger.mock();
      const config = new ConfigReader({
        dr: {
          indexing: { frequency: { minutes: 5 } },
          sources: {
            'bucket-prod': {
              type: 's3',
              bucket: 'backups',
              ...s3.clientConfig,
              endpoint: proxy.url,
              timeouts: { request: '1s' },
              // Every run lists the bucket, so the frozen run calls the endpoint.
              fullIndexInterval: { milliseconds: 0 },
            },
            volume: { type: 'filesystem', directory: volume },
          },
        },
      });
      const registry = BackupSourceRegistry.fromConfig(config, { logger });
      const backupStore = new DatabaseBackupStore(knex);
      const sourceStore = new DatabaseSourceStore(knex);
      const indexer = new BackupIndexer({
        scheduler: mockServices.scheduler.mock(),
        registry,
        sourceStore,
        backupStore,
        facts: new BackupFactsRefresher({
          entities: new DatabaseEntityStore(knex),
          facts: new DatabaseEntityFactsStore(knex),
          backups: backupStore,
          registry,
        }),
        logger,
        config,
      });
      await indexer.start();

      // A good index first, while the endpoint answers.
      const put = await fetch(
        `${s3.endpoint}/backups/db/orders_full_20261120_020000.sql.gz`,
        { method: 'PUT', body: 'dump' },
      );
      expect(put.status).toBe(200);
      expect(await indexer.runSource('bucket-prod')).toMatchObject({
        status: 'succeeded',
        listed: 1,
      });

      proxy.freeze();
      const [hung, healthy] = await Promise.all([
        indexer.runSource('bucket-prod'),
        indexer.runSource('volume'),
      ]);

      expect(hung).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('timed out after 1 s'),
      });
      expect(healthy).toMatchObject({ status: 'succeeded', listed: 1 });
      expect(await indexer.runSource('bucket-prod')).toEqual({
        status: 'skipped',
        reason: 'backing off',
      });
      // What GET /api/dr/sources returns.
      const sources = await sourceStore.list();
      expect(sources).toEqual([
        expect.objectContaining({
          sourceId: 'bucket-prod',
          status: 'stale',
          lastError:
            'SourceTimeoutError: Listing "" in bucket "backups" of source "bucket-prod" timed out after 1 s',
          consecutiveFailures: 1,
          nextAttemptAt: expect.any(String),
          backupCount: 1,
        }),
        expect.objectContaining({
          sourceId: 'volume',
          status: 'ok',
          lastError: null,
          backupCount: 1,
        }),
      ]);
      expect(await backupStore.countForSource('bucket-prod')).toBe(1);
    });
  });
});
