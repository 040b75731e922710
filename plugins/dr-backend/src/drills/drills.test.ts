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

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ORDERS = '/api/dr/entities/resource/default/orders-db';
const LEGACY = '/api/dr/entities/resource/default/legacy-db';

describe('drills over HTTP', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let world: ReturnType<typeof createDrTestWorld>;
    let backend: Awaited<ReturnType<typeof startDrBackend>>;
    const server = () => backend.server;

    beforeAll(async () => {
      world = createDrTestWorld();
      backend = await startDrBackend({
        world,
        knex: await databases.init(databaseId),
      });
    });
    afterAll(() => world.cleanup());
    afterEach(() => backend.denied.clear());

    const minutesAgo = (minutes: number) =>
      new Date(Date.now() - minutes * 60_000).toISOString();
    const drill = (extra: object = {}) => ({
      scenario: 'database-corruption',
      startedAt: minutesAgo(30),
      completedAt: minutesAgo(10),
      outcome: 'succeeded',
      // Manual drills must say what backs them.
      notes: 'Restored last night’s dump into staging by hand',
      ...extra,
    });

    /** A restore approval of orders-db: pending, approved, or claimed by task-1. */
    async function approval(upTo: 'pending' | 'claimed') {
      const backups = await request(server()).get(
        `${ORDERS}/backups?limit=1&status=succeeded&type=full`,
      );
      const filed = await request(server())
        .post('/api/dr/approvals')
        .set('Authorization', mockCredentials.user.header(ALICE))
        .send({
          parameters: {
            kind: 'postgres',
            entityRef: 'resource:default/orders-db',
            backupId: backups.body.items[0].id,
            targetId: 'orders-staging',
            scenario: 'database-corruption',
          },
          reason: 'Quarterly drill',
        });
      expect(filed.status).toBe(201);
      if (upTo === 'pending') return filed.body;
      const approved = await request(server())
        .post(`/api/dr/approvals/${filed.body.id}/decision`)
        .set('Authorization', mockCredentials.user.header(BOB))
        .send({ decision: 'approve' });
      expect(approved.body.executionTaskId).toBe('task-1');
      const claimed = await request(server())
        .post(`/api/dr/approvals/${filed.body.id}/claim`)
        .set('Authorization', serviceHeader('plugin:scaffolder'))
        .send({ parameterHash: filed.body.parameterHash, taskId: 'task-1' });
      expect(claimed.body.status).toBe('executed');
      return claimed.body;
    }

    describe('tied to a restore approval', () => {
      it('are refused from any service but the executor, even with a real approval', async () => {
        const { id } = await approval('claimed');
        for (const subject of ['external:ci', 'plugin:catalog']) {
          const forged = await request(server())
            .post(`${ORDERS}/drills`)
            .set('Authorization', serviceHeader(subject))
            .send(drill({ approvalId: id, taskId: 'task-1' }));
          expect(forged.status).toBe(403);
          expect(forged.body.error.message).toBe(
            `${subject} may not record drills of restore tasks; only plugin:scaffolder may`,
          );
        }
        const taskOnly = await request(server())
          .post(`${ORDERS}/drills`)
          .set('Authorization', serviceHeader('external:ci'))
          .send(drill({ taskId: 'task-1' }));
        expect(taskOnly.status).toBe(403);

        const drills = await request(server()).get(`${ORDERS}/drills`);
        expect(
          drills.body.items.filter(
            (d: { approvalId: string | null }) => d.approvalId === id,
          ),
        ).toEqual([]);
      });

      it('need an approval of this entity that a task claimed, and that very task', async () => {
        const pending = await approval('pending');
        const claimed = await approval('claimed');
        const cases: Array<[string, object, number, string]> = [
          [
            ORDERS,
            { approvalId: 'no-such-approval' },
            400,
            'Invalid drill: approvalId no-such-approval is not a restore approval of resource:default/orders-db',
          ],
          [
            LEGACY,
            { approvalId: claimed.id, taskId: 'task-1' },
            400,
            `Invalid drill: approvalId ${claimed.id} is not a restore approval of resource:default/legacy-db`,
          ],
          [
            ORDERS,
            { approvalId: pending.id },
            400,
            `Invalid drill: restore approval ${pending.id} is pending and was not claimed by a restore task`,
          ],
          [
            ORDERS,
            { approvalId: claimed.id, taskId: 'task-2' },
            403,
            `Task task-2 did not execute restore approval ${claimed.id}`,
          ],
        ];
        for (const [path, link, status, message] of cases) {
          const res = await request(server())
            .post(`${path}/drills`)
            .set('Authorization', serviceHeader('plugin:scaffolder'))
            .send(drill(link));
          expect({
            status: res.status,
            message: res.body.error?.message,
          }).toEqual({ status, message });
        }
      });

      it('are recorded once, by the task that executed the approval', async () => {
        const { id } = await approval('claimed');
        const recorded = await request(server())
          .post(`${ORDERS}/drills`)
          .set('Authorization', serviceHeader('plugin:scaffolder'))
          .send(drill({ approvalId: id, taskId: 'task-1' }));
        expect(recorded.status).toBe(201);
        expect(recorded.body).toMatchObject({
          approvalId: id,
          taskId: 'task-1',
          recordedBy: 'plugin:scaffolder',
          source: 'restore',
        });
        const again = await request(server())
          .post(`${ORDERS}/drills`)
          .set('Authorization', serviceHeader('plugin:scaffolder'))
          .send(drill({ approvalId: id, taskId: 'task-1' }));
        expect(again.status).toBe(409);
        expect(again.body.error.message).toBe(
          `A drill is already recorded for approval ${id}`,
        );
      });
    });

    describe('recorded by a person', () => {
      it('are labelled manual and need an evidence link or notes', async () => {
        const bare = await request(server())
          .post(`${ORDERS}/drills`)
          .set('Authorization', mockCredentials.user.header(ALICE))
          .send(drill({ notes: '   ' }));
        expect(bare.status).toBe(400);
        expect(bare.body.error.message).toBe(
          'Invalid drill: a manual drill needs evidenceUrl (an http or https link) or notes saying what was done',
        );

        for (const evidenceUrl of ['file:///etc/passwd', 'ftp://x/y', 'x']) {
          const bad = await request(server())
            .post(`${ORDERS}/drills`)
            .set('Authorization', mockCredentials.user.header(ALICE))
            .send(drill({ notes: undefined, evidenceUrl }));
          expect(bad.status).toBe(400);
          expect(bad.body.error.message).toMatch(/evidenceUrl/);
        }

        const linked = await request(server())
          .post(`${ORDERS}/drills`)
          .set('Authorization', mockCredentials.user.header(ALICE))
          .send(
            drill({
              notes: undefined,
              evidenceUrl: 'https://runbooks.example.com/drills/42',
            }),
          );
        expect(linked.status).toBe(201);
        expect(linked.body).toMatchObject({
          source: 'manual',
          evidenceUrl: 'https://runbooks.example.com/drills/42',
          notes: null,
        });
        const listed = await request(server()).get(`${ORDERS}/drills`);
        expect(
          listed.body.items.find(
            (d: { id: string }) => d.id === linked.body.id,
          ),
        ).toMatchObject({
          source: 'manual',
          evidenceUrl: 'https://runbooks.example.com/drills/42',
        });
      });
    });

    it('refuse dates that are not real instants in a sane range, naming the field', async () => {
      const cases: Array<[object, string]> = [
        [
          { startedAt: '0000-01-01T00:00:00Z' },
          'startedAt must not be before 2000-01-01T00:00:00Z',
        ],
        [
          { startedAt: '1999-12-31T23:59:59Z' },
          'startedAt must not be before 2000-01-01T00:00:00Z',
        ],
        [
          { startedAt: '2026-02-30T10:00:00Z' },
          'startedAt must be an ISO 8601 date-time with a zone, such as 2026-11-21T10:00:00Z',
        ],
        [
          { completedAt: '2026-04-31T10:00:00+02:00' },
          'completedAt must be an ISO 8601 date-time with a zone, such as 2026-11-21T10:00:00Z',
        ],
        [
          { startedAt: '2026-01-01T10:00:00' },
          'startedAt must be an ISO 8601 date-time with a zone, such as 2026-11-21T10:00:00Z',
        ],
        [
          { startedAt: '2026-01-01T24:00:00Z' },
          'startedAt must be an ISO 8601 date-time with a zone, such as 2026-11-21T10:00:00Z',
        ],
        [
          { completedAt: '+275760-09-13T00:00:00Z' },
          'completedAt must be an ISO 8601 date-time with a zone, such as 2026-11-21T10:00:00Z',
        ],
        [
          {
            startedAt: minutesAgo(5),
            completedAt: new Date(Date.now() + 3600_000).toISOString(),
          },
          'completedAt must not be in the future',
        ],
        [
          { startedAt: minutesAgo(5), completedAt: minutesAgo(6) },
          'completedAt is before startedAt',
        ],
        [
          {
            startedAt: '2001-01-01T00:00:00Z',
            completedAt: '2025-01-01T00:00:00Z',
          },
          'completedAt is more than 10 years after startedAt',
        ],
      ];
      for (const [dates, problem] of cases) {
        const res = await request(server())
          .post(`${LEGACY}/drills`)
          .send(drill(dates));
        expect({
          dates,
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({
          dates,
          status: 400,
          message: `Invalid drill: ${problem}`,
        });
      }
      const withOffset = await request(server())
        .post(`${LEGACY}/drills`)
        .send(
          drill({
            startedAt: '2024-02-29T23:00:00+02:00',
            completedAt: '2024-02-29T23:30:00.5+02:00',
          }),
        );
      expect(withOffset.status).toBe(201);
      expect(withOffset.body).toMatchObject({
        startedAt: '2024-02-29T21:00:00.000Z',
        completedAt: '2024-02-29T21:30:00.500Z',
        measuredRtoSeconds: 1801,
      });
    });

    it('are voided with a reason by those allowed, stay listed and stop counting', async () => {
      const entity = '/api/dr/entities/component/default/orders-service';
      const real = await request(server())
        .post(`${entity}/drills`)
        .send(
          drill({ startedAt: minutesAgo(120), completedAt: minutesAgo(100) }),
        );
      const forged = await request(server())
        .post(`${entity}/drills`)
        .send(drill({ startedAt: minutesAgo(2), completedAt: minutesAgo(1) }));
      const posture = async () =>
        (await request(server()).get(`${entity}/posture`)).body;
      expect((await posture()).rto.measuredSeconds).toBe(60);

      backend.denied.add('dr.drill.void');
      const refused = await request(server())
        .post(`${entity}/drills/${forged.body.id}/void`)
        .send({ reason: 'Never happened' });
      expect(refused.status).toBe(403);
      backend.denied.clear();

      for (const [body, message] of [
        [{}, 'Invalid void: reason Required'],
        [
          { reason: '  ' },
          'Invalid void: reason String must contain at least 1 character(s)',
        ],
        [
          { reason: 'x'.repeat(1001) },
          'Invalid void: reason String must contain at most 1000 character(s)',
        ],
      ] as const) {
        const res = await request(server())
          .post(`${entity}/drills/${forged.body.id}/void`)
          .send(body);
        expect({
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({ status: 400, message });
      }

      const voided = await request(server())
        .post(`${entity}/drills/${forged.body.id}/void`)
        .set('Authorization', mockCredentials.user.header(BOB))
        .send({ reason: 'Never happened' });
      expect(voided.status).toBe(200);
      expect(voided.body).toMatchObject({
        id: forged.body.id,
        voided: { by: BOB, reason: 'Never happened' },
      });
      expect(backend.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'drill-void',
          severityLevel: 'medium',
          meta: {
            entityRef: 'component:default/orders-service',
            drillId: forged.body.id,
          },
        }),
      );

      const after = await posture();
      expect(after.rto.measuredSeconds).toBe(1200);
      expect(after.drills.lastDrillAt).toBe(real.body.completedAt);
      const listed = await request(server()).get(`${entity}/drills`);
      expect(
        listed.body.items.map((d: any) => [d.id, d.voided?.reason ?? null]),
      ).toEqual([
        [forged.body.id, 'Never happened'],
        [real.body.id, null],
      ]);
      await backend.scheduler.triggerTask('dr-catalog-sync');
      const audit = await request(server()).get(
        '/api/dr/audit?search=orders-service',
      );
      expect(audit.body.items[0]).toMatchObject({
        entityRef: 'component:default/orders-service',
        lastDrillAt: real.body.completedAt,
        lastSuccessfulDrillAt: real.body.completedAt,
      });

      const twice = await request(server())
        .post(`${entity}/drills/${forged.body.id}/void`)
        .send({ reason: 'again' });
      expect(twice.status).toBe(409);
      expect(twice.body.error.message).toBe(
        `This drill was already voided by ${BOB}`,
      );
      const unknown = await request(server())
        .post(`${entity}/drills/no-such-drill/void`)
        .send({ reason: 'x' });
      expect(unknown.status).toBe(404);
      const otherEntity = await request(server())
        .post(`${LEGACY}/drills/${real.body.id}/void`)
        .send({ reason: 'x' });
      expect(otherEntity.status).toBe(404);
      expect(otherEntity.body.error.message).toBe(
        `No drill ${real.body.id} of resource:default/legacy-db`,
      );
    });
  });
});
