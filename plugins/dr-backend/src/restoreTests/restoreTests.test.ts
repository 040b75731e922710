/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  type ServiceFactory,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { drPlugin } from '../plugin';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const ORDERS = 'resource:default/orders-db';
const PLAN_TASK = 'dr-restore-test:orders-nightly';

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

const PG_ENV = {
  ...process.env,
  PGHOST: PG.host,
  PGPORT: String(PG.port),
  PGUSER: PG.user,
};

/** Runs SQL with psql, the tool a person would use, against `database`. */
function psql(sql: string, database = 'postgres'): string {
  return execFileSync(
    'psql',
    [
      '-X',
      '-q',
      '-t',
      '-A',
      '-v',
      'ON_ERROR_STOP=1',
      '-d',
      database,
      '-c',
      sql,
    ],
    { env: PG_ENV },
  )
    .toString()
    .trim();
}

function databaseExists(name: string): boolean {
  return (
    psql(`SELECT count(*) FROM pg_database WHERE datname = '${name}'`) === '1'
  );
}

/** A real pg_dump of a 3-row orders table, as the newest backup of orders-db. */
function writeDump(volume: string): string {
  const source = `dr_rt_source_${randomBytes(4).toString('hex')}`;
  psql(`CREATE DATABASE ${source}`);
  try {
    psql(
      "CREATE TABLE orders (id int PRIMARY KEY, item text); INSERT INTO orders VALUES (1, 'a'), (2, 'b'), (3, 'c')",
      source,
    );
    const dump = execFileSync('pg_dump', ['--no-owner', source], {
      env: PG_ENV,
    });
    const key = `orders-db/orders_full_${stamp(
      new Date(Date.now() - 60_000),
    )}.sql.gz`;
    fs.writeFileSync(path.join(volume, key), gzipSync(dump));
    return key;
  } finally {
    psql(`DROP DATABASE IF EXISTS ${source} WITH (FORCE)`);
  }
}

function planConfig(sandboxDatabase: string, overrides: object = {}) {
  return {
    restoreTargets: {
      'orders-sandbox': {
        type: 'postgres',
        title: 'Orders restore-test sandbox',
        environment: 'sandbox',
        allowRestoreTests: true,
        connection: { user: 'postgres', database: sandboxDatabase },
      },
      'orders-staging': {
        type: 'postgres',
        connection: {
          user: 'postgres',
          database: `${sandboxDatabase}_staging`,
        },
      },
    },
    restoreTests: {
      'orders-nightly': {
        entities: [ORDERS],
        schedule: { frequency: { seconds: 1 }, timeout: { minutes: 2 } },
        target: 'orders-sandbox',
        scenario: 'database-corruption',
        checks: [
          {
            type: 'sql',
            name: 'orders present',
            query: 'SELECT count(*) FROM orders',
            expect: 3,
          },
        ],
        ...overrides,
      },
    },
  };
}

async function startBackend(options: {
  world: ReturnType<typeof createDrTestWorld>;
  knex: Knex;
  dr: object;
  /** The real scheduler (replicas on one database) instead of the mock. */
  realScheduler?: boolean;
}) {
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => auditEvent),
  });
  const notifications = { send: jest.fn<Promise<void>, [any]>() };
  const scheduler = mockServices.scheduler() as any;
  const features: ServiceFactory[] = [
    options.realScheduler
      ? schedulerServiceFactory
      : // Tasks run when a test triggers them, not at startup.
        scheduler.factory({ skipTaskRunOnStartup: true }),
    auditor.factory,
    mockServices.database.factory({ knex: options.knex }),
    catalogServiceMock.factory({ entities: options.world.entities }),
    createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => notifications as any,
    }),
    createServiceFactory({
      service: scaffolderServiceRef,
      deps: {},
      factory: () => ({ scaffold: jest.fn() } as any),
    }),
    mockServices.rootConfig.factory({
      data: {
        dr: { ...options.world.config.dr, ...options.dr },
      },
    }),
  ];
  const backend = await startTestBackend({ features: [drPlugin, ...features] });
  return {
    backend,
    server: backend.server,
    scheduler,
    auditor,
    auditEvent,
    notifications,
  };
}

describe('restore-test plans', () => {
  const databases = createTestDatabases();
  let world: ReturnType<typeof createDrTestWorld>;
  let sandbox: string;

  beforeEach(() => {
    world = createDrTestWorld();
    sandbox = `dr_rt_sandbox_${randomBytes(4).toString('hex')}`;
  });
  afterEach(() => {
    world.cleanup();
    psql(`DROP DATABASE IF EXISTS ${sandbox} WITH (FORCE)`);
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('restores into the sandbox, verifies, records a restore-test drill, marks the backup verified and cleans up', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      const key = writeDump(world.volume);
      const { server, scheduler, auditor, notifications } = await startBackend({
        world,
        knex,
        dr: planConfig(sandbox),
      });
      // A fresh backend: the run indexes the never-indexed source first.
      await scheduler.triggerTask(PLAN_TASK);

      const drills = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/drills',
      );
      expect(drills.body.items).toHaveLength(1);
      const [drill] = drills.body.items;
      expect(drill).toMatchObject({
        kind: 'restore-test',
        restoreTestPlan: 'orders-nightly',
        outcome: 'succeeded',
        scenario: 'database-corruption',
        recordedBy: 'restore-test-plan:orders-nightly',
        checks: [{ name: 'orders present', type: 'sql', passed: true }],
      });
      expect(drill.measuredRpoSeconds).toBeGreaterThanOrEqual(60);
      expect(drill.phases.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['load', 'switch', 'verification', 'cleanup']),
      );
      // Cleaned up: the restored sandbox database is gone.
      expect(databaseExists(sandbox)).toBe(false);

      const verified = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/backups?verified=true',
      );
      expect(verified.body.items).toEqual([
        expect.objectContaining({
          key,
          verifiedRestorable: {
            verifiedAt: drill.completedAt,
            drillId: drill.id,
            restoreTestPlan: 'orders-nightly',
          },
        }),
      ]);

      const posture = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/posture',
      );
      expect(posture.body.verifiedRestorable).toMatchObject({
        lastVerifiedBackup: {
          drillId: drill.id,
          restoreTestPlan: 'orders-nightly',
        },
        verifiedRpo: { targetSeconds: 900 },
        restoreTests: [
          {
            plan: 'orders-nightly',
            status: 'current',
            lastOutcome: 'succeeded',
          },
        ],
      });
      expect(
        posture.body.verifiedRestorable.verifiedRpo.actualSeconds,
      ).toBeGreaterThanOrEqual(60);

      const approval = await request(server).get(
        `/api/dr/approvals/${drill.approvalId}`,
      );
      expect(approval.body).toMatchObject({
        status: 'executed',
        outcome: 'succeeded',
        decisions: [
          expect.objectContaining({
            comment: 'approved by restore-test plan orders-nightly',
          }),
        ],
      });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'restore-test-run',
          meta: expect.objectContaining({
            approvedBy: 'restore-test plan orders-nightly',
          }),
        }),
      );
      const restoreTestNotices = notifications.send.mock.calls.filter(
        ([n]) => n.payload.topic === 'DR restore tests',
      );
      expect(restoreTestNotices).toEqual([]);

      const audit = await request(server).get('/api/dr/audit?search=orders-db');
      expect(audit.body.items[0]).toMatchObject({
        entityRef: ORDERS,
        lastVerifiedRestorableBackupAt: expect.any(String),
        verifiedRpoSeconds: expect.any(Number),
      });
    });

    it('notifies the owners with the failing check and leaves the backup unverified', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      writeDump(world.volume);
      const { server, scheduler, notifications } = await startBackend({
        world,
        knex,
        dr: planConfig(sandbox, {
          checks: [
            {
              type: 'sql',
              name: 'orders present',
              query: 'SELECT count(*) FROM orders',
              expect: 4,
            },
          ],
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
          outcome: 'failed',
          checks: [
            expect.objectContaining({
              passed: false,
              detail: 'returned "3", expected 4',
            }),
          ],
        }),
      ]);
      const restoreTestNotices = notifications.send.mock.calls.filter(
        ([n]) => n.payload.topic === 'DR restore tests',
      );
      expect(restoreTestNotices).toHaveLength(1);
      expect(notifications.send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/team-orders'],
        },
        payload: expect.objectContaining({
          title: `Restore test failed: ${ORDERS}`,
          description: expect.stringContaining(
            'check "orders present" failed: returned "3", expected 4',
          ),
        }),
      });
      const verified = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/backups?verified=true',
      );
      expect(verified.body.items).toEqual([]);
      expect(databaseExists(sandbox)).toBe(false);
    });

    it('refuses at startup a plan whose target is not a sandbox', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      await expect(
        startBackend({
          world,
          knex,
          dr: planConfig(sandbox, { target: 'orders-staging' }),
        }),
      ).rejects.toThrow(
        'Restore-test plan "orders-nightly" (dr.restoreTests.orders-nightly): restore target "orders-staging" (staging) is not a sandbox',
      );
      const production = planConfig(sandbox);
      Object.assign(production.restoreTargets['orders-sandbox'], {
        environment: 'production',
        allowProduction: true,
      });
      await expect(
        startBackend({ world, knex, dr: production }),
      ).rejects.toThrow(
        'production targets can never take automatic restore tests',
      );
    });
  });

  it('runs each scheduled test once across two replicas on one PostgreSQL', async () => {
    if (!databases.supports('POSTGRES_15')) {
      // postgresGlobalSetup requires PostgreSQL in CI (DR_REQUIRE_POSTGRES).
      return;
    }
    const knex = await migratedDatabase(databases, 'POSTGRES_15');
    writeDump(world.volume);
    const replicas = [
      await startBackend({
        world,
        knex,
        dr: planConfig(sandbox),
        realScheduler: true,
      }),
      await startBackend({
        world,
        knex,
        dr: planConfig(sandbox),
        realScheduler: true,
      }),
    ];
    const [{ server }] = replicas;
    await request(server).post('/api/dr/refresh').send({});
    // Waits for a condition, not a duration: three runs recorded.
    let runs: Array<{
      startedAt: string;
      completedAt: string;
      approvalId: string;
    }> = [];
    const deadline = Date.now() + 90_000;
    while (runs.length < 3 && Date.now() < deadline) {
      const drills = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/drills?limit=100',
      );
      runs = drills.body.items ?? [];
      await new Promise(resolve => setImmediate(resolve));
    }
    await Promise.all(replicas.map(r => r.backend.stop()));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    // One run at a time across the replicas: no two runs overlap.
    const ordered = [...runs].sort((a, b) =>
      a.startedAt.localeCompare(b.startedAt),
    );
    for (let i = 1; i < ordered.length; i++) {
      expect(Date.parse(ordered[i].startedAt)).toBeGreaterThanOrEqual(
        Date.parse(ordered[i - 1].completedAt),
      );
    }
    expect(new Set(runs.map(r => r.approvalId)).size).toBe(runs.length);
  });
});
