/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  InMemoryIndexSink,
  startUnresponsiveTestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import { RedisBackupSource } from './RedisBackupSource';
import {
  findRedisServer,
  RedisTestServer,
} from './__testUtils__/RedisTestServer';
import { parsePersistenceInfo } from './redisPersistence';

jest.setTimeout(60_000);

const tools = findRedisServer();
const required = Boolean(process.env.DR_REQUIRE_POSTGRES || process.env.CI);
if ('missing' in tools) {
  if (required) {
    throw new Error(
      `The Redis source tests need a real redis-server (DR_REQUIRE_POSTGRES/CI is set): ${tools.missing}`,
    );
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING the Redis source tests: ${tools.missing}`);
}
const describeWithRedis = 'ok' in tools ? describe : describe.skip;

const logger = mockServices.logger.mock();
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'sessions' },
};

describeWithRedis('RedisBackupSource against a real redis-server', () => {
  let redis: RedisTestServer;
  const sink = new InMemoryIndexSink();
  const sourceOf = (config: Record<string, unknown> = {}) =>
    RedisBackupSource.fromConfig({
      id: 'cache',
      logger,
      config: new ConfigReader({
        type: 'redis',
        url: redis.url,
        password: redis.password,
        ...config,
      }),
    });
  const rows = () =>
    [...sink.backups.values()].map(b => [b.key, b.type, b.status]);
  let previousState: Awaited<ReturnType<RedisBackupSource['index']>>['state'];
  const index = async () => {
    const result = await sourceOf().index({ sink, logger, previousState });
    previousState = result.state;
    return result;
  };

  beforeAll(async () => {
    redis = await RedisTestServer.start();
  });
  afterAll(() => redis?.stop());

  it('counts no snapshot before the server saved one: the start time is no backup', async () => {
    const result = await index();
    expect(rows()).toEqual([]);
    expect(result.state.snapshot).toMatch(
      /^no save since the server started \(.+\); the RDB file it may have loaded is of unknown age$/,
    );
  });

  it('reports a real snapshot as a snapshot backup completed at LASTSAVE', async () => {
    await redis.write('session:1', 'alice');
    const savedAt = await redis.save();
    await index();
    expect(rows()).toEqual([
      [`rdb/${savedAt.getTime() / 1000}`, 'snapshot', 'succeeded'],
    ]);
    expect(sink.backups.get(`rdb/${savedAt.getTime() / 1000}`)).toMatchObject({
      completedAt: savedAt,
      details: {
        rdbSaves: 1,
        changesSinceLastSave: 0,
        aofEnabled: false,
        aofLastWriteStatus: 'ok',
      },
    });
  });

  it('lists a running BGSAVE as in progress, not counted', async () => {
    const savedKey = `rdb/${(await redis.client.lastsave()).toString()}`;
    await redis.startSlowBgsave();
    try {
      await index();
      expect(rows()).toEqual([
        [savedKey, 'snapshot', 'succeeded'],
        ['rdb/bgsave-running', 'snapshot', 'in-progress'],
      ]);
    } finally {
      await redis.endBgsave();
    }
  });

  it('reports a failed BGSAVE as a failed backup with the problem, keeping the last good snapshot', async () => {
    const savedKey = `rdb/${(await redis.client.lastsave()).toString()}`;
    redis.breakDataDirectory();
    await redis.bgsave();
    expect(await redis.client.info('persistence')).toContain(
      'rdb_last_bgsave_status:err',
    );
    const before = Date.now();
    await index();
    expect(rows()).toEqual([
      [savedKey, 'snapshot', 'succeeded'],
      ['rdb/last-bgsave', 'snapshot', 'failed'],
    ]);
    const failed = sink.backups.get('rdb/last-bgsave')!;
    expect(failed.details.problem).toMatch(/^the last BGSAVE failed/);
    expect(failed.completedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Redis of source "cache": the last BGSAVE failed',
      ),
    );
    // The time it was first seen failing stays put on later runs.
    await index();
    expect(sink.backups.get('rdb/last-bgsave')!.completedAt).toEqual(
      failed.completedAt,
    );
  });

  it('reads as an ACL user allowed nothing but INFO', async () => {
    await redis.client.call(
      'ACL',
      'SETUSER',
      'dr-reader',
      'on',
      '>reader-password',
      '+info',
    );
    const result = await sourceOf({
      username: 'dr-reader',
      password: 'reader-password',
    }).index({ sink: new InMemoryIndexSink(), logger });
    expect(result.listed).toBeGreaterThan(0);
  });

  it('fails the run when the password is wrong, without showing it', async () => {
    const run = sourceOf({ password: 'not-the-password' }).index({
      sink: new InMemoryIndexSink(),
      logger,
    });
    await expect(run).rejects.toThrow(
      `Redis of source "cache" at 127.0.0.1:${
        new URL(redis.url).port
      } refused the credentials (WRONGPASS); check username and password`,
    );
    await expect(run).rejects.not.toThrow(/not-the-password/);
  });
});

describe('RedisBackupSource without a server to read', () => {
  it('fails the run when nothing listens', async () => {
    const hung = await startUnresponsiveTestServer();
    await hung.stop();
    const source = RedisBackupSource.fromConfig({
      id: 'cache',
      logger,
      config: new ConfigReader({
        type: 'redis',
        url: `redis://127.0.0.1:${hung.port}`,
      }),
    });
    await expect(
      source.index({ sink: new InMemoryIndexSink(), logger }),
    ).rejects.toThrow(
      `Redis of source "cache" at 127.0.0.1:${hung.port} cannot be read (ECONNREFUSED)`,
    );
  });

  it('gives up on a server that never answers after the source timeouts', async () => {
    const hung = await startUnresponsiveTestServer();
    try {
      const source = RedisBackupSource.fromConfig({
        id: 'cache',
        logger,
        config: new ConfigReader({
          type: 'redis',
          url: `redis://127.0.0.1:${hung.port}`,
          timeouts: { connect: '0.2s', request: '0.2s' },
        }),
      });
      const run = source.index({ sink: new InMemoryIndexSink(), logger });
      await expect(run).rejects.toThrow(
        `Redis of source "cache" at 127.0.0.1:${hung.port} timed out after 0.2 s`,
      );
      await expect(run).rejects.toMatchObject({ name: 'SourceTimeoutError' });
    } finally {
      await hung.stop();
    }
  });

  it('refuses urls that are not redis:// or carry credentials', () => {
    const make = (url: string) =>
      RedisBackupSource.fromConfig({
        id: 'cache',
        logger,
        config: new ConfigReader({ type: 'redis', url }),
      });
    expect(() => make('http://cache:6379')).toThrow(
      'dr.sources.cache.url must start with redis:// or rediss://',
    );
    expect(() => make('redis://:secret@cache:6379')).toThrow(
      'dr.sources.cache.url: put the credentials in username and password, not in the url',
    );
  });

  it('takes only the empty selector: a source is one server', () => {
    const source = RedisBackupSource.fromConfig({
      id: 'cache',
      logger,
      config: new ConfigReader({ type: 'redis', url: 'redis://cache:6379' }),
    });
    expect(source.parseSelector(' ', entity)).toEqual({
      kind: 'prefix',
      prefix: '',
      canonical: '',
    });
    expect(() => source.parseSelector('db0', entity)).toThrow(
      'Source "cache" reads one Redis server; leave the selector empty ("cache:")',
    );
  });

  it('refuses an INFO answer that is not Redis persistence', () => {
    expect(() =>
      parsePersistenceInfo('# Server\r\nredis_version:7.0.15\r\n'),
    ).toThrow(
      'INFO persistence has no rdb_last_save_time (or not a number); is this a Redis server?',
    );
  });
});
