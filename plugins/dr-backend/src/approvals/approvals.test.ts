/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type ServiceFactory,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import { hashRestoreParameters } from '@dr-suite/backstage-plugin-dr-node';
import request from 'supertest';
import { drPlugin } from '../plugin';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

/** Moves only the clock past an expiry; timers and I/O run as usual. */
function movePastExpiry(expiresAt: string) {
  jest
    .useFakeTimers({
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    })
    .setSystemTime(Date.parse(expiresAt) + 1000);
}

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const scaffolderExecutor = () =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:scaffolder'),
    targetPluginId: 'dr',
  });

describe('restore approvals', () => {
  let world: ReturnType<typeof createDrTestWorld>;
  let server: any;
  let scheduler: any;
  const notifications = { send: jest.fn() };
  const scaffolder = { scaffold: jest.fn() };
  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };

  async function start(extra: ServiceFactory[] = [], drConfig: object = {}) {
    auditor.createEvent.mockResolvedValue(auditEvent);
    scaffolder.scaffold.mockResolvedValue({ taskId: 'task-123' });
    scheduler = mockServices.scheduler() as any;
    const backend = await startTestBackend({
      features: [
        drPlugin,
        scheduler.factory(),
        auditor.factory,
        catalogServiceMock.factory({ entities: world.entities }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => notifications as any,
        }),
        createServiceFactory({
          service: scaffolderServiceRef,
          deps: {},
          factory: () => scaffolder as any,
        }),
        mockServices.rootConfig.factory({
          data: {
            dr: {
              ...world.config.dr,
              restoreTargets: {
                'orders-staging': {
                  type: 'postgres',
                  title: 'Orders staging',
                  connection: {
                    user: 'postgres',
                    password: 'hunter2',
                    database: 'orders_staging',
                  },
                },
                'prod-db': {
                  type: 'postgres',
                  environment: 'production',
                  connection: { user: 'p', database: 'prod' },
                },
                'payments-only': {
                  type: 'postgres',
                  allowedEntities: ['resource:default/payments-db'],
                  connection: { user: 'p', database: 'payments_staging' },
                },
                // A cluster target whose source holds dumps, not Velero backups.
                'orders-cluster': {
                  type: 'velero',
                  sourceId: 'volume',
                  namespace: 'orders-staging',
                },
                // Of a kind no installed restorer handles.
                'tape-vault': { type: 'tape', library: 'vault-1' },
              },
              approvals: {
                approverGroups: ['group:default/platform-team'],
                ...drConfig,
              },
            },
          },
        }),
        ...extra,
      ],
    });
    server = backend.server;
    await request(server).post('/api/dr/refresh').send({});
  }

  async function newestBackupId(entity = 'resource/default/orders-db') {
    const res = await request(server).get(
      `/api/dr/entities/${entity}/backups?limit=1&status=succeeded&type=full`,
    );
    return res.body.items[0].id as string;
  }

  async function requestRestore(as = ALICE, overrides: object = {}) {
    return request(server)
      .post('/api/dr/approvals')
      .set('Authorization', mockCredentials.user.header(as))
      .send({
        parameters: {
          kind: 'postgres',
          entityRef: 'Resource:default/orders-db',
          backupId: await newestBackupId(),
          targetId: 'orders-staging',
          scenario: 'database-corruption',
          checks: [
            { type: 'sql', query: 'select count(*) from orders', minRows: 1 },
          ],
          ...overrides,
        },
        reason: 'Check last night’s dump restores',
        ticket: 'INC-42',
      });
  }

  const decide = (
    id: string,
    as: string,
    decision: 'approve' | 'reject',
    comment?: string,
  ) =>
    request(server)
      .post(`/api/dr/approvals/${id}/decision`)
      .set('Authorization', mockCredentials.user.header(as))
      .send({ decision, comment });

  const claim = (id: string, parameterHash: string, taskId = 'task-123') =>
    request(server)
      .post(`/api/dr/approvals/${id}/claim`)
      .set('Authorization', scaffolderExecutor())
      .send({ parameterHash, taskId });

  beforeEach(() => {
    world = createDrTestWorld();
    jest.clearAllMocks();
  });
  afterEach(() => world.cleanup());

  it('files a request with the exact parameters, their hash, the backup and the target, and tells approvers', async () => {
    await start();
    const res = await requestRestore();
    expect(res.status).toBe(201);
    const approval = res.body;
    expect(approval).toMatchObject({
      entityRef: 'resource:default/orders-db',
      status: 'pending',
      requester: ALICE,
      reason: 'Check last night’s dump restores',
      ticket: 'INC-42',
      requiredApprovals: 1,
      decisions: [],
      target: {
        id: 'orders-staging',
        kind: 'postgres',
        title: 'Orders staging',
        environment: 'staging',
      },
      backup: { sourceId: 'volume', status: 'succeeded' },
    });
    expect(approval.parameters.entityRef).toBe('resource:default/orders-db');
    expect(approval.parameterHash).toBe(
      hashRestoreParameters(approval.parameters),
    );
    expect(
      Date.parse(approval.expiresAt) - Date.parse(approval.createdAt),
    ).toBe(24 * 3600_000);
    expect(JSON.stringify(approval)).not.toContain('hunter2');
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: [
            'group:default/team-orders',
            'group:default/platform-team',
          ],
          excludeEntityRef: ALICE,
        },
        payload: expect.objectContaining({
          link: `/dr/approvals/${approval.id}`,
        }),
      }),
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'restore-request' }),
    );
  });

  it('never lets the requester approve, lets another approver start the execution template once', async () => {
    await start();
    const { body: approval } = await requestRestore();

    const self = await decide(approval.id, ALICE, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/own restore request/);

    const aliceInbox = await request(server)
      .get('/api/dr/approvals?view=decide')
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(aliceInbox.body.totalCount).toBe(0);
    const bobInbox = await request(server)
      .get('/api/dr/approvals?view=decide')
      .set('Authorization', mockCredentials.user.header(BOB));
    expect(
      bobInbox.body.items.map((a: { id: string; canDecide: boolean }) => [
        a.id,
        a.canDecide,
      ]),
    ).toEqual([[approval.id, true]]);

    const approved = await decide(approval.id, BOB, 'approve', 'Looks right');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      executionTaskId: 'task-123',
      decisions: [
        { approver: BOB, decision: 'approve', comment: 'Looks right' },
      ],
    });
    expect(scaffolder.scaffold).toHaveBeenCalledWith(
      {
        templateRef: 'template:default/dr-restore-execute',
        values: {
          approvalId: approval.id,
          requester: ALICE,
          ...approval.parameters,
        },
      },
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      },
    );
    // The requester hears of the decision (the approvers' "approval needed"
    // is then settled, see approvalSignals.test.ts).
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: expect.objectContaining({ entityRef: [ALICE] }),
      }),
    );
    const again = await decide(approval.id, CAROL, 'reject');
    expect(again.status).toBe(409);
  });

  it('is single-use and bound to the parameter hash', async () => {
    await start();
    const { body: approval } = await requestRestore();

    const early = await claim(approval.id, approval.parameterHash);
    expect(early.status).toBe(403);
    expect(early.body.error.message).toMatch(/pending, not approved/);

    await decide(approval.id, BOB, 'approve');
    const tampered = hashRestoreParameters({
      ...approval.parameters,
      targetId: 'prod-db',
    });
    const refused = await claim(approval.id, tampered);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/differ from the approved ones/);

    const claimed = await claim(approval.id, approval.parameterHash);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({
      status: 'executed',
      backup: approval.backup,
      parameters: approval.parameters,
    });

    // The same task retrying gets it again; anyone else does not.
    expect((await claim(approval.id, approval.parameterHash)).status).toBe(200);
    const reused = await claim(approval.id, approval.parameterHash, 'task-999');
    expect(reused.status).toBe(403);
    expect(reused.body.error.message).toMatch(/already used/);

    const user = await request(server)
      .post(`/api/dr/approvals/${approval.id}/claim`)
      .set('Authorization', mockCredentials.user.header(BOB))
      .send({ parameterHash: approval.parameterHash });
    expect(user.status).toBe(403);
    const otherService = await request(server)
      .post(`/api/dr/approvals/${approval.id}/claim`)
      .set('Authorization', mockCredentials.service.header())
      .send({ parameterHash: approval.parameterHash });
    expect(otherService.status).toBe(403);
    expect(otherService.body.error.message).toMatch(/may not execute restores/);

    const outcome = await request(server)
      .post(`/api/dr/approvals/${approval.id}/outcome`)
      .set('Authorization', scaffolderExecutor())
      .send({
        outcome: 'succeeded',
        message: 'Restored and verified in 42 s',
        drillId: 'drill-1',
      });
    expect(outcome.body).toMatchObject({
      outcome: 'succeeded',
      drillId: 'drill-1',
    });
    expect(notifications.send).toHaveBeenLastCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          title: 'Restore succeeded: resource:default/orders-db',
        }),
      }),
    );
  });

  it('expires', async () => {
    await start([], { expiry: { milliseconds: 1 } });
    const { body: approval } = await requestRestore();
    movePastExpiry(approval.expiresAt);
    try {
      const late = await decide(approval.id, BOB, 'approve');
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(/already expired/);
      expect(
        (await claim(approval.id, approval.parameterHash)).body.error.message,
      ).toMatch(/expired/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('marks requests expired on a global schedule; reads show them expired before it runs and write nothing', async () => {
    await start([], { expiryCheck: { frequency: '2m' } });
    expect(await scheduler.getScheduledTasks()).toContainEqual(
      expect.objectContaining({ id: 'dr-approvals-expiry', scope: 'global' }),
    );
    const { body: approval } = await requestRestore();
    const get = () =>
      request(server)
        .get(`/api/dr/approvals/${approval.id}`)
        .set('Authorization', mockCredentials.user.header(BOB));
    const pastExpiry = () => movePastExpiry(approval.expiresAt);
    try {
      pastExpiry();
      const expired = await get();
      expect(expired.body).toMatchObject({
        status: 'expired',
        canDecide: false,
        decidableBy: {
          reason: 'This request is already expired.',
        },
      });
      const listed = (status: string) =>
        request(server)
          .get(`/api/dr/approvals?status=${status}`)
          .set('Authorization', mockCredentials.user.header(BOB));
      expect((await listed('pending')).body.totalCount).toBe(0);
      expect((await listed('expired')).body.items).toEqual([
        expect.objectContaining({ id: approval.id, status: 'expired' }),
      ]);
      const late = await decide(approval.id, BOB, 'approve');
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(/already expired/);

      // The reads wrote nothing: back at the real time it is still pending.
      jest.useRealTimers();
      expect((await get()).body.status).toBe('pending');

      pastExpiry();
      await scheduler.triggerTask('dr-approvals-expiry');
      jest.useRealTimers();
      expect((await get()).body.status).toBe('expired');
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses targets outside the allow-list, production targets and foreign backups', async () => {
    await start();
    const unknown = await requestRestore(ALICE, { targetId: 'somewhere' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /not in the allow-list of restore targets/,
    );
    const production = await requestRestore(ALICE, { targetId: 'prod-db' });
    expect(production.status).toBe(400);
    expect(production.body.error.message).toMatch(
      /production target; restoring into production needs allowProduction/,
    );
    const notAccepted = await requestRestore(ALICE, {
      targetId: 'payments-only',
    });
    expect(notAccepted.status).toBe(400);
    expect(notAccepted.body.error.message).toMatch(
      /^Restore target "payments-only" does not accept restores of resource:default\/orders-db; pick a target that does: /,
    );
    const foreign = await requestRestore(ALICE, {
      backupId: await newestBackupId('resource/default/legacy-db'),
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(
      /not an indexed backup of resource:default\/orders-db/,
    );
    const bad = await requestRestore(ALICE, {
      checks: [{ type: 'shell', command: 'rm -rf /' }],
    });
    expect(bad.status).toBe(400);
    const service = await request(server)
      .post('/api/dr/approvals')
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(service.status).toBe(403);
  });

  it('refuses what the restorer of the request’s kind cannot restore, naming why', async () => {
    await start();
    const velero = await requestRestore(ALICE, {
      kind: 'velero',
      targetId: 'orders-cluster',
      namespace: 'orders',
      checks: [],
    });
    expect(velero.status).toBe(400);
    expect(velero.body.error).toMatchObject({
      name: 'InputError',
      message:
        'A Velero restore needs a Velero backup of the target\'s cluster (source "volume")',
    });
    expect(notifications.send).not.toHaveBeenCalled();
  });

  it('refuses a kind no restorer handles when the request is filed, naming the known kinds', async () => {
    await start();
    const unknown = await requestRestore(ALICE, { kind: 'clickhouse' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      name: 'InputError',
      message:
        'Invalid parameters.kind: no restorer for "clickhouse" restores is installed; known kinds are postgres, velero',
    });
    const malformed = await requestRestore(ALICE, { kind: 'Click House' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(
      /parameters\.kind.*must be a restore kind name/,
    );
    expect(notifications.send).not.toHaveBeenCalled();
  });

  it('reports a target of an unknown type as misconfigured and keeps the other targets', async () => {
    await start();
    const tape = await requestRestore(ALICE, {
      kind: 'postgres',
      targetId: 'tape-vault',
    });
    expect(tape.status).toBe(400);
    expect(tape.body.error.message).toBe(
      'Restore target "tape-vault" is misconfigured: InputError: unknown type "tape"; restore targets are of an installed restore kind: postgres, velero',
    );
    expect((await requestRestore(ALICE)).status).toBe(201);
  });

  it('asks the permission policy who may request and approve', async () => {
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
      authorize: async (requests, { credentials }) =>
        requests.map(r => {
          const user = (credentials.principal as { userEntityRef?: string })
            .userEntityRef;
          if (r.permission.name === 'dr.restore.approve') {
            return {
              result:
                user === BOB ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            };
          }
          return { result: AuthorizeResult.ALLOW };
        }),
    });
    await start([permissions.factory]);
    const { body: approval } = await requestRestore();
    const carol = await decide(approval.id, CAROL, 'approve');
    expect(carol.status).toBe(403);
    const inbox = await request(server)
      .get('/api/dr/approvals?view=decide')
      .set('Authorization', mockCredentials.user.header(CAROL));
    expect(inbox.body.totalCount).toBe(0);
    expect(
      (await decide(approval.id, BOB, 'reject', 'Wrong backup')).body.status,
    ).toBe('rejected');
    expect(scaffolder.scaffold).not.toHaveBeenCalled();
  });

  it('keeps an approval usable when the execution template cannot start', async () => {
    await start();
    scaffolder.scaffold.mockRejectedValueOnce(new Error('template not found'));
    const { body: approval } = await requestRestore();
    const approved = await decide(approval.id, BOB, 'approve');
    expect(approved.body).toMatchObject({
      status: 'approved',
      outcome: 'failed',
      outcomeMessage: expect.stringContaining('template not found'),
    });
  });
  /** Only Carol is denied approving restores of orders-db. */
  const carolMayNotApproveOrders = () =>
    mockServices.permissions.mock({
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
      authorize: async (requests, { credentials }) =>
        requests.map(r => {
          const user = (credentials.principal as { userEntityRef?: string })
            .userEntityRef;
          const resourceRef = (r as { resourceRef?: string }).resourceRef;
          return {
            result:
              r.permission.name === 'dr.restore.approve' &&
              user === CAROL &&
              resourceRef === 'resource:default/orders-db'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          };
        }),
    });

  const list = (as: string, query: string) =>
    request(server)
      .get(`/api/dr/approvals?${query}`)
      .set('Authorization', mockCredentials.user.header(as));

  const reportOutcome = (id: string, outcome: 'succeeded' | 'failed') =>
    request(server)
      .post(`/api/dr/approvals/${id}/outcome`)
      .set('Authorization', scaffolderExecutor())
      .send({ outcome, message: `Restore ${outcome}` });

  it('says who may decide a request and why the caller may not, instead of hiding it', async () => {
    await start([carolMayNotApproveOrders().factory]);
    const { body: filed } = await requestRestore();
    const approvers = [
      'group:default/team-orders',
      'group:default/platform-team',
    ];
    expect(filed.decidableBy).toEqual({
      approvers,
      reason: 'This is your own request: someone else must approve it.',
    });

    const mine = await list(ALICE, 'view=requested');
    expect(mine.body.items[0]).toMatchObject({
      canDecide: false,
      decidableBy: {
        approvers,
        reason: 'This is your own request: someone else must approve it.',
      },
    });

    const carol = await request(server)
      .get(`/api/dr/approvals/${filed.id}`)
      .set('Authorization', mockCredentials.user.header(CAROL));
    expect(carol.body).toMatchObject({
      canDecide: false,
      decidableBy: {
        approvers,
        reason:
          'You are not an owner of resource:default/orders-db (group:default/team-orders) nor in group:default/platform-team.',
      },
    });
    const carolAll = await list(CAROL, 'view=all');
    expect(carolAll.body.items[0].decidableBy.reason).toMatch(
      /^You are not an owner of resource:default\/orders-db/,
    );

    const bob = await request(server)
      .get(`/api/dr/approvals/${filed.id}`)
      .set('Authorization', mockCredentials.user.header(BOB));
    expect(bob.body.canDecide).toBe(true);
    expect(bob.body.decidableBy).toEqual({ approvers });

    const approved = await decide(filed.id, BOB, 'approve');
    expect(approved.body.decidableBy.reason).toBe(
      'This request is already approved.',
    );
  });

  it('blames the permission policy when the caller is an owner or approver it still refuses', async () => {
    await start([
      carolMayNotApproveOrders().factory,
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          getUserInfo: async () => ({
            userEntityRef: CAROL,
            ownershipEntityRefs: [CAROL, 'group:default/platform-team'],
          }),
        }),
      }),
    ]);
    const { body: filed } = await requestRestore();
    const carol = await request(server)
      .get(`/api/dr/approvals/${filed.id}`)
      .set('Authorization', mockCredentials.user.header(CAROL));
    expect(carol.body.decidableBy.reason).toBe(
      'The permission policy does not let you decide on restores of resource:default/orders-db.',
    );
  });

  it('explains a decision already made by the caller', async () => {
    await start([], { requiredApprovals: 2 });
    const { body: filed } = await requestRestore();
    const first = await decide(filed.id, BOB, 'approve');
    expect(first.body).toMatchObject({
      status: 'pending',
      canDecide: false,
      decidableBy: {
        reason:
          'You already approved this request; each approver decides once.',
      },
    });
    expect((await list(BOB, 'view=decide')).body).toMatchObject({
      items: [],
      totalCount: 0,
    });
    expect(
      (await list(CAROL, 'view=decide')).body.items.map(
        (a: { id: string }) => a.id,
      ),
    ).toEqual([filed.id]);
  });

  it('refuses a cursor combined with an offset, naming the field', async () => {
    await start();
    const res = await list(BOB, 'cursor=abc&offset=5');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /offset cannot be combined with cursor/,
    );
    const bad = await list(BOB, 'cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/cursor/);
  });

  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function startOnDatabase(
      extra: ServiceFactory[] = [],
      drConfig: object = {},
    ) {
      const knex = await migratedDatabase(databases, databaseId);
      await start(
        [mockServices.database.factory({ knex }), ...extra],
        drConfig,
      );
    }

    it('records an outcome once: a second report is a 409 and changes nothing', async () => {
      await startOnDatabase();
      const { body: approval } = await requestRestore();
      await decide(approval.id, BOB, 'approve');
      expect((await claim(approval.id, approval.parameterHash)).status).toBe(
        200,
      );

      const first = await reportOutcome(approval.id, 'succeeded');
      expect(first.status).toBe(200);
      const second = await reportOutcome(approval.id, 'failed');
      expect(second.status).toBe(409);
      expect(second.body.error.message).toBe(
        'The outcome of this restore is already recorded (succeeded); an outcome is final',
      );
      const stored = await request(server)
        .get(`/api/dr/approvals/${approval.id}`)
        .set('Authorization', mockCredentials.user.header(ALICE));
      expect(stored.body).toMatchObject({
        outcome: 'succeeded',
        outcomeMessage: 'Restore succeeded',
      });
    });

    it('accepts one of two concurrent outcome reports', async () => {
      await startOnDatabase();
      const { body: approval } = await requestRestore();
      await decide(approval.id, BOB, 'approve');
      await claim(approval.id, approval.parameterHash);

      const reports = await Promise.all([
        reportOutcome(approval.id, 'succeeded'),
        reportOutcome(approval.id, 'failed'),
      ]);
      expect(reports.map(r => r.status).sort()).toEqual([200, 409]);
      const winner = reports.find(r => r.status === 200)!.body.outcome;
      const stored = await request(server)
        .get(`/api/dr/approvals/${approval.id}`)
        .set('Authorization', mockCredentials.user.header(ALICE));
      expect(stored.body.outcome).toBe(winner);
    });

    it('gives one of four identical concurrent approvals a 200 and the others a 409', async () => {
      await startOnDatabase();
      const { body: approval } = await requestRestore();
      const responses = await Promise.all(
        [1, 2, 3, 4].map(() => decide(approval.id, BOB, 'approve')),
      );
      expect(responses.map(r => r.status).sort()).toEqual([200, 409, 409, 409]);
      expect(scaffolder.scaffold).toHaveBeenCalledTimes(1);
      const stored = await request(server)
        .get(`/api/dr/approvals/${approval.id}`)
        .set('Authorization', mockCredentials.user.header(ALICE));
      expect(stored.body).toMatchObject({
        status: 'approved',
        executionTaskId: 'task-123',
        decisions: [{ approver: BOB, decision: 'approve' }],
      });
    });

    it('approves once when the two required approvers decide at the same time', async () => {
      await startOnDatabase([], { requiredApprovals: 2 });
      const { body: approval } = await requestRestore();
      expect(approval.requiredApprovals).toBe(2);
      const responses = await Promise.all([
        decide(approval.id, BOB, 'approve'),
        decide(approval.id, CAROL, 'approve'),
      ]);
      expect(responses.map(r => r.status)).toEqual([200, 200]);
      expect(responses.map(r => r.body.status).sort()).toEqual([
        'approved',
        'pending',
      ]);
      expect(scaffolder.scaffold).toHaveBeenCalledTimes(1);
      const stored = await request(server)
        .get(`/api/dr/approvals/${approval.id}`)
        .set('Authorization', mockCredentials.user.header(ALICE));
      expect(stored.body.status).toBe('approved');
      expect(stored.body.decisions).toHaveLength(2);
    });

    it('pages approvals with a cursor, and the decide view only holds what the caller may decide', async () => {
      const permissions = carolMayNotApproveOrders();
      await startOnDatabase([permissions.factory]);
      const legacy = {
        entityRef: 'resource:default/legacy-db',
        backupId: await newestBackupId('resource/default/legacy-db'),
      };
      const filed: Array<{ id: string; entityRef: string }> = [];
      for (const overrides of [{}, legacy, {}, legacy, legacy]) {
        const res = await requestRestore(ALICE, overrides);
        expect(res.status).toBe(201);
        filed.push(res.body);
      }
      const legacyIds = filed
        .filter(a => a.entityRef === 'resource:default/legacy-db')
        .map(a => a.id);

      // Carol may decide on legacy-db only: 3 of the 5, over two pages.
      permissions.authorize.mockClear();
      const first = await list(CAROL, 'view=decide&limit=2');
      // One batched question to the policy per page, whatever its size.
      expect(permissions.authorize).toHaveBeenCalledTimes(1);
      expect(first.status).toBe(200);
      expect(first.body.totalCount).toBe(3);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await list(
        CAROL,
        `view=decide&limit=2&cursor=${encodeURIComponent(
          first.body.nextCursor,
        )}`,
      );
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const pages = [...first.body.items, ...second.body.items];
      expect(pages.map((a: { id: string }) => a.id).sort()).toEqual(
        [...legacyIds].sort(),
      );
      expect(pages.every((a: { canDecide: boolean }) => a.canDecide)).toBe(
        true,
      );

      // Alice's own requests, newest first, three pages of at most two.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: request.Response = await list(
          ALICE,
          `view=requested&limit=2${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
          }`,
        );
        expect(page.body.totalCount).toBe(5);
        seen.push(...page.body.items.map((a: { id: string }) => a.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect([...seen].sort()).toEqual(filed.map(a => a.id).sort());
      const all = await list(BOB, 'view=all&limit=200');
      expect(all.body.items.map((a: { id: string }) => a.id)).toEqual(seen);

      // Older clients paging by offset still get the right slice.
      const byOffset = await list(ALICE, 'view=requested&limit=2&offset=4');
      expect(byOffset.body.items.map((a: { id: string }) => a.id)).toEqual(
        seen.slice(4),
      );
    });
  });
});
