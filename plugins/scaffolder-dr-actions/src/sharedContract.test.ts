/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The contract is checked against the real DR API.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import {
  BackupSourceRegistry,
  type PostgresRestorer,
  RestoreTargetRegistry,
  hashRestoreParameters,
} from '@dr-suite/backstage-plugin-dr-node';
import request from 'supertest';
import { DrBackendAccess } from './DrBackendAccess';
import { createDrApprovalRequestAction } from './actions/approvalRequest';
import { createDrRestorePostgresAction } from './actions/restorePostgres';
import { ordersDatabase } from './__testUtils__/restoreFlowBackend';

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ENTITY = 'resource:default/orders-db';

/**
 * The restore parameters an approval binds are defined once (dr-common).
 * These tests file a request through the action a user's template runs and
 * through the HTTP API, and claim it through the restore action: the hashes
 * agree and a field one side would refuse is refused by every side, so a
 * copy of the schema that drifted would fail here before it fails restores.
 */
describe('one contract for the DR API and the restore actions', () => {
  let directory: string;
  let server: any;
  let port: number;
  let backupId: string;
  const started: Array<{ templateRef: string; values: any }> = [];

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-contract-'));
    fs.mkdirSync(path.join(directory, 'orders-db'));
    fs.writeFileSync(
      path.join(directory, 'orders-db', 'orders_full_20261120_000000.sql.gz'),
      'dump',
    );
    const backend = await startTestBackend({
      features: [
        drPlugin,
        catalogServiceMock.factory({
          entities: [
            ordersDatabase({
              'dr.backstage.io/rpo': '1h',
              'dr.backstage.io/backup-sources': 'volume:orders-db/',
            }),
          ],
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} } as any),
        }),
        // Stands in for the scaffolder: records the values the approved
        // restore's execution template is started with.
        createServiceFactory({
          service: scaffolderServiceRef,
          deps: {},
          factory: () =>
            ({
              scaffold: async (req: { templateRef: string; values: any }) => {
                started.push(req);
                return { taskId: `task-${started.length}` };
              },
            } as any),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            dr: {
              sources: { volume: { type: 'filesystem', directory } },
              restoreTargets: {
                'orders-staging': {
                  type: 'postgres',
                  connection: { user: 'u', database: 'orders_staging' },
                },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    port = backend.server.port();
    const refreshed = await request(server).post('/api/dr/refresh').send({});
    if (refreshed.status !== 202) {
      throw new Error(`Indexing failed: ${refreshed.text}`);
    }
    const backups = await request(server)
      .get('/api/dr/entities/resource/default/orders-db/backups')
      .set('Authorization', mockCredentials.user.header(ALICE));
    backupId = backups.body.items[0].id;
  });

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  /** The real client against the test backend, as the given principal. */
  function accessAs(userToken: string) {
    const access = new DrBackendAccess({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => `http://localhost:${port}/api/dr`,
        getExternalBaseUrl: async () => `http://localhost:${port}/api/dr`,
      },
    });
    jest.spyOn(access, 'tokenOnBehalfOf').mockResolvedValue(userToken);
    jest.spyOn(access, 'executorToken').mockResolvedValue(
      mockCredentials.service.token({
        onBehalfOf: mockCredentials.service('plugin:scaffolder'),
        targetPluginId: 'dr',
      }),
    );
    return access;
  }

  const config = () =>
    new ConfigReader({
      app: { baseUrl: 'http://localhost:3000' },
      dr: {
        sources: { volume: { type: 'filesystem', directory } },
        restoreTargets: {
          'orders-staging': {
            type: 'postgres',
            connection: { user: 'u', database: 'orders_staging' },
          },
        },
      },
    });

  function restoreAction(restore: jest.Mock) {
    return createDrRestorePostgresAction({
      access: accessAs(mockCredentials.user.token(ALICE)),
      sources: BackupSourceRegistry.fromConfig(config(), {
        logger: mockServices.logger.mock(),
      }),
      targets: RestoreTargetRegistry.fromConfig(config()),
      restorer: { restore } as unknown as PostgresRestorer,
    });
  }

  it('binds the same hash whether a request is filed by the template action or the API, and the restore action claims it', async () => {
    // What a user types into a template: untrimmed, kind and checks left to their defaults.
    const templateValues = {
      entityRef: ENTITY,
      backupId,
      targetId: ' orders-staging ',
      scenario: ' quarterly restore test ',
      reason: '  Quarterly restore test  ',
    };
    const viaAction = createMockActionContext({ input: templateValues });
    await createDrApprovalRequestAction({
      access: accessAs(mockCredentials.user.token(ALICE)),
      config: config(),
    }).handler(viaAction as any);
    const approvalId = (viaAction.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'approvalId',
    )[1];

    const viaApi = await request(server)
      .post('/api/dr/approvals')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({
        parameters: {
          kind: 'postgres',
          entityRef: templateValues.entityRef,
          backupId: templateValues.backupId,
          targetId: templateValues.targetId,
          scenario: templateValues.scenario,
        },
        reason: templateValues.reason,
      });
    expect(viaApi.status).toBe(201);

    const filed = await request(server)
      .get(`/api/dr/approvals/${approvalId}`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(filed.body.parameters).toEqual({
      kind: 'postgres',
      entityRef: ENTITY,
      backupId,
      targetId: 'orders-staging',
      scenario: 'quarterly restore test',
      checks: [],
    });
    expect(filed.body.parameterHash).toBe(viaApi.body.parameterHash);

    // Approved by someone else, the execution template starts with the
    // approved values; its restore step claims with the hash of its input.
    const decided = await request(server)
      .post(`/api/dr/approvals/${approvalId}/decision`)
      .set('Authorization', mockCredentials.user.header(BOB))
      .send({ decision: 'approve' });
    expect(decided.body.status).toBe('approved');
    const { values } = started[started.length - 1];
    const restore = jest.fn().mockResolvedValue({
      database: 'orders_staging',
      bytesRead: 4,
      checks: [],
    });
    await restoreAction(restore).handler(
      createMockActionContext({
        input: {
          approvalId: values.approvalId,
          entityRef: values.entityRef,
          backupId: values.backupId,
          targetId: values.targetId,
          scenario: values.scenario,
          checks: values.checks,
        },
      }) as any,
    );
    expect(restore).toHaveBeenCalled();
    const executed = await request(server)
      .get(`/api/dr/approvals/${approvalId}`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(executed.body).toMatchObject({
      status: 'executed',
      executionTaskId: 'mock-task-id',
    });
    // The hash itself parses with the shared schema: raw template values
    // hash like the stored parameters.
    const { reason: _reason, ...rawParameters } = templateValues;
    expect(hashRestoreParameters({ kind: 'postgres', ...rawParameters })).toBe(
      filed.body.parameterHash,
    );
  });

  it('refuses an unknown or out-of-range check field in the API, in the request action and in the restore action, naming it', async () => {
    const parameters = {
      kind: 'postgres' as const,
      entityRef: ENTITY,
      backupId,
      targetId: 'orders-staging',
      scenario: 'restore-test',
    };
    const extra = [{ type: 'sql', query: 'select 1', retries: 3 }];
    const outOfRange = [
      { type: 'http', url: 'https://orders.test/health', expectStatus: 700 },
    ];

    for (const checks of [extra, outOfRange]) {
      const viaApi = await request(server)
        .post('/api/dr/approvals')
        .set('Authorization', mockCredentials.user.header(ALICE))
        .send({ parameters: { ...parameters, checks }, reason: 'Drift test' });
      expect(viaApi.status).toBe(400);
      expect(viaApi.body.error.message).toMatch(
        /^Invalid approval request: parameters\.checks\.0/,
      );

      const requestApproval = jest.fn();
      const access = accessAs(mockCredentials.user.token(ALICE));
      Object.assign(access, { api: { requestApproval } });
      await expect(
        createDrApprovalRequestAction({ access, config: config() }).handler(
          createMockActionContext({
            input: { ...parameters, checks, reason: 'Drift test' },
          }) as any,
        ),
      ).rejects.toThrow(/^Invalid input of dr:approval:request: checks\.0/);
      expect(requestApproval).not.toHaveBeenCalled();

      const restore = jest.fn();
      const action = restoreAction(restore);
      const claimApproval = jest.spyOn(
        DrBackendAccess.prototype,
        'runApproved',
      );
      await expect(
        action.handler(
          createMockActionContext({
            input: {
              approvalId: 'a1',
              entityRef: ENTITY,
              backupId,
              targetId: 'orders-staging',
              scenario: 'restore-test',
              checks,
            },
          }) as any,
        ),
      ).rejects.toThrow(/^Invalid input of dr:restore:postgres: checks\.0/);
      expect(claimApproval).not.toHaveBeenCalled();
      expect(restore).not.toHaveBeenCalled();
      claimApproval.mockRestore();
    }
  });

  it.each([
    ['dr:restore:postgres', () => restoreAction(jest.fn())],
    [
      'dr:approval:request',
      () =>
        createDrApprovalRequestAction({
          access: accessAs(mockCredentials.user.token(ALICE)),
          config: config(),
        }),
    ],
  ])(
    'gives the scaffolder the bounds of the shared schema to check %s templates against',
    (_id, create) => {
      const input = create().schema?.input as any;
      expect(input.additionalProperties).toBe(false);
      expect(input.properties.scenario.maxLength).toBe(255);
      const [sql, http] = input.properties.checks.items.anyOf;
      expect(sql.additionalProperties).toBe(false);
      expect(sql.properties.query.maxLength).toBe(10_000);
      expect(http.properties.expectStatus.maximum).toBe(599);
    },
  );
});
