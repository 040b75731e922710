/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { startDrBackend } from '../__testUtils__/startDrBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const ORDERS_DB = 'resource:default/orders-db';

/** team-orders, which owns orders-db and so approves its restores. */
const people: Entity[] = [
  ...['alice', 'bob', 'carol'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-orders', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [ALICE, BOB, CAROL].map(targetRef => ({
      type: 'hasMember',
      targetRef,
    })),
  },
];

describe('approval notifications in the notifications backend', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let world: ReturnType<typeof createDrTestWorld>;
    let knex: Knex;
    let notificationsDatabase: Knex;
    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      notificationsDatabase = await databases.init(databaseId);
      world = createDrTestWorld();
      world.entities.push(...people);
    });
    afterEach(() => world.cleanup());

    async function start() {
      const { server } = await startDrBackend({
        world,
        knex,
        notificationsDatabase,
      });
      const inbox = async (user: string) => {
        const res = await request(server)
          .get('/api/notifications/notifications')
          .set('Authorization', mockCredentials.user.header(user));
        expect(res.status).toBe(200);
        return res.body.notifications as Array<{
          read?: string | number | null;
          payload: { title: string; scope?: string | null };
        }>;
      };
      const unread = async (user: string) => {
        const res = await request(server)
          .get('/api/notifications/status')
          .set('Authorization', mockCredentials.user.header(user));
        return res.body.unread as number;
      };
      const file = async () => {
        const { body: backups } = await request(server)
          .get(`/api/dr/entities/resource/default/orders-db/backups`)
          .query({ limit: 1, status: 'succeeded', type: 'full' })
          .set('Authorization', mockCredentials.user.header(ALICE));
        const filed = await request(server)
          .post('/api/dr/approvals')
          .set('Authorization', mockCredentials.user.header(ALICE))
          .send({
            parameters: {
              kind: 'postgres',
              entityRef: ORDERS_DB,
              backupId: backups.items[0].id,
              targetId: 'orders-staging',
              scenario: 'database-corruption',
            },
            reason: 'Check the dump restores',
          });
        expect(filed.status).toBe(201);
        return filed.body.id as string;
      };
      const approve = async (id: string, approver: string) => {
        const res = await request(server)
          .post(`/api/dr/approvals/${id}/decision`)
          .set('Authorization', mockCredentials.user.header(approver))
          .send({ decision: 'approve' });
        expect(res.status).toBe(200);
        return res.body.status as string;
      };
      return { inbox, unread, file, approve };
    }

    it('marks the deciding approver’s notification done, settles the others’ and tells the requester once', async () => {
      const { inbox, unread, file, approve } = await start();
      const id = await file();
      const scope = `dr-approval:${id}`;

      // Both approvers are asked; the requester is not.
      for (const approver of [BOB, CAROL]) {
        expect(await inbox(approver)).toEqual([
          expect.objectContaining({
            read: null,
            payload: expect.objectContaining({
              title: `Restore approval needed: ${ORDERS_DB}`,
              scope,
            }),
          }),
        ]);
      }
      expect(await inbox(ALICE)).toEqual([]);

      expect(await approve(id, BOB)).toBe('approved');

      // Bob decided: his one notification says it is settled and is read.
      expect(await inbox(BOB)).toEqual([
        expect.objectContaining({
          // A date (a number on SQLite).
          read: expect.anything(),
          payload: expect.objectContaining({
            title: `Restore approved, nothing to decide: ${ORDERS_DB}`,
            scope,
          }),
        }),
      ]);
      expect(await unread(BOB)).toBe(0);
      // Carol's request became the same settled notice, in place: one
      // notification, which only she can mark read.
      expect(await inbox(CAROL)).toEqual([
        expect.objectContaining({
          read: null,
          payload: expect.objectContaining({
            title: `Restore approved, nothing to decide: ${ORDERS_DB}`,
            scope,
          }),
        }),
      ]);
      // Alice hears of the decision once.
      expect(await inbox(ALICE)).toEqual([
        expect.objectContaining({
          read: null,
          payload: expect.objectContaining({
            title: `Restore approved: ${ORDERS_DB}`,
          }),
        }),
      ]);
    });

    it('marks each approver’s notification done as they approve a request that needs two', async () => {
      (world.config.dr as Record<string, unknown>).approvals = {
        requiredApprovals: 2,
      };
      const { inbox, unread, file, approve } = await start();
      const id = await file();
      const asked = expect.objectContaining({
        payload: expect.objectContaining({
          title: `Restore approval needed: ${ORDERS_DB}`,
        }),
      });

      expect(await approve(id, BOB)).toBe('pending');
      // Bob is done; Carol still has to decide.
      expect(await inbox(BOB)).toEqual([asked]);
      expect(await unread(BOB)).toBe(0);
      expect(await inbox(CAROL)).toEqual([asked]);
      expect(await unread(CAROL)).toBe(1);

      expect(await approve(id, CAROL)).toBe('approved');
      // Carol is done, and Bob's read notification stays read.
      expect(await unread(CAROL)).toBe(0);
      expect(await unread(BOB)).toBe(0);
      expect(await inbox(BOB)).toHaveLength(1);
      expect(await inbox(CAROL)).toEqual([
        expect.objectContaining({
          payload: expect.objectContaining({
            title: `Restore approved, nothing to decide: ${ORDERS_DB}`,
          }),
        }),
      ]);
      // Alice hears of each decision.
      expect((await inbox(ALICE)).map(n => n.payload.title).sort()).toEqual([
        `Restore approved once: ${ORDERS_DB}`,
        `Restore approved: ${ORDERS_DB}`,
      ]);
    });
  });
});
