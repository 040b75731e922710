/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested the way it is installed: beside the DR backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import {
  PostgresTestCluster,
  type UnresponsiveTestServer,
  findPostgresServerTools,
  startUnresponsiveTestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import request from 'supertest';
import { StreamingStandbyTestCluster } from './__testUtils__/StreamingStandbyTestCluster';
import drModulePostgresReplication from '.';

jest.setTimeout(120_000);

const tools = findPostgresServerTools();
if ('missing' in tools && (process.env.DR_REQUIRE_POSTGRES || process.env.CI)) {
  throw new Error(
    `The postgres-replication module tests need the PostgreSQL server binaries: ${tools.missing}`,
  );
}
const describeWithPostgres = 'bindir' in tools ? describe : describe.skip;

/** Seed 001's shape: the primary in eu-west-1, the streaming replica in eu-central-1. */
const PLAN = `apiVersion: dr.backstage.io/v1alpha2
kind: DisasterRecoveryPlan
metadata: { name: orders }
spec:
  objectives:
    - { scenario: region-loss, destroys: [eu-west-1], rto: 1h, rpo: 0 }
`;

/** Moves only the clock; timers and I/O run as usual. */
function setClock(at: number) {
  jest
    .useFakeTimers({
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    })
    .setSystemTime(at);
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describeWithPostgres.each(databases.eachSupportedId())(
  'the DR backend with the postgres-replication module, a real primary and a streaming standby, on %s',
  databaseId => {
    let primary: PostgresTestCluster | undefined;
    let standby: StreamingStandbyTestCluster | undefined;
    let hung: UnresponsiveTestServer | undefined;
    let catalogDir: string;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

    beforeAll(async () => {
      catalogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-replica-plan-'));
      fs.writeFileSync(path.join(catalogDir, 'plan.yaml'), PLAN);
      primary = await PostgresTestCluster.start({
        bindir: (tools as { bindir: string }).bindir,
      });
      standby = await StreamingStandbyTestCluster.start(primary);
      hung = await startUnresponsiveTestServer();
      const ordersDb: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'orders-db',
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location': `file:${path.join(
              catalogDir,
              'entities.yaml',
            )}`,
            'dr.backstage.io/plan': './plan.yaml',
            'dr.backstage.io/backup-sources': 'replica:',
          },
        },
        spec: { type: 'database', owner: 'team-a' },
      };
      const knex = await databases.init(databaseId);
      const scheduler = mockServices.scheduler() as SchedulerService & {
        factory(): ServiceFactory;
      };
      const user = primary.superuser;
      ({ server } = await startTestBackend({
        features: [
          drPlugin,
          drModulePostgresReplication,
          scheduler.factory(),
          mockServices.database.factory({ knex, migrations: { skip: false } }),
          catalogServiceMock.factory({ entities: [ordersDb] }),
          mockServices.rootConfig.factory({
            data: {
              dr: {
                sources: {
                  replica: {
                    type: 'postgres-replication',
                    location: 'eu-central-1',
                    standby: { host: standby.root, port: standby.port, user },
                    primary: { host: primary.root, port: primary.port, user },
                    timeouts: { connect: '5s', request: '5s' },
                  },
                  'hung-replica': {
                    type: 'postgres-replication',
                    location: 'eu-central-1',
                    standby: { host: '127.0.0.1', port: hung.port, user },
                    timeouts: { connect: '1s', request: '1s' },
                  },
                },
              },
            },
          }),
        ],
      }));
      await scheduler.triggerTask('dr-catalog-sync');
    });
    afterEach(() => jest.useRealTimers());
    afterAll(async () => {
      // Each one even when another fails or never started.
      await Promise.allSettled([
        standby?.stop(),
        primary?.stop(),
        hung?.stop(),
      ]);
      fs.rmSync(catalogDir, { recursive: true, force: true });
    });

    const refresh = async (sourceId: string) =>
      expect(
        (await request(server).post('/api/dr/refresh').send({ sourceId }))
          .status,
      ).toBe(202);
    const posture = async () =>
      (
        await request(server).get(
          '/api/dr/entities/resource/default/orders-db/posture',
        )
      ).body;
    const regionLoss = async () =>
      (await posture()).scenarios.find(
        (s: { scenario: string }) => s.scenario === 'region-loss',
      ).rpo;
    const replicaRow = async () => {
      const { items } = (
        await request(server).get(
          '/api/dr/entities/resource/default/orders-db/backups',
        )
      ).body;
      expect(items).toHaveLength(1);
      return items[0];
    };
    const sourceStatus = async (sourceId: string) =>
      (await request(server).get('/api/dr/sources')).body.items.find(
        (s: { sourceId: string }) => s.sourceId === sourceId,
      );

    it('meets RPO 0 for region loss from the caught-up standby in the surviving region', async () => {
      await primary!.sql(
        'create table orders (id int); insert into orders values (1)',
      );
      const lsn = await primary!.sql('select pg_current_wal_lsn()');
      await standby!.waitFor(lsn, 'replay');
      expect(await standby!.sql('select count(*) from orders')).toBe('1');

      await refresh('replica');
      const row = await replicaRow();
      expect(row).toMatchObject({
        type: 'wal',
        status: 'succeeded',
        details: {
          replica: { inRecovery: true, receiver: 'streaming', lagBytes: 0 },
        },
      });
      expect(await regionLoss()).toMatchObject({
        status: 'met',
        targetSeconds: 0,
        toleranceSeconds: 300,
        lastSuccessfulBackupAt: row.completedAt,
      });
      expect((await posture()).rpo.status).toBe('met');
    });

    it('breaches RPO 0 with the reason once paused replay leaves commits behind past the tolerance, and meets it again once replayed', async () => {
      await standby!.sql('select pg_wal_replay_pause()');
      await primary!.sql('insert into orders values (2)');
      const lsn = await primary!.sql('select pg_current_wal_lsn()');
      await standby!.waitFor(lsn, 'receive');

      await refresh('replica');
      const behind = await replicaRow();
      const { replica } = behind.details;
      expect(replica.replayPaused).toBe(true);
      // The lag is measured in WAL: what the primary has and the standby
      // has not replayed, as PostgreSQL counts it.
      expect(replica.lagBytes).toBeGreaterThan(0);
      expect(
        Number(
          await primary!.sql(
            `select pg_wal_lsn_diff('${replica.primaryLsn}', '${replica.replayLsn}')`,
          ),
        ),
      ).toBe(replica.lagBytes);
      expect(replica.replayLsn).toBe(
        await standby!.sql('select pg_last_wal_replay_lsn()'),
      );
      // Its recovery point is its last replayed transaction (the first insert).
      expect(behind.completedAt).toBe(replica.replayedTransactionAt);

      // Ten minutes on, the primary's second insert is still not replayed.
      setClock(Date.parse(replica.replayedTransactionAt) + 10 * 60_000);
      await refresh('replica');
      expect(await regionLoss()).toMatchObject({
        status: 'breached',
        actualSeconds: 600,
        lastSuccessfulBackupAt: replica.replayedTransactionAt,
        reason:
          'Continuous archiving or replication lags 10 min behind now, past the tolerance of 5 min: an RPO of 0 is not kept.',
      });
      expect((await posture()).overall).toBe('breach');

      await standby!.sql('select pg_wal_replay_resume()');
      await standby!.waitFor(lsn, 'replay');
      await refresh('replica');
      expect((await replicaRow()).details.replica.lagBytes).toBe(0);
      expect(await regionLoss()).toMatchObject({
        status: 'met',
        actualSeconds: 0,
      });
    });

    it('breaches RPO 0 at once, with the reason, when the standby stops streaming', async () => {
      await standby!.stopStreaming();
      await refresh('replica');
      expect(await replicaRow()).toMatchObject({
        status: 'failed',
        details: { replica: { receiver: null } },
      });
      const rpo = await regionLoss();
      expect(rpo.status).toBe('breached');
      expect(rpo.reason).toMatch(
        /^An RPO of 0 needs continuous archiving or replication: standby of source "replica" at .* is not streaming from its primary \(WAL receiver: none; it is not running, or the user lacks pg_monitor\)\. It holds the data up to its last replayed transaction, of /,
      );
      expect((await posture()).problems).toContainEqual(
        expect.objectContaining({
          code: 'rpo-zero-not-kept',
          field: 'region-loss',
          message: `Scenario "region-loss": ${rpo.reason}`,
        }),
      );
      expect((await sourceStatus('replica')).status).toBe('ok');
    });

    it('turns the source stale, keeping its last index, when the standby is down or hangs', async () => {
      await standby!.stop();
      await refresh('replica');
      const down = await sourceStatus('replica');
      expect(down.status).toBe('stale');
      expect(down.lastError).toMatch(
        /PostgreSQL standby of source "replica" at .* cannot be read: connect ENOENT/,
      );
      expect((await posture()).problems.map((p: any) => p.code)).toContain(
        'source-stale',
      );
      expect((await replicaRow()).status).toBe('failed');

      await refresh('hung-replica');
      const hangs = await sourceStatus('hung-replica');
      expect(hangs.status).toBe('stale');
      expect(hangs.lastError).toMatch(/timed out/);
      expect(hung!.connections()).toBeGreaterThan(0);
    });
  },
);
