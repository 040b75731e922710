/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type PostgresRestoreTarget,
  keptClusterOf,
  removeKeptCluster,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  PostgresTestCluster,
  findPostgresServerTools,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import {
  databaseExists,
  psql,
  startRestoreTestBackend,
} from '../__testUtils__/restoreTestBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(240_000);

const tools = findPostgresServerTools();
if ('missing' in tools && process.env.DR_REQUIRE_POSTGRES) {
  throw new Error(
    `The point-in-time restore test needs the PostgreSQL server binaries (DR_REQUIRE_POSTGRES is set): ${tools.missing}`,
  );
}
const describeWithServerBinaries = 'bindir' in tools ? describe : describe.skip;

const ORDERS = 'resource:default/orders-db';
const PLAN_TASK = 'dr-restore-test:orders-pitr';

function stamp(time: Date): string {
  return time.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/**
 * orders-db continuously archived the way backup scripts do it: a
 * pg_basebackup set in `orders-db/base_…/` and WAL segments copied by
 * archive_command into `orders-db/wal/`; orders 1-3 are committed, the
 * cluster's clock read (`between`), then orders 4-5 committed.
 */
async function archivedOrders(bindir: string) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-rt-pitr-'));
  const walDir = path.join(directory, 'orders-db', 'wal');
  fs.mkdirSync(walDir, { recursive: true });
  const cluster = await PostgresTestCluster.start({
    bindir,
    archiveCommand: () => `test ! -f ${walDir}/%f && cp %p ${walDir}/%f`,
  });
  const cleanup = async () => {
    await cluster.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  };
  try {
    await cluster.chownToClusterUser(directory);
    await cluster.sql('create database orders');
    await cluster.sql(
      'create table orders (id int primary key, note text)',
      'orders',
    );
    const startedAt = new Date(
      Math.floor(Date.parse(await cluster.sql('select now()')) / 1000) * 1000,
    );
    const base = path.join(directory, 'orders-db', `base_${stamp(startedAt)}`);
    await cluster.baseBackup(base);
    const baseCompletedAt = fs.statSync(
      path.join(base, 'backup_manifest'),
    ).mtime;
    for (const id of [1, 2, 3]) {
      await cluster.sql(`insert into orders values (${id}, 'order')`, 'orders');
    }
    const between = await cluster.sql(
      `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    );
    for (const id of [4, 5]) {
      await cluster.sql(`insert into orders values (${id}, 'order')`, 'orders');
    }
    await cluster.switchAndArchiveWal();
    // The archive reads as ending at `between` (its newest segment's
    // time): every instant of the window then has a later commit in the
    // WAL, where recovery stops. A target after the WAL's last commit
    // cannot be reached, whichever instant the plan draws.
    const segments = fs.readdirSync(walDir).sort();
    const newest = path.join(walDir, segments[segments.length - 1]);
    fs.utimesSync(newest, new Date(between), new Date(between));
    return { directory, baseCompletedAt, between, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

describeWithServerBinaries(
  'a restore-test plan that picks a point in time',
  () => {
    const databases = createTestDatabases();
    let store: Awaited<ReturnType<typeof archivedOrders>>;
    let world: ReturnType<typeof createDrTestWorld>;
    let sandbox: string;

    beforeAll(async () => {
      store = await archivedOrders((tools as { bindir: string }).bindir);
    });
    afterAll(async () => {
      await store?.cleanup();
    });
    beforeEach(() => {
      world = createDrTestWorld();
      const orders = world.entities.find(e => e.metadata.name === 'orders-db')!;
      orders.metadata.annotations!['dr.backstage.io/backup-sources'] =
        'archive:orders-db/';
      sandbox = `dr_rt_pitr_${randomBytes(4).toString('hex')}`;
    });
    afterEach(() => {
      world.cleanup();
      psql(`DROP DATABASE IF EXISTS ${sandbox} WITH (FORCE)`);
    });

    /**
     * The archive as a source and the `orders-pitr` plan recovering
     * orders-db to a point in time into `targetId`, configured as `target`.
     */
    const pitrPlanInto = (targetId: string, target: JsonObject) => ({
      sources: {
        archive: {
          type: 'filesystem',
          directory: store.directory,
          layouts: ['pg_basebackup'],
        },
      },
      restoreTargets: { [targetId]: target },
      restoreTests: {
        'orders-pitr': {
          entities: [ORDERS],
          schedule: { frequency: { days: 1 }, timeout: { minutes: 3 } },
          backup: { pick: 'point-in-time', window: '7d' },
          target: targetId,
          scenario: 'bad-migration',
          checks: [
            {
              type: 'sql',
              name: 'orders table recovered',
              query:
                "select count(*) from pg_tables where tablename = 'orders'",
              expect: 1,
            },
            {
              type: 'sql',
              name: 'nothing committed after the instant',
              query: 'select count(*) from orders where id > 3',
              expect: 0,
            },
          ],
        },
      },
    });

    describe.each(databases.eachSupportedId())('on %p', databaseId => {
      it('recovers orders-db to an instant of its recovery window into the sandbox and records a verified restore-test drill', async () => {
        const knex = await migratedDatabase(databases, databaseId);
        const { server, scheduler } = await startRestoreTestBackend({
          world,
          knex,
          dr: pitrPlanInto('orders-sandbox', {
            type: 'postgres',
            environment: 'sandbox',
            allowRestoreTests: true,
            connection: { user: 'postgres', database: sandbox },
          }),
        });
        // A fresh backend: the run indexes the never-indexed source first.
        await scheduler.triggerTask(PLAN_TASK);

        const drills = await request(server).get(
          '/api/dr/entities/resource/default/orders-db/drills',
        );
        expect(drills.body.items).toEqual([
          expect.objectContaining({
            kind: 'restore-test',
            restoreTestPlan: 'orders-pitr',
            scenario: 'bad-migration',
            outcome: 'succeeded',
            checks: [
              expect.objectContaining({
                name: 'orders table recovered',
                passed: true,
              }),
              expect.objectContaining({
                name: 'nothing committed after the instant',
                passed: true,
              }),
            ],
          }),
        ]);
        const [drill] = drills.body.items;
        expect(drill.phases.map((p: { name: string }) => p.name)).toEqual(
          expect.arrayContaining([
            'provisioning',
            'wal-replay',
            'verification',
          ]),
        );

        // The approval names the instant drawn from the recovery window.
        const approval = await request(server).get(
          `/api/dr/approvals/${drill.approvalId}`,
        );
        expect(approval.body).toMatchObject({
          status: 'executed',
          outcome: 'succeeded',
          parameters: { kindParameters: { targetTime: expect.any(String) } },
        });
        const instant = Date.parse(
          approval.body.parameters.kindParameters.targetTime,
        );
        expect(instant).toBeGreaterThanOrEqual(store.baseCompletedAt.getTime());
        expect(instant).toBeLessThanOrEqual(Date.parse(store.between));

        // The base backup is verified restorable, by this run.
        const verified = await request(server).get(
          '/api/dr/entities/resource/default/orders-db/backups?verified=true',
        );
        expect(verified.body.items).toEqual([
          expect.objectContaining({
            key: expect.stringMatching(/^orders-db\/base_\d{8}_\d{6}\/$/),
            verifiedRestorable: expect.objectContaining({
              drillId: drill.id,
              restoreTestPlan: 'orders-pitr',
            }),
          }),
        ]);
        // Cleaned up: the recovered sandbox database is gone.
        expect(databaseExists(sandbox)).toBe(false);
      });

      it('runs the checks in the recovered cluster a keep-cluster sandbox keeps, then removes that cluster', async () => {
        const keepDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-rt-kept-'));
        // The kept cluster's OS user must be able to enter it.
        fs.chmodSync(keepDir, 0o755);
        const kept = {
          id: 'orders-kept',
          keepRecoveredCluster: { directory: keepDir },
        } as PostgresRestoreTarget;
        try {
          const knex = await migratedDatabase(databases, databaseId);
          const { server, scheduler } = await startRestoreTestBackend({
            world,
            knex,
            dr: pitrPlanInto('orders-kept', {
              type: 'postgres',
              environment: 'sandbox',
              allowRestoreTests: true,
              keepRecoveredCluster: {
                directory: keepDir,
                ports: '55500-55599',
              },
            }),
          });
          await scheduler.triggerTask(PLAN_TASK);

          const drills = await request(server).get(
            '/api/dr/entities/resource/default/orders-db/drills',
          );
          expect(drills.body.items).toEqual([
            expect.objectContaining({
              restoreTestPlan: 'orders-pitr',
              outcome: 'succeeded',
              checks: [
                expect.objectContaining({
                  name: 'orders table recovered',
                  passed: true,
                }),
                expect.objectContaining({
                  name: 'nothing committed after the instant',
                  passed: true,
                }),
              ],
            }),
          ]);
          // Cleaned up: no recovered cluster is kept there any more.
          expect(keptClusterOf(kept)).toBeUndefined();
        } finally {
          await removeKeptCluster(kept);
          fs.rmSync(keepDir, { recursive: true, force: true });
        }
      });
    });
  },
);
