/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { serviceHeader, startDrBackend } from '../__testUtils__/startDrBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const NUL = '\u0000';
const ORDERS = '/api/dr/entities/resource/default/orders-db';
const ALICE = mockCredentials.user.header('user:default/alice');

const cursorOf = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * PostgreSQL refuses NUL in text and timestamps outside its range, so such
 * input used to be a 500 there and stored or ignored on SQLite. Every one
 * must be a 400 naming the field, on both.
 */
describe('hostile input', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let world: ReturnType<typeof createDrTestWorld>;
    let server: Awaited<ReturnType<typeof startDrBackend>>['server'];

    beforeAll(async () => {
      world = createDrTestWorld();
      ({ server } = await startDrBackend({
        world,
        knex: await databases.init(databaseId),
      }));
    });
    afterAll(() => world.cleanup());

    const drill = (extra: object) => ({
      scenario: 'database-corruption',
      startedAt: new Date(Date.now() - 120_000).toISOString(),
      completedAt: new Date(Date.now() - 60_000).toISOString(),
      outcome: 'succeeded',
      ...extra,
    });

    it('answers 400 naming the field for a NUL character in any text', async () => {
      const backups = await request(server).get(
        `${ORDERS}/backups?limit=1&status=succeeded&type=full`,
      );
      const restore = {
        kind: 'postgres',
        entityRef: 'resource:default/orders-db',
        backupId: backups.body.items[0].id,
        targetId: 'orders-staging',
        scenario: 'database-corruption',
      };
      const cases: Array<[request.Test, string]> = [
        [
          request(server)
            .post(`${ORDERS}/drills`)
            .send(drill({ scenario: `db${NUL}` })),
          'Invalid drill: scenario must not contain NUL characters',
        ],
        [
          request(server)
            .post(`${ORDERS}/drills`)
            .send(drill({ notes: `went fine${NUL}` })),
          'Invalid drill: notes must not contain NUL characters',
        ],
        [
          request(server)
            .post(`${ORDERS}/drills`)
            .send(drill({ actionItems: ['ok', { title: `a${NUL}` }] })),
          'Invalid drill: actionItems.1.title must not contain NUL characters',
        ],
        [
          request(server)
            .post('/api/dr/approvals')
            .set('Authorization', ALICE)
            .send({ parameters: restore, reason: `Drill${NUL}` }),
          'Invalid approval request: reason must not contain NUL characters',
        ],
        [
          request(server)
            .post('/api/dr/approvals')
            .set('Authorization', ALICE)
            .send({
              parameters: restore,
              reason: 'Drill',
              ticket: `INC${NUL}`,
            }),
          'Invalid approval request: ticket must not contain NUL characters',
        ],
        [
          request(server)
            .post('/api/dr/approvals/some-approval/decision')
            .set('Authorization', ALICE)
            .send({ decision: 'approve', comment: `ok${NUL}` }),
          'Invalid decision: comment must not contain NUL characters',
        ],
        [
          request(server)
            .get('/api/dr/audit')
            .query({ search: `a${NUL}` }),
          'Invalid query: search must not contain NUL characters',
        ],
        [
          request(server)
            .get('/api/dr/audit')
            .query({ owner: `group:x${NUL}` }),
          'Invalid query: owner must not contain NUL characters',
        ],
        [
          request(server).get(`/api/dr/audit?owner=a&owner=b%00`),
          'Invalid query: owner.1 must not contain NUL characters',
        ],
        [
          request(server)
            .get('/api/dr/approvals')
            .query({ entityRef: `resource:default/x${NUL}` }),
          'Invalid query: entityRef must not contain NUL characters',
        ],
        [
          request(server).get('/api/dr/approvals').query({ cursor: NUL }),
          'Invalid query: cursor must not contain NUL characters',
        ],
        [
          request(server)
            .get(`${ORDERS}/drills`)
            .query({ cursor: `a${NUL}` }),
          'Invalid query: cursor must not contain NUL characters',
        ],
        [
          request(server).get('/api/dr/approvals/a%00b'),
          'Invalid path: id must not contain NUL characters',
        ],
        [
          request(server)
            .post('/api/dr/approvals/%00/claim')
            .set('Authorization', serviceHeader('plugin:scaffolder'))
            .send({ parameterHash: 'a'.repeat(64) }),
          'Invalid path: id must not contain NUL characters',
        ],
        [
          request(server)
            .post('/api/dr/approvals/%00/outcome')
            .set('Authorization', serviceHeader('plugin:scaffolder'))
            .send({ outcome: 'failed' }),
          'Invalid path: id must not contain NUL characters',
        ],
        [
          request(server)
            .post(`${ORDERS}/drills/%00/void`)
            .send({ reason: 'typo' }),
          'Invalid path: id must not contain NUL characters',
        ],
        [
          request(server)
            .post(`${ORDERS}/drills/some-drill/void`)
            .send({ reason: `typo${NUL}` }),
          'Invalid void: reason must not contain NUL characters',
        ],
        [
          request(server).get(
            '/api/dr/entities/resource/default/orders%00db/posture',
          ),
          'Invalid path: name must not contain NUL characters',
        ],
        [
          request(server)
            .post('/api/dr/refresh')
            .send({ sourceId: `volume${NUL}` }),
          'Invalid body: sourceId must not contain NUL characters',
        ],
      ];
      for (const [pending, message] of cases) {
        const res = await pending;
        // The expected message names the field, so a failure says which.
        expect({
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({ status: 400, message });
      }
    });

    it('answers 400 for cursors it never handed out', async () => {
      const cursors = [
        cursorOf({ t: 1e308, i: 'x' }),
        cursorOf({ t: -8.64e15, i: 'x' }),
        cursorOf({ t: 8.64e15, i: 'x' }),
        cursorOf({ t: 1.5, i: 'x' }),
        cursorOf({ t: 0, i: `x${NUL}` }),
        cursorOf({ t: 0, i: 42 }),
        cursorOf({ t: 0, i: 'x'.repeat(300) }),
        cursorOf(null),
        'not-base64-json',
      ];
      for (const path of [`${ORDERS}/backups`, `${ORDERS}/drills`]) {
        for (const cursor of cursors) {
          const res = await request(server).get(path).query({ cursor });
          expect({
            path,
            cursor,
            status: res.status,
            body: res.body.error?.message,
          }).toEqual({
            path,
            cursor,
            status: 400,
            body: 'The cursor is not one this API returned',
          });
        }
      }
      // A cursor it did hand out still pages.
      const first = await request(server).get(`${ORDERS}/backups?limit=2`);
      const next = await request(server)
        .get(`${ORDERS}/backups`)
        .query({ limit: 2, cursor: first.body.nextCursor });
      expect(next.status).toBe(200);
      expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
    });
  });
});
