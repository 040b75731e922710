/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import {
  databaseExists,
  psql,
  startRestoreTestBackend,
  writeDump,
} from '../__testUtils__/restoreTestBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const ORDERS = 'resource:default/orders-db';
const PLAN_NAME = `${ORDERS}/weekly`;
const PLAN_TASK = `dr-restore-test:${PLAN_NAME}`;
const PLAN_SYNC_TASK = 'dr-restore-test-plans';

/** orders-db's own DR plan, declaring restore tests into `target`. */
function writeOwnPlan(
  world: ReturnType<typeof createDrTestWorld>,
  tests: Array<{ name: string; target: string }>,
) {
  const file = path.join(world.root, 'catalog', 'plans', 'orders-db.yaml');
  fs.writeFileSync(
    file,
    `apiVersion: dr.backstage.io/v1alpha2
kind: DisasterRecoveryPlan
metadata:
  name: orders-db
spec:
  restoreTests:
${tests
  .map(
    t => `    - name: ${t.name}
      schedule: { cron: '0 3 * * 1' }
      backup: { pick: latest }
      target: ${t.target}
      scenario: database-corruption
      timeout: 2m
      checks:
        - { type: sql, name: orders present, query: 'SELECT count(*) FROM orders', expect: 3 }
`,
  )
  .join('')}`,
  );
  const orders = world.entities.find(e => e.metadata.name === 'orders-db')!;
  orders.metadata.annotations!['dr.backstage.io/plan'] =
    './plans/orders-db.yaml';
}

function targets(sandbox: string) {
  return {
    restoreTargets: {
      'orders-sandbox': {
        type: 'postgres',
        title: 'Orders restore-test sandbox',
        environment: 'sandbox',
        allowRestoreTests: true,
        connection: { user: 'postgres', database: sandbox },
      },
      'legacy-sandbox': {
        type: 'postgres',
        environment: 'sandbox',
        allowRestoreTests: true,
        allowedEntities: ['resource:default/legacy-db'],
        connection: { user: 'postgres', database: `${sandbox}_legacy` },
      },
      'orders-production': {
        type: 'postgres',
        environment: 'production',
        allowProduction: true,
        connection: { user: 'postgres', database: `${sandbox}_production` },
      },
    },
  };
}

describe('restore tests an entity declares in its DR plan', () => {
  const databases = createTestDatabases();
  let world: ReturnType<typeof createDrTestWorld>;
  let sandbox: string;

  beforeEach(() => {
    world = createDrTestWorld();
    sandbox = `dr_rt_own_${randomBytes(4).toString('hex')}`;
  });
  afterEach(() => {
    world.cleanup();
    psql(`DROP DATABASE IF EXISTS ${sandbox} WITH (FORCE)`);
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('schedules it once declared, runs it as an approved restore-test plan and stops it once the plan no longer may', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      writeDump(world.volume);
      writeOwnPlan(world, [{ name: 'weekly', target: 'orders-sandbox' }]);
      const { server, scheduler, auditor } = await startRestoreTestBackend({
        world,
        knex,
        dr: targets(sandbox),
      });
      const posture = async () =>
        (
          await request(server).get(
            '/api/dr/entities/resource/default/orders-db/posture',
          )
        ).body;

      // Reading the entity reads its plan: the test shows before it ran.
      expect((await posture()).verifiedRestorable.restoreTests).toEqual([
        expect.objectContaining({
          plan: PLAN_NAME,
          target: 'orders-sandbox',
          status: 'never',
          schedule: 'cron 0 3 * * 1',
        }),
      ]);
      await scheduler.triggerTask(PLAN_SYNC_TASK);
      expect(
        (await scheduler.getScheduledTasks()).map((t: { id: string }) => t.id),
      ).toContain(PLAN_TASK);

      await scheduler.triggerTask(PLAN_TASK);
      const drills = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/drills',
      );
      expect(drills.body.items).toEqual([
        expect.objectContaining({
          kind: 'restore-test',
          restoreTestPlan: PLAN_NAME,
          outcome: 'succeeded',
          scenario: 'database-corruption',
          recordedBy: `restore-test-plan:${PLAN_NAME}`,
          checks: [
            expect.objectContaining({ name: 'orders present', passed: true }),
          ],
        }),
      ]);
      const [drill] = drills.body.items;
      expect(databaseExists(sandbox)).toBe(false);
      const approval = await request(server).get(
        `/api/dr/approvals/${drill.approvalId}`,
      );
      expect(approval.body).toMatchObject({
        status: 'executed',
        outcome: 'succeeded',
        decisions: [
          expect.objectContaining({
            comment: `approved by restore-test plan ${PLAN_NAME}`,
          }),
        ],
      });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'restore-test-run',
          meta: expect.objectContaining({
            plan: PLAN_NAME,
            approvedBy: `restore-test plan ${PLAN_NAME}`,
          }),
        }),
      );
      expect((await posture()).verifiedRestorable.restoreTests).toEqual([
        expect.objectContaining({
          plan: PLAN_NAME,
          status: 'current',
          lastOutcome: 'succeeded',
          lastDrillId: drill.id,
        }),
      ]);

      // The plan author points the test at production: it stops, and says so.
      writeOwnPlan(world, [{ name: 'weekly', target: 'orders-production' }]);
      const refreshed = await request(server)
        .post('/api/dr/refresh')
        .send({ entityRef: ORDERS });
      expect(refreshed.status).toBe(202);
      const after = await posture();
      expect(after.verifiedRestorable.restoreTests).toEqual([]);
      expect(after.problems).toContainEqual(
        expect.objectContaining({
          code: 'plan-invalid',
          severity: 'error',
          field: 'spec.restoreTests',
          message: expect.stringContaining(
            'Restore test "weekly" does not run: restore target "orders-production" (production) is not a sandbox',
          ),
        }),
      );
      await scheduler.triggerTask(PLAN_SYNC_TASK);
      await scheduler.triggerTask(PLAN_TASK);
      const stillOne = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/drills',
      );
      expect(stillOne.body.items).toHaveLength(1);
    });

    it('refuses, as plan problems, targets that are production, not sandboxes or not for the entity', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      writeOwnPlan(world, [
        { name: 'into-production', target: 'orders-production' },
        { name: 'into-legacy', target: 'legacy-sandbox' },
        { name: 'nowhere', target: 'no-such-target' },
      ]);
      const { server, scheduler } = await startRestoreTestBackend({
        world,
        knex,
        dr: targets(sandbox),
      });
      const posture = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/posture',
      );
      expect(posture.status).toBe(200);
      expect(posture.body.verifiedRestorable.restoreTests).toEqual([]);
      expect(
        posture.body.problems
          .filter((p: { field?: string }) => p.field === 'spec.restoreTests')
          .map((p: { message: string }) => p.message),
      ).toEqual([
        'Restore test "into-production" does not run: restore target "orders-production" (production) is not a sandbox for restore tests (allowRestoreTests); a plan\'s restore tests run without a human approval, so they only restore into such sandboxes.',
        expect.stringMatching(
          /^Restore test "into-legacy" does not run: Restore target "legacy-sandbox" does not accept restores of resource:default\/orders-db/,
        ),
        'Restore test "nowhere" does not run: restore target "no-such-target" is not in dr.restoreTargets.',
      ]);
      // None is scheduled.
      await scheduler.triggerTask(PLAN_SYNC_TASK);
      expect(
        (await scheduler.getScheduledTasks())
          .map((t: { id: string }) => t.id)
          .filter((id: string) => id.startsWith(`dr-restore-test:${ORDERS}`)),
      ).toEqual([]);
    });
  });
});
