/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  type ClickHouseTestServer,
  InMemoryIndexSink,
  startClickHouseTestServer,
  startUnresponsiveTestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import { ClickHouseBackupSource } from './ClickHouseBackupSource';

const MINUTE = 60_000;
// One "now" for the whole file: ClickHouse's times are whole seconds.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const ago = (minutes: number) => new Date(NOW - minutes * MINUTE);
const B2 =
  'https://s3.eu-central-003.backblazeb2.com/batchsender-clickhouse-cold/backups';
const SECRET = 'B2-application-key-do-not-log';
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'events-db' },
};

describe('ClickHouseBackupSource against a server speaking ClickHouse HTTP', () => {
  let clickhouse: ClickHouseTestServer;
  const logger = mockServices.logger.mock();

  const sourceOf = (config: Record<string, unknown> = {}) =>
    ClickHouseBackupSource.fromConfig({
      id: 'ch',
      logger,
      config: new ConfigReader({
        type: 'clickhouse',
        url: clickhouse.url,
        user: clickhouse.user,
        password: clickhouse.password,
        ...config,
      }),
    });

  beforeAll(async () => {
    clickhouse = await startClickHouseTestServer();
  });
  afterAll(() => clickhouse?.stop());
  beforeEach(() => {
    clickhouse.clear();
    clickhouse.setFailure(undefined);
    logger.warn.mockClear();
  });

  it('reads each BACKUP operation as one backup; only a created one succeeded', async () => {
    clickhouse.put({
      id: 'daily-1',
      name: `S3('${B2}/daily-1/', 'KEYID', '${SECRET}')`,
      status: 'BACKUP_CREATED',
      start_time: ago(190),
      end_time: ago(180),
      num_files: 211,
      total_size: 5_000_000_000,
      compressed_size: 4_000_000_000,
    });
    clickhouse.put({
      id: 'incr-2',
      name: `S3('${B2}/incr-2/', 'KEYID', '[HIDDEN]')`,
      base_backup_name: `S3('${B2}/daily-1/', 'KEYID', '[HIDDEN]')`,
      status: 'BACKUP_CREATED',
      start_time: ago(65),
      end_time: ago(60),
      total_size: 12_345,
    });
    clickhouse.put({
      id: 'failed-3',
      name: `S3('${B2}/failed-3/', 'KEYID', '[HIDDEN]')`,
      status: 'BACKUP_FAILED',
      start_time: ago(31),
      end_time: ago(30),
      error:
        'Code: 243. DB::Exception: Cannot reserve 1.00 MiB, not enough space. (NOT_ENOUGH_SPACE) (version 24.8.4.13 (official build))',
    });
    clickhouse.put({
      id: 'running-4',
      name: `S3('${B2}/running-4/', 'KEYID', '[HIDDEN]')`,
      status: 'CREATING_BACKUP',
      start_time: ago(5),
    });
    clickhouse.put({
      id: 'restore-5',
      name: `S3('${B2}/daily-1/', 'KEYID', '[HIDDEN]')`,
      status: 'RESTORED',
      start_time: ago(20),
      end_time: ago(19),
    });
    clickhouse.put({
      id: 'disk-6',
      name: "Disk('backups', 'analytics/2026-11-28.zip')",
      status: 'BACKUP_CREATED',
      start_time: ago(2900),
      end_time: ago(2880),
    });

    clickhouse.put({
      id: 'named-7',
      name: "S3(b2_backups, 'events/2026-11-30/')",
      status: 'BACKUP_CREATED',
      start_time: ago(30),
      end_time: ago(29),
    });

    const sink = new InMemoryIndexSink();
    const result = await sourceOf().index({ sink, logger });

    expect(clickhouse.queries).toContain(
      'SELECT *, toUnixTimestamp(start_time) AS start_epoch, toUnixTimestamp(end_time) AS end_epoch FROM system.backups FORMAT JSONEachRow',
    );
    expect(result).toMatchObject({
      listed: 6,
      state: { restoreOperations: 1 },
    });
    const byId = (id: string) =>
      [...sink.backups.values()].find(b => b.details.operationId === id)!;
    const host = 's3.eu-central-003.backblazeb2.com';
    expect(byId('daily-1')).toMatchObject({
      key: `${host}/batchsender-clickhouse-cold/backups/daily-1/#daily-1`,
      name: `S3('${B2}/daily-1/')`,
      type: 'full',
      status: 'succeeded',
      startedAt: ago(190),
      completedAt: ago(180),
      sizeBytes: 5_000_000_000,
      details: {
        clickhouseStatus: 'BACKUP_CREATED',
        engine: 'S3',
        numFiles: 211,
        compressedSizeBytes: 4_000_000_000,
        baseBackup: null,
      },
    });
    expect(byId('incr-2')).toMatchObject({
      type: 'incremental',
      status: 'succeeded',
      completedAt: ago(60),
      details: {
        baseBackup: `S3('${B2}/daily-1/')`,
        baseDestination: `${host}/batchsender-clickhouse-cold/backups/daily-1/`,
      },
    });
    expect(byId('failed-3')).toMatchObject({
      status: 'failed',
      details: {
        error:
          'NOT_ENOUGH_SPACE (code 243): Cannot reserve 1.00 MiB, not enough space',
      },
    });
    expect(byId('running-4')).toMatchObject({
      status: 'in-progress',
      startedAt: ago(5),
      completedAt: null,
    });
    expect(byId('disk-6')).toMatchObject({
      key: 'backups/analytics/2026-11-28.zip#disk-6',
      name: "Disk('backups', 'analytics/2026-11-28.zip')",
      status: 'succeeded',
    });
    expect(byId('named-7')).toMatchObject({
      key: 'b2_backups/events/2026-11-30/#named-7',
      name: "S3(b2_backups, 'events/2026-11-30/')",
      status: 'succeeded',
    });
    // The key and secret of S3(…) are never kept.
    expect(JSON.stringify([...sink.backups.values()])).not.toMatch(
      /KEYID|HIDDEN|do-not-log/,
    );
  });

  it('keeps rows it cannot trust as failed with the problem, and leaves out lines that are no backup', async () => {
    clickhouse.put({
      id: 'future-1',
      name: `S3('${B2}/future-1/')`,
      status: 'BACKUP_VERIFIED',
      start_time: ago(10),
      end_time: ago(9),
    });
    clickhouse.put({
      id: 'no-end-2',
      name: `S3('${B2}/no-end-2/')`,
      status: 'BACKUP_CREATED',
      start_time: ago(10),
    });
    clickhouse.put({
      id: 'odd-3',
      name: 'Memory()',
      status: 'BACKUP_CREATED',
      start_time: 'yesterday',
      end_time: ago(3),
    });
    clickhouse.put({
      id: '',
      name: `S3('${B2}/x/')`,
      status: 'BACKUP_CREATED',
    });

    const sink = new InMemoryIndexSink();
    const result = await sourceOf().index({ sink, logger });

    const rows = [...sink.backups.values()].sort((a, b) =>
      a.key.localeCompare(b.key),
    );
    expect(
      rows.map(r => [r.details.operationId, r.status, r.details.problem]),
    ).toEqual([
      ['future-1', 'failed', 'status "BACKUP_VERIFIED" is not a BACKUP status'],
      ['no-end-2', 'failed', 'a created backup without an end time'],
      [
        'odd-3',
        'failed',
        'its destination is not S3(…), Disk(…), File(…) or AzureBlobStorage(…)',
      ],
    ]);
    expect(rows.find(r => r.details.operationId === 'odd-3')).toMatchObject({
      key: 'unknown/#odd-3',
      name: 'Memory(…)',
    });
    expect(result.state.skippedRows).toEqual([
      'line 4: a row without an operation id',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('left out 1 row(s) of system.backups'),
    );
  });

  it('fails the run with ClickHouse’s error when the password is wrong, never echoing it', async () => {
    const sink = new InMemoryIndexSink();
    const run = sourceOf({ password: 'wrong-password' }).index({
      sink,
      logger,
    });
    await expect(run).rejects.toThrow(
      'ClickHouse of source "ch" answered HTTP 403: AUTHENTICATION_FAILED (code 516): dr_reader: Authentication failed: password is incorrect, or there is no user with such name; check the source\'s user and password',
    );
    await expect(run).rejects.not.toThrow(/wrong-password/);
  });

  it('fails the run when the query fails midway, keeping the last good index', async () => {
    clickhouse.put({
      id: 'ok-1',
      name: `S3('${B2}/ok-1/')`,
      status: 'BACKUP_CREATED',
      start_time: ago(10),
      end_time: ago(9),
    });
    const sink = new InMemoryIndexSink();
    await sourceOf().index({ sink, logger });
    clickhouse.put({
      id: 'ok-2',
      name: `S3('${B2}/ok-2/')`,
      status: 'BACKUP_CREATED',
      start_time: ago(5),
      end_time: ago(4),
    });
    clickhouse.setFailure({
      code: 241,
      name: 'MEMORY_LIMIT_EXCEEDED',
      message: 'Memory limit (total) exceeded',
      afterRows: 1,
    });
    await expect(sourceOf().index({ sink, logger })).rejects.toThrow(
      'ClickHouse failed midway: MEMORY_LIMIT_EXCEEDED (code 241): Memory limit (total) exceeded',
    );
    expect(sink.sortedKeys()).toEqual([
      `s3.eu-central-003.backblazeb2.com/batchsender-clickhouse-cold/backups/ok-1/#ok-1`,
    ]);
  });

  it('fails the run when the server is down', async () => {
    const down = await startClickHouseTestServer();
    const url = down.url;
    await down.stop();
    await expect(
      sourceOf({ url }).index({ sink: new InMemoryIndexSink(), logger }),
    ).rejects.toThrow(
      `ClickHouse of source "ch" at ${url} cannot be reached (ECONNREFUSED)`,
    );
  });

  it('gives up on a hung server after timeouts.request', async () => {
    const hung = await startUnresponsiveTestServer();
    try {
      const run = sourceOf({
        url: hung.url,
        timeouts: { request: '0.2s' },
      }).index({ sink: new InMemoryIndexSink(), logger });
      await expect(run).rejects.toThrow(
        `Querying ClickHouse of source "ch" at ${hung.url} timed out after 0.2 s`,
      );
      await expect(run).rejects.toMatchObject({ name: 'SourceTimeoutError' });
      expect(hung.connections()).toBe(1);
    } finally {
      await hung.stop();
    }
  });

  it('refuses a url that is not one, or has credentials in it', () => {
    expect(() => sourceOf({ url: 'clickhouse:8123' })).toThrow(
      'ClickHouse of source "ch": url must be http or https',
    );
    expect(() => sourceOf({ url: 'not a url' })).toThrow(
      'ClickHouse of source "ch": url must be a URL such as https://clickhouse.internal:8443',
    );
    expect(() =>
      sourceOf({ url: `http://dr_reader:${SECRET}@127.0.0.1:8123` }),
    ).toThrow(
      'ClickHouse of source "ch": put the user and password in user and password, not in the url',
    );
  });

  describe('selectors', () => {
    it('narrow by destination prefix, with or without the URL scheme', () => {
      const source = sourceOf();
      expect(source.parseSelector('', entity)).toEqual({
        kind: 'prefix',
        prefix: '',
        canonical: '',
      });
      expect(source.parseSelector(` ${B2}/ `, entity)).toEqual({
        kind: 'prefix',
        prefix:
          's3.eu-central-003.backblazeb2.com/batchsender-clickhouse-cold/backups/',
        canonical:
          's3.eu-central-003.backblazeb2.com/batchsender-clickhouse-cold/backups/',
      });
      expect(source.parseSelector('backups/analytics/', entity)).toMatchObject({
        prefix: 'backups/analytics/',
      });
    });

    it('refuse what cannot be a destination prefix', () => {
      const source = sourceOf();
      expect(() => source.parseSelector('backups/x#id', entity)).toThrow(
        'Selector "backups/x#id" of source "ch" is a destination prefix and may not contain "#"',
      );
      expect(() => source.parseSelector('a\nb', entity)).toThrow(
        'contains control characters',
      );
    });
  });
});
