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
import type { Entity } from '@backstage/catalog-model';
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
import { drPlugin } from '../plugin';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { realPermissionBackend } from '../__testUtils__/realPermissionBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-orders'],
  [BOB]: ['group:default/platform-team'],
};
const SYSTEM = 'system:default/orders';
const LEGACY = 'resource:default/legacy-db';

/**
 * The demo policy for the audit: the platform team sees every entity, other
 * teams the entities they own.
 */
class OwnerPolicy implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = query;
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (
      permission.name !== 'dr.audit.read' ||
      !user ||
      claims.includes('group:default/platform-team')
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!isResourcePermission(permission, 'dr-entity')) {
      return { result: AuthorizeResult.DENY };
    }
    return createDrEntityConditionalDecision(
      permission,
      drEntityConditions.isEntityOwner({ claims }),
    );
  }
}

describe("a System's rollup never names a part its reader may not see", () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    const notifications = { send: jest.fn() };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      world = createDrTestWorld();
      // Team orders' System `orders` has orders-db (theirs) and legacy-db,
      // another team's, whose newest dump is days old: in breach.
      for (const entity of world.entities) {
        if (entity.metadata.name === 'orders-db') {
          entity.spec = { ...entity.spec, system: 'orders' };
        }
        if (entity.metadata.name === 'legacy-db') {
          entity.spec = {
            ...entity.spec,
            system: 'orders',
            owner: 'group:default/team-legacy',
          };
        }
      }
      const system: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: {
          name: 'orders',
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location':
              world.entities[0].metadata.annotations![
                'backstage.io/managed-by-location'
              ],
          },
        },
        spec: { owner: 'group:default/team-orders' },
        relations: [
          { type: 'hasPart', targetRef: 'resource:default/orders-db' },
          { type: 'hasPart', targetRef: LEGACY },
        ],
      };
      world.entities.push(system);

      const scheduler = mockServices.scheduler() as any;
      const backend = await startTestBackend({
        features: [
          drPlugin,
          ...realPermissionBackend(new OwnerPolicy(), GROUPS),
          scheduler.factory(),
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: world.entities }),
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
            data: { ...world.config, permission: { enabled: true } },
          }),
        ],
      });
      server = backend.server;
      await scheduler.triggerTask('dr-catalog-sync');
      await request(server).post('/api/dr/refresh').send({});
    });

    afterAll(() => world.cleanup());

    const get = (as: string, path: string) =>
      request(server)
        .get(`/api/dr${path}`)
        .set('Authorization', mockCredentials.user.header(as));
    const systemRow = async (as: string) => {
      const audit = await get(as, '/audit?kind=system');
      expect(audit.status).toBe(200);
      return audit.body.items.find(
        (row: { entityRef: string }) => row.entityRef === SYSTEM,
      );
    };
    const systemCsv = async (as: string) => {
      const csv = await get(as, '/audit?format=csv&kind=system');
      expect(csv.status).toBe(200);
      const [header, ...lines] = csv.text.trim().split('\n');
      const columns = header.split(',');
      const cells = lines
        .map(line => line.split(','))
        .find(line => line[0] === SYSTEM)!;
      return {
        text: csv.text,
        cell: (name: string) => cells[columns.indexOf(name)],
      };
    };

    it('lists the System as bad as its hidden part for Alice without naming it, and names it for the platform team', async () => {
      const bob = await systemRow(BOB);
      expect(bob).toMatchObject({
        overall: 'breach',
        drivenBy: LEGACY,
        drivenByHidden: false,
      });

      const alice = await systemRow(ALICE);
      expect(alice).toMatchObject({
        overall: 'breach',
        drivenBy: null,
        drivenByHidden: true,
      });
      expect(JSON.stringify(alice)).not.toContain('legacy-db');

      const bobCsv = await systemCsv(BOB);
      expect(bobCsv.cell('overall')).toBe('breach');
      expect(bobCsv.cell('drivenBy')).toBe(LEGACY);
      const aliceCsv = await systemCsv(ALICE);
      expect(aliceCsv.cell('overall')).toBe('breach');
      expect(aliceCsv.cell('drivenBy')).toBe('');
      expect(aliceCsv.cell('drivenByHidden')).toBe('1');
      expect(aliceCsv.text).not.toContain('legacy-db');
    });

    it("tells the System's owners it is in breach without naming another team's part", async () => {
      const toldAboutSystem = notifications.send.mock.calls
        .map(([call]) => call)
        .filter(call => call.payload.scope === `dr-posture:${SYSTEM}`);
      expect(toldAboutSystem).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['group:default/team-orders'],
          },
          payload: expect.objectContaining({
            title: `DR posture in breach: ${SYSTEM}`,
            description: expect.stringContaining(
              'Driven by one of its parts; its DR tab shows which.',
            ),
          }),
        },
      ]);
      expect(JSON.stringify(toldAboutSystem)).not.toContain('legacy-db');
    });
  });
});
