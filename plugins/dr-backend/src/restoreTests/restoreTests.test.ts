/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import {
  databaseExists,
  psql,
  startRestoreTestBackend as startBackend,
  writeDump,
} from '../__testUtils__/restoreTestBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const ORDERS = 'resource:default/orders-db';
const PLAN_TASK = 'dr-restore-test:orders-nightly';

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
