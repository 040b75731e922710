/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { serviceHeader, startDrBackend } from '../__testUtils__/startDrBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ORDERS_DB = 'resource:default/orders-db';

describe('approval signals and notifications', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;
    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      world = createDrTestWorld();
    });
    afterEach(() => world.cleanup());

    it('pushes every change of a request to the approvals inbox and the DR tab, and settles the approvers’ notification once decided', async () => {
      // The real signals service (its default factory) publishes through
      // the events service, watched here.
      const events = mockServices.events.mock();
      const { server, notifications } = await startDrBackend({
        world,
        knex,
        features: [events.factory],
      });
      const signals = () =>
        events.publish.mock.calls
          .map(([event]) => event)
          .filter(event => event.topic === 'signals')
          .map(event => event.eventPayload as any);
      const lastSignals = () => signals().slice(-2);
      const expected = (status: string, outcome: string | null = null) =>
        ['dr:approvals', `dr:entity:${ORDERS_DB}`].map(channel => ({
          channel,
          recipients: { type: 'broadcast' },
          message: { approvalId: expect.any(String), status, outcome },
        }));

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
      const id = filed.body.id;
      expect(lastSignals()).toEqual(expected('pending'));
      // Ids and states only: who asked and why stay behind the API.
      expect(JSON.stringify(signals())).not.toContain('Check the dump');
      const [asked] = notifications.send.mock.calls.map(([n]) => n);
      expect(asked.payload.scope).toBe(`dr-approval:${id}`);

      const approved = await request(server)
        .post(`/api/dr/approvals/${id}/decision`)
        .set('Authorization', mockCredentials.user.header(BOB))
        .send({ decision: 'approve' });
      expect(approved.status).toBe(200);
      expect(lastSignals()).toEqual(expected('approved'));
      // The approvers' "approval needed" is replaced in place (same scope)
      // by one saying nothing is left to decide.
      expect(notifications.send).toHaveBeenCalledWith({
        recipients: {
          type: 'entity',
          entityRef: asked.recipients.entityRef,
          excludeEntityRef: [ALICE],
        },
        payload: expect.objectContaining({
          title: `Restore approved, nothing to decide: ${ORDERS_DB}`,
          severity: 'low',
          scope: `dr-approval:${id}`,
        }),
      });

      const claimed = await request(server)
        .post(`/api/dr/approvals/${id}/claim`)
        .set('Authorization', serviceHeader('plugin:scaffolder'))
        .send({ parameterHash: filed.body.parameterHash, taskId: 'task-1' });
      expect(claimed.status).toBe(200);
      expect(lastSignals()).toEqual(expected('executed'));

      const finished = await request(server)
        .post(`/api/dr/approvals/${id}/outcome`)
        .set('Authorization', serviceHeader('plugin:scaffolder'))
        .send({ outcome: 'succeeded' });
      expect(finished.status).toBe(200);
      expect(lastSignals()).toEqual(expected('executed', 'succeeded'));
    });
  });
});
