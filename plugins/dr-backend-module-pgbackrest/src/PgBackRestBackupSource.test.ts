/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import {
  type ServiceFactory,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import type {
  IndexRunResult,
  IndexedBackup,
} from '@dr-suite/backstage-plugin-dr-node';
import { InMemoryIndexSink } from '@dr-suite/backstage-plugin-dr-node/testUtils';
// The posture is judged by the DR plugin this module is installed into.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import request from 'supertest';
import {
  EMPTY_STANZA,
  PgBackRestTestCluster,
  STANZA,
  findClusterTools,
} from './__testUtils__/PgBackRestTestCluster';
import { PgBackRestBackupSource } from './PgBackRestBackupSource';
import drModulePgBackRest from '.';

jest.setTimeout(120_000);

const tools = findClusterTools();
const required = Boolean(process.env.DR_REQUIRE_POSTGRES || process.env.CI);
if ('missing' in tools) {
  if (required) {
    throw new Error(
      `The pgBackRest tests need a real pgbackrest and PostgreSQL server (DR_REQUIRE_POSTGRES/CI is set): ${tools.missing}`,
    );
  }
  // eslint-disable-next-line no-console
  console.warn(
    `SKIPPING the pgBackRest tests: ${tools.missing}. Install pgbackrest and the PostgreSQL server, or run scripts/run test.`,
  );
}
const describeWithCluster = 'bindir' in tools ? describe : describe.skip;

const logger = mockServices.logger.mock();
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db' },
};

describeWithCluster('pgBackRest, against a real cluster and repository', () => {
  let cluster: PgBackRestTestCluster;
  let testStart: Date;
  let afterLastBackup: Date;
  let lastArchivedSegment: string;
  let indexRun: IndexRunResult;
  const sink = new InMemoryIndexSink();

  const sourceOf = (options: { stanza?: string; repoPath?: string } = {}) =>
    PgBackRestBackupSource.fromConfig({
      id: 'pgbr',
      logger,
      config: new ConfigReader({
        type: 'pgbackrest',
        stanza: STANZA,
        configPath: cluster.configPath,
        ...options,
      }),
    });
  const rows = () =>
    [...sink.backups.values()].sort((a, b) => a.key.localeCompare(b.key));
  const backupRows = () => rows().filter(r => r.type !== 'wal');

  beforeAll(async () => {
    // Epoch seconds are whole: the window starts at the second the test did.
    testStart = new Date(Math.floor(Date.now() / 1000) * 1000);
    cluster = await PgBackRestTestCluster.start(
      (tools as { bindir: string }).bindir,
    );
    await cluster.pgbackrest('--type=full', 'backup');
    await cluster.writeAndArchive('orders');
    await cluster.pgbackrest('--type=incr', 'backup');
    // A real errored set: a page whose checksum no longer matches (the
    // cluster has data checksums) is copied and flagged `error: true`.
    await cluster.sql(
      'create table ledger(x int); insert into ledger select generate_series(1, 1000); checkpoint',
    );
    const file = await cluster.relationFile('ledger');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('not a heap tuple'.repeat(4)), 0, 64, 5000);
    fs.closeSync(fd);
    await cluster.pgbackrest('--type=incr', 'backup');
    afterLastBackup = new Date();
    // Continuous archiving goes on after the last backup.
    lastArchivedSegment = await cluster.writeAndArchive('orders');
    indexRun = await sourceOf().index({ sink, logger });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('indexes each backup set as one row with its type, size and times', () => {
    const [full, incr, errored] = backupRows();
    expect(backupRows()).toHaveLength(3);
    expect(full).toMatchObject({
      type: 'full',
      status: 'succeeded',
      details: { stanza: STANZA, pgbackrestType: 'full', prior: null },
    });
    expect(full.key).toBe(`${STANZA}/${full.name}`);
    expect(incr).toMatchObject({
      type: 'incremental',
      status: 'succeeded',
      details: { pgbackrestType: 'incr', prior: full.name },
    });
    for (const backup of [full, incr, errored]) {
      expect(backup.sizeBytes).toBeGreaterThan(0);
      expect(backup.details.repositorySizeBytes).toBeGreaterThan(0);
      expect(backup.details.archiveStart).toMatch(/^[0-9A-F]{24}$/);
      expect(backup.details.lsnStop).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      expect(backup.startedAt!.getTime()).toBeGreaterThanOrEqual(
        testStart.getTime(),
      );
      expect(backup.completedAt!.getTime()).toBeGreaterThanOrEqual(
        backup.startedAt!.getTime(),
      );
      expect(backup.completedAt!.getTime()).toBeLessThanOrEqual(
        afterLastBackup.getTime(),
      );
    }
  });

  it('marks a set with page checksum errors failed, so it never counts toward RPO', () => {
    const [, incr, errored] = backupRows();
    expect(errored).toMatchObject({
      type: 'incremental',
      status: 'failed',
      details: { pgbackrestType: 'incr', prior: incr.name, errors: true },
    });
  });

  it('indexes the newest archived WAL segment with the time it was archived', () => {
    const [, incr, errored] = backupRows();
    const wal = rows().filter(r => r.type === 'wal');
    expect(wal).toHaveLength(1);
    expect(wal[0]).toMatchObject({
      key: `${STANZA}/archive/${lastArchivedSegment}`,
      name: lastArchivedSegment,
      status: 'succeeded',
      details: { stanza: STANZA, archiveMax: lastArchivedSegment },
    });
    expect(wal[0].completedAt!.getTime()).toBeGreaterThan(
      incr.completedAt!.getTime(),
    );
    expect(wal[0].completedAt!.getTime()).toBeGreaterThan(
      errored.completedAt!.getTime(),
    );
    expect(wal[0].completedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(indexRun).toMatchObject({
      listed: 4,
      state: {
        walRecency: { [STANZA]: 'known' },
        backupRunning: { [STANZA]: false },
      },
    });
  });

  it('keeps a stanza without valid backups empty, WAL included', async () => {
    const emptySink = new InMemoryIndexSink();
    const result = await sourceOf({ stanza: EMPTY_STANZA }).index({
      sink: emptySink,
      logger,
    });
    expect(result).toMatchObject({ listed: 0 });
    expect(emptySink.sortedKeys()).toEqual([]);
    expect(result.state.walRecency).toEqual({
      [EMPTY_STANZA]: 'no valid backups',
    });
  });

  it('fails the run with pgBackRest’s message when the stanza is missing', async () => {
    await expect(
      sourceOf({ stanza: 'nosuch' }).index({
        sink: new InMemoryIndexSink(),
        logger,
      }),
    ).rejects.toThrow(
      'pgBackRest stanza "nosuch": missing stanza path (status code 1)',
    );
  });

  it('fails the run, without the config path, when pgbackrest cannot run', async () => {
    const source = PgBackRestBackupSource.fromConfig({
      id: 'pgbr',
      logger,
      config: new ConfigReader({
        type: 'pgbackrest',
        stanza: STANZA,
        configPath: `${cluster.root}/nope.conf`,
      }),
    });
    const run = source.index({ sink: new InMemoryIndexSink(), logger });
    await expect(run).rejects.toThrow(
      /^pgbackrest info of source "pgbr" failed \(exit code 55\): ERROR: \[055\]: unable to open missing file '<path>' for read$/,
    );
  });

  it('reads every stanza of the repository without a configured stanza', async () => {
    const allSink = new InMemoryIndexSink();
    await PgBackRestBackupSource.fromConfig({
      id: 'pgbr',
      logger,
      config: new ConfigReader({
        type: 'pgbackrest',
        configPath: cluster.configPath,
      }),
    }).index({ sink: allSink, logger });
    expect(allSink.sortedKeys()).toEqual(rows().map(r => r.key));
  });

  describe.each(
    TestDatabases.create({
      ids: ['POSTGRES_15', 'SQLITE_3'],
    }).eachSupportedId(),
  )('the posture of an entity backed up by pgBackRest, on %s', databaseId => {
    const databases = TestDatabases.create({
      ids: ['POSTGRES_15', 'SQLITE_3'],
    });

    it('takes its RPO from the newest archived WAL, met', async () => {
      const knex = await databases.init(databaseId);
      const orders: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'orders-db',
          namespace: 'default',
          annotations: {
            'dr.backstage.io/rpo': '15m',
            'dr.backstage.io/rto': '1h',
            'dr.backstage.io/backup-sources': 'pgbr:',
          },
        },
        spec: { type: 'database', owner: 'team-a' },
      };
      const features: ServiceFactory[] = [
        (mockServices.scheduler() as any).factory(),
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        }).factory,
        catalogServiceMock.factory({ entities: [orders] }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: jest.fn() } as any),
        }),
        createServiceFactory({
          service: scaffolderServiceRef,
          deps: {},
          factory: () => ({ scaffold: jest.fn() } as any),
        }),
        mockServices.rootConfig.factory({
          data: {
            dr: {
              sources: {
                pgbr: {
                  type: 'pgbackrest',
                  stanza: STANZA,
                  configPath: cluster.configPath,
                },
                'pgbr-missing': {
                  type: 'pgbackrest',
                  stanza: 'nosuch',
                  configPath: cluster.configPath,
                },
              },
            },
          },
        }),
      ];
      const { server } = await startTestBackend({
        features: [drPlugin, drModulePgBackRest, ...features],
      });
      const refresh = await request(server).post('/api/dr/refresh').send({});
      expect(refresh.body.triggered.sort()).toEqual(['pgbr', 'pgbr-missing']);

      const posture = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/posture',
      );
      expect(posture.status).toBe(200);
      const wal = rows().find(r => r.type === 'wal') as IndexedBackup;
      expect(posture.body.rpo).toMatchObject({
        status: 'met',
        targetSeconds: 900,
        lastSuccessfulBackupAt: wal.completedAt!.toISOString(),
      });
      expect(posture.body.sources).toEqual([
        expect.objectContaining({
          sourceId: 'pgbr',
          type: 'pgbackrest',
          status: 'ok',
        }),
      ]);

      const backups = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/backups',
      );
      expect(
        backups.body.items.map((b: IndexedBackup) => [b.type, b.status]),
      ).toEqual([
        ['wal', 'succeeded'],
        ['incremental', 'failed'],
        ['incremental', 'succeeded'],
        ['full', 'succeeded'],
      ]);

      const sources = await request(server).get('/api/dr/sources');
      expect(
        sources.body.items.find(
          (s: { sourceId: string }) => s.sourceId === 'pgbr-missing',
        ),
      ).toMatchObject({
        status: 'stale',
        lastError:
          'Error: pgBackRest stanza "nosuch": missing stanza path (status code 1)',
      });
    });
  });
});

describe('PgBackRestBackupSource selectors', () => {
  const source = (stanza?: string) =>
    PgBackRestBackupSource.fromConfig({
      id: 'pgbr',
      logger,
      config: new ConfigReader({ type: 'pgbackrest', stanza }),
    });

  it('selects the configured stanza with an empty selector, or by name', () => {
    expect(source('main').parseSelector('', entity)).toEqual({
      kind: 'prefix',
      prefix: 'main/',
      canonical: 'main',
    });
    expect(source('main').parseSelector(' main ', entity)).toMatchObject({
      prefix: 'main/',
    });
    expect(source().parseSelector('billing', entity)).toMatchObject({
      prefix: 'billing/',
    });
  });

  it('refuses stanza names that are not stanzas, naming the source', () => {
    expect(() => source().parseSelector('', entity)).toThrow(
      'Source "pgbr" reads several stanzas; name one after the colon, e.g. "pgbr:main"',
    );
    expect(() => source().parseSelector('../etc', entity)).toThrow(
      'Stanza "../etc" for source "pgbr" may only contain letters, digits, ".", "_" and "-"',
    );
    expect(() => source().parseSelector('--repo1-path=/x', entity)).toThrow(
      /may only contain letters/,
    );
    expect(() => source('main').parseSelector('other', entity)).toThrow(
      'Source "pgbr" reads only stanza "main", not "other"',
    );
  });

  it('refuses a configured stanza that is not a stanza name', () => {
    expect(() => source('a b')).toThrow(
      'stanza "a b" may only contain letters, digits, ".", "_" and "-"',
    );
  });
});
