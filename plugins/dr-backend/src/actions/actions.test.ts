/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  type ActionsService,
  actionsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { startDrBackend } from '../__testUtils__/startDrBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const alice = mockCredentials.user('user:default/alice');

/**
 * A plugin holding the actions service, which is how the MCP actions
 * backend lists and invokes actions: over HTTP, on behalf of the caller.
 */
function assistantPlugin(onActions: (actions: ActionsService) => void) {
  return createBackendPlugin({
    pluginId: 'assistant',
    register(env) {
      env.registerInit({
        deps: { actions: actionsServiceRef },
        async init({ actions }) {
          onActions(actions);
        },
      });
    },
  });
}

describe('DR actions through the actions registry', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      world = createDrTestWorld();
    });
    afterEach(() => world?.cleanup());

    async function start() {
      let actions: ActionsService | undefined;
      const backend = await startDrBackend({
        world,
        knex,
        features: [assistantPlugin(a => (actions = a))],
      });
      await backend.scheduler.triggerTask('dr-catalog-sync');
      const invoke = async (name: string, input: JsonObject) =>
        (await actions!.invoke({ id: `dr:${name}`, input, credentials: alice }))
          .output as any;
      return { ...backend, actions: actions!, invoke };
    }

    it('are listed as read-only actions with input and output schemas', async () => {
      const { actions } = await start();
      const { actions: listed } = await actions.list({ credentials: alice });
      expect(listed.map(a => a.id).sort()).toEqual([
        'dr:get-dr-posture',
        'dr:get-dr-runbook',
        'dr:list-dr-backups',
        'dr:list-dr-entities-at-risk',
      ]);
      for (const action of listed) {
        expect(action.attributes).toEqual({
          readOnly: true,
          destructive: false,
          idempotent: true,
        });
        expect(action.schema.input.type).toBe('object');
        expect(action.schema.output.type).toBe('object');
      }
    });

    it('answer which services breach their RPO, and what the runbook says', async () => {
      const { invoke } = await start();

      const atRisk = await invoke('list-dr-entities-at-risk', {
        overall: ['breach'],
      });
      expect(atRisk.items.map((r: any) => r.entityRef)).toEqual([
        'resource:default/legacy-db',
      ]);
      expect(atRisk.items[0]).toMatchObject({
        rpoStatus: 'breached',
        rpoTargetSeconds: 86_400,
        owner: 'group:default/team-orders',
      });
      expect(atRisk.truncated).toBe(false);

      const tier1 = await invoke('list-dr-entities-at-risk', {
        tier: ['tier-1'],
      });
      expect(tier1.items.map((r: any) => r.entityRef)).toEqual([
        'component:default/orders-service',
      ]);
      const otherTeam = await invoke('list-dr-entities-at-risk', {
        owner: ['team-payments'],
      });
      expect(otherTeam.items).toEqual([]);

      const posture = await invoke('get-dr-posture', {
        entityRef: 'resource:default/orders-db',
      });
      expect(posture).toMatchObject({
        entityRef: 'resource:default/orders-db',
        rpo: { status: 'met', targetSeconds: 900 },
      });

      const runbook = await invoke('get-dr-runbook', {
        entityRef: 'orders-service',
        scenario: 'region',
      });
      expect(runbook.runbook).toEqual({
        scenario: 'region-loss',
        title: 'Fail over to the secondary region',
        symptoms: [],
        expectedRtoSeconds: null,
        steps: [
          { title: 'Promote the replica', description: null, command: null },
        ],
      });
      expect(runbook.objective).toEqual({
        rtoSeconds: 14_400,
        rpoSeconds: 3600,
      });
      expect(runbook.escalation).toEqual([
        { name: 'Orders on-call', role: 'primary', contact: '#orders-oncall' },
      ]);

      const unknown = await invoke('get-dr-runbook', {
        entityRef: 'component:default/orders-service',
        scenario: 'meteor strike',
      });
      expect(unknown.runbook).toBeNull();
      expect(unknown.scenarios.map((s: any) => s.scenario)).toEqual([
        'database-corruption',
        'region-loss',
      ]);
    });

    it('list backups newest first, filtered and paged', async () => {
      const { invoke } = await start();
      const since = new Date(Date.now() - 2 * 86_400_000).toISOString();
      const first = await invoke('list-dr-backups', {
        entityRef: 'resource:default/orders-db',
        type: ['full'],
        since,
        limit: 3,
      });
      expect(first.items).toHaveLength(3);
      expect(first.nextCursor).not.toBeNull();
      const rest = await invoke('list-dr-backups', {
        entityRef: 'resource:default/orders-db',
        type: ['full'],
        since,
        limit: 100,
        cursor: first.nextCursor,
      });
      const all = [...first.items, ...rest.items];
      // One full dump every 6 hours: 8 in the last two days, and no WAL.
      expect(all).toHaveLength(8);
      expect(all.every((b: any) => b.type === 'full')).toBe(true);
      const times = all.map((b: any) => Date.parse(b.completedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(since));
    });

    it('honour the caller’s permissions', async () => {
      const { invoke, denied } = await start();
      denied.add('dr.posture.read resource:default/legacy-db');

      await expect(
        invoke('get-dr-posture', { entityRef: 'resource:default/legacy-db' }),
      ).rejects.toMatchObject({
        name: 'ResponseError',
        response: { status: 403 },
      });
      await expect(
        invoke('list-dr-backups', { entityRef: 'resource:default/legacy-db' }),
      ).rejects.toMatchObject({ response: { status: 403 } });
      const atRisk = await invoke('list-dr-entities-at-risk', {});
      expect(atRisk.items.map((r: any) => r.entityRef)).not.toContain(
        'resource:default/legacy-db',
      );
      expect(atRisk.items.map((r: any) => r.entityRef)).toContain(
        'component:default/orders-service',
      );
    });

    it('refuse bad input with a 400 and a missing entity with a 404', async () => {
      const { invoke } = await start();
      await expect(
        invoke('list-dr-backups', {
          entityRef: 'resource:default/orders-db',
          limit: 10_000,
        }),
      ).rejects.toMatchObject({ response: { status: 400 } });
      await expect(
        invoke('get-dr-posture', { entityRef: 'component:default/nope' }),
      ).rejects.toMatchObject({ response: { status: 404 } });
      await expect(
        invoke('list-dr-backups', {
          entityRef: 'resource:default/orders-db',
          cursor: 'not-a-cursor',
        }),
      ).rejects.toMatchObject({ response: { status: 400 } });
    });
  });
});
