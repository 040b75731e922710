/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  type PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import {
  createDrEntityConditionalDecision,
  drEntityConditions,
} from '@dr-suite/backstage-plugin-dr-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { DatabaseApprovalStore } from '../database/DatabaseApprovalStore';
import { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import { drPlugin } from '../plugin';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { realPermissionBackend } from '../__testUtils__/realPermissionBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-orders'],
  [BOB]: ['group:default/platform-team'],
  [CAROL]: ['group:default/team-payments'],
};

/**
 * What the test policy answers for `dr.audit.read` to users outside the
 * platform team: the demo policy's ownership condition, or a broken one.
 */
type PolicyMode =
  | 'owner'
  | 'owner-or-tier-1'
  | 'unknown-rule'
  | 'bad-params'
  | 'other-plugin';

class TestPolicy implements PermissionPolicy {
  mode: PolicyMode = 'owner';

  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = query;
    if (permission.name !== 'dr.audit.read') {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (!user || claims.includes('group:default/platform-team')) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!isResourcePermission(permission, 'dr-entity')) {
      return { result: AuthorizeResult.DENY };
    }
    const owner = drEntityConditions.isEntityOwner({ claims });
    switch (this.mode) {
      case 'owner':
        return createDrEntityConditionalDecision(permission, owner);
      case 'owner-or-tier-1':
        return createDrEntityConditionalDecision(permission, {
          anyOf: [owner, drEntityConditions.hasTier({ tiers: ['tier-1'] })],
        });
      case 'unknown-rule':
        return createDrEntityConditionalDecision(permission, {
          rule: 'IS_WIZARD',
          resourceType: 'dr-entity',
          params: {},
        });
      case 'bad-params':
        return createDrEntityConditionalDecision(permission, {
          rule: 'HAS_OVERALL_STATUS',
          resourceType: 'dr-entity',
          params: { statuses: ['on-fire'] },
        });
      default:
        // The right resource type, addressed to another plugin.
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'dr-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'dr-entity',
            params: { claims },
          },
        };
    }
  }
}

describe('dr-entity permission rules, through the real permission backend', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    const policy = new TestPolicy();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      world = createDrTestWorld();
      // legacy-db belongs to another team than the rest of the world.
      const legacy = world.entities.find(e => e.metadata.name === 'legacy-db')!;
      legacy.spec = { ...legacy.spec, owner: 'group:default/team-legacy' };

      const scheduler = mockServices.scheduler() as any;
      const backend = await startTestBackend({
        features: [
          drPlugin,
          ...realPermissionBackend(policy, GROUPS),
          scheduler.factory(),
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: world.entities }),
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
            data: { ...world.config, permission: { enabled: true } },
          }),
        ],
      });
      server = backend.server;
      await request(server).post('/api/dr/refresh').send({});
      await scheduler.triggerTask('dr-catalog-sync');

      // One drill and one restore request per team, filed by Carol.
      const drills = new DatabaseDrillStore(knex);
      const approvals = new DatabaseApprovalStore(knex);
      for (const name of ['orders-db', 'legacy-db']) {
        const entityRef = `resource:default/${name}`;
        await drills.insert({
          entityRef,
          scenario: 'database-corruption',
          startedAt: new Date(Date.now() - 7200_000),
          completedAt: new Date(Date.now() - 3600_000),
          outcome: 'succeeded',
          measuredRtoSeconds: 3600,
          measuredRpoSeconds: 600,
          backupId: null,
          participants: [],
          notes: 'drilled',
          actionItems: [],
          approvalId: null,
          taskId: null,
          recordedBy: CAROL,
        });
        await approvals.create({
          entityRef,
          requester: CAROL,
          reason: `restore ${name}`,
          ticket: null,
          parameters: {
            kind: 'postgres',
            entityRef,
            backupId: 'b1',
            targetId: 'orders-staging',
            scenario: 'database-corruption',
            checks: [],
          },
          parameterHash: 'a'.repeat(64),
          requiredApprovals: 1,
          backup: {
            id: 'b1',
            sourceId: 'volume',
            sourceType: 'filesystem',
            key: `${name}/x.sql.gz`,
            name: 'x.sql.gz',
            type: 'full',
            status: 'succeeded',
            startedAt: null,
            completedAt: new Date(Date.now() - 7800_000).toISOString(),
            sizeBytes: 1,
            checksum: null,
            encrypted: null,
            details: {},
          },
          target: {
            id: 'orders-staging',
            kind: 'postgres',
            title: 'Orders staging',
            environment: 'staging',
          },
          createdAt: new Date(),
          expiresAt: new Date(Date.now() + 3600_000),
        });
      }
    });

    afterAll(async () => {
      world.cleanup();
    });

    beforeEach(() => {
      policy.mode = 'owner';
    });

    const get = (as: string, path: string) =>
      request(server)
        .get(`/api/dr${path}`)
        .set('Authorization', mockCredentials.user.header(as));
    const refs = (body: { items: Array<{ entityRef: string }> }) =>
      body.items.map(item => item.entityRef).sort();

    it('gives a team the audit of its own entities, and the platform team all of it', async () => {
      const alice = await get(ALICE, '/audit');
      expect(alice.status).toBe(200);
      expect(refs(alice.body)).toEqual([
        'component:default/broken-service',
        'component:default/orders-service',
        'resource:default/orders-db',
      ]);
      expect(alice.body.totalCount).toBe(3);
      expect(alice.body.summary.total).toBe(3);

      const bob = await get(BOB, '/audit');
      expect(refs(bob.body)).toContain('resource:default/legacy-db');
      expect(bob.body.totalCount).toBe(4);

      // Paged by the database: exact totals whatever the page.
      const page = await get(ALICE, '/audit?limit=1&offset=2');
      expect(page.body.totalCount).toBe(3);
      expect(page.body.items).toHaveLength(1);

      const csv = await get(ALICE, '/audit?format=csv');
      expect(csv.status).toBe(200);
      expect(csv.text).toContain('resource:default/orders-db');
      expect(csv.text).not.toContain('legacy-db');

      // Carol's team owns none of them.
      const carol = await get(CAROL, '/audit');
      expect(carol.body).toMatchObject({ items: [], totalCount: 0 });
    });

    it('combines rules as the policy says', async () => {
      policy.mode = 'owner-or-tier-1';
      const carol = await get(CAROL, '/audit');
      expect(refs(carol.body)).toEqual(['component:default/orders-service']);
    });

    it('filters the drill ledger and the approvals list the same way', async () => {
      const aliceLedger = await get(ALICE, '/drills/ledger');
      expect(aliceLedger.status).toBe(200);
      expect(refs(aliceLedger.body)).toEqual(['resource:default/orders-db']);
      const bobLedger = await get(BOB, '/drills/ledger');
      expect(refs(bobLedger.body)).toEqual([
        'resource:default/legacy-db',
        'resource:default/orders-db',
      ]);

      const csv = await get(ALICE, '/drills/ledger?format=csv&kind=manual');
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text.trim().split('\n')).toHaveLength(2);
      expect(csv.text).toContain('resource:default/orders-db,');
      // Bad filters are a 400 naming them, never a 500.
      const backwards = await get(
        BOB,
        '/drills/ledger?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      );
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.message).toContain('to');
      expect((await get(BOB, '/drills/ledger?kind=DROP%20TABLE')).status).toBe(
        400,
      );
      expect((await get(BOB, '/drills/ledger?from=yesterday')).status).toBe(
        400,
      );

      const aliceApprovals = await get(ALICE, '/approvals?view=all');
      expect(refs(aliceApprovals.body)).toEqual(['resource:default/orders-db']);
      expect(aliceApprovals.body.totalCount).toBe(1);
      const bobApprovals = await get(BOB, '/approvals?view=all');
      expect(bobApprovals.body.totalCount).toBe(2);
      // Requesters always see their own requests.
      const carolApprovals = await get(CAROL, '/approvals?view=all');
      expect(carolApprovals.body.totalCount).toBe(2);
    });

    it.each<PolicyMode>(['unknown-rule', 'bad-params', 'other-plugin'])(
      'refuses conditions it cannot apply (%s) with a 403, never rows or a 500',
      async mode => {
        policy.mode = mode;
        const audit = await get(ALICE, '/audit');
        expect(audit.status).toBe(403);
        expect(audit.body.error.message).toMatch(
          /not allowed to dr\.audit\.read: the permission policy's conditions cannot be applied/,
        );
        expect((await get(ALICE, '/drills/ledger?format=csv')).status).toBe(
          403,
        );
        // The approvals list falls back to the caller's own requests.
        const approvals = await get(ALICE, '/approvals?view=all');
        expect(approvals.status).toBe(200);
        expect(approvals.body.totalCount).toBe(0);
        // Users the policy allows outright are unaffected.
        expect((await get(BOB, '/audit')).body.totalCount).toBe(4);
      },
    );
  });
});
