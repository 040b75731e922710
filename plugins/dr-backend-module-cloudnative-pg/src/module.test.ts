/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested the way it is installed: beside the DR backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import {
  type KubernetesObject,
  type KubernetesTestServer,
  startKubernetesTestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import request from 'supertest';
import drModuleCloudNativePg from '.';

jest.setTimeout(60_000);

const BACKUPS = { apiVersion: 'postgresql.cnpg.io/v1', plural: 'backups' };
const OBJECT_STORES = {
  apiVersion: 'barmancloud.cnpg.io/v1',
  plural: 'objectstores',
};
const MINUTE = 60_000;

function resource(name: string, backupSources: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'dr.backstage.io/rpo': '1h',
        'dr.backstage.io/backup-sources': backupSources,
      },
    },
    spec: { type: 'database', owner: 'team-a' },
  };
}

/** A Backup CR that ended (or not) the given minutes ago. */
function backup(
  namespace: string,
  name: string,
  cluster: string,
  phase: string,
  minutesAgo: { started: number; stopped?: number },
): KubernetesObject {
  const at = (minutes: number) =>
    new Date(Date.now() - minutes * MINUTE).toISOString();
  return {
    metadata: { name, namespace },
    spec: { cluster: { name: cluster }, method: 'plugin' },
    status: {
      phase,
      startedAt: at(minutesAgo.started),
      ...(minutesAgo.stopped === undefined
        ? {}
        : { stoppedAt: at(minutesAgo.stopped) }),
    },
  };
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the DR backend with the cloudnative-pg module, on %s',
  databaseId => {
    let kubernetes: KubernetesTestServer;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    let newestCompleted: string;

    beforeAll(async () => {
      kubernetes = await startKubernetesTestServer({ pageSize: 2 });
      // orders-db: the newest COMPLETED backup is 3 hours old; newer ones
      // are still running or finalizing, or failed.
      const completed = backup(
        'databases',
        'orders-db-0300',
        'orders-db',
        'completed',
        { started: 200, stopped: 180 },
      );
      newestCompleted = completed.status!.stoppedAt;
      kubernetes.put(BACKUPS, completed);
      kubernetes.put(
        BACKUPS,
        backup('databases', 'orders-db-0000', 'orders-db', 'completed', {
          started: 1460,
          stopped: 1440,
        }),
      );
      kubernetes.put(
        BACKUPS,
        backup('databases', 'orders-db-0500', 'orders-db', 'failed', {
          started: 62,
          stopped: 60,
        }),
      );
      kubernetes.put(
        BACKUPS,
        backup('databases', 'orders-db-0600', 'orders-db', 'finalizing', {
          started: 20,
          stopped: 2,
        }),
      );
      kubernetes.put(
        BACKUPS,
        backup('databases', 'orders-db-0601', 'orders-db', 'running', {
          started: 5,
        }),
      );
      // billing-db, selected by its bare name: completed 10 minutes ago.
      kubernetes.put(
        BACKUPS,
        backup('billing', 'billing-db-1', 'billing-db', 'completed', {
          started: 15,
          stopped: 10,
        }),
      );
      kubernetes.put(OBJECT_STORES, {
        metadata: { name: 'store', namespace: 'databases' },
        status: {
          serverRecoveryWindow: {
            'orders-db': {
              firstRecoverabilityPoint: new Date(
                Date.now() - 1440 * MINUTE,
              ).toISOString(),
              lastSuccessfulBackupTime: newestCompleted,
            },
          },
        },
      });

      const knex = await databases.init(databaseId);
      const scheduler = mockServices.scheduler() as SchedulerService & {
        factory(): ServiceFactory;
      };
      ({ server } = await startTestBackend({
        features: [
          drPlugin,
          drModuleCloudNativePg,
          scheduler.factory(),
          mockServices.database.factory({
            knex,
            migrations: { skip: false },
          }),
          catalogServiceMock.factory({
            entities: [
              resource('orders-db', 'cnpg:databases/orders-db'),
              resource('billing-db', 'cnpg:billing-db'),
            ],
          }),
          mockServices.rootConfig.factory({
            data: {
              dr: {
                sources: {
                  cnpg: {
                    type: 'cloudnative-pg',
                    cluster: {
                      url: kubernetes.url,
                      serviceAccountToken: kubernetes.token,
                      skipTLSVerify: true,
                    },
                  },
                },
              },
            },
          }),
        ],
      }));
    });
    afterAll(() => kubernetes?.stop());

    const posture = (name: string) =>
      request(server).get(`/api/dr/entities/resource/default/${name}/posture`);

    it('takes RPO from the newest completed Backup only', async () => {
      const refresh = await request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'cnpg' });
      expect(refresh.status).toBe(202);

      const orders = await posture('orders-db');
      expect(orders.status).toBe(200);
      expect(orders.body).toMatchObject({
        overall: 'breach',
        rpo: {
          status: 'breached',
          targetSeconds: 3600,
          lastSuccessfulBackupAt: newestCompleted,
        },
        sources: [
          {
            sourceId: 'cnpg',
            type: 'cloudnative-pg',
            selector: 'databases/orders-db',
            status: 'ok',
          },
        ],
      });
      expect(orders.body.rpo.actualSeconds).toBeGreaterThanOrEqual(180 * 60);

      const billing = await posture('billing-db');
      expect(billing.body.rpo).toMatchObject({ status: 'met' });
      expect(billing.body.rpo.actualSeconds).toBeLessThan(15 * 60);

      // Every Backup is listed with its own status, and the recovery window.
      const listed = await request(server).get(
        '/api/dr/entities/resource/default/orders-db/backups?limit=20',
      );
      expect(listed.status).toBe(200);
      expect(
        Object.fromEntries(
          listed.body.items.map((b: { name: string; status: string }) => [
            b.name,
            b.status,
          ]),
        ),
      ).toEqual({
        'orders-db-0000': 'succeeded',
        'orders-db-0300': 'succeeded',
        'orders-db-0500': 'failed',
        'orders-db-0600': 'in-progress',
        'orders-db-0601': 'in-progress',
        'Recovery window of orders-db in store': 'succeeded',
      });
    });

    it('says why the source is stale when the API server fails, keeping the last good index', async () => {
      kubernetes.setFailure({
        code: 500,
        reason: 'InternalError',
        message: 'etcdserver: request timed out',
      });
      try {
        await request(server)
          .post('/api/dr/refresh')
          .send({ sourceId: 'cnpg' });
      } finally {
        kubernetes.setFailure(undefined);
      }

      const sources = await request(server).get('/api/dr/sources');
      expect(
        sources.body.items.find(
          (s: { sourceId: string }) => s.sourceId === 'cnpg',
        ),
      ).toMatchObject({
        status: 'stale',
        lastError:
          'KubernetesApiError: Listing CloudNativePG Backups in all namespaces failed: HTTP 500 InternalError: etcdserver: request timed out',
        backupCount: 7,
      });
      const orders = await posture('orders-db');
      expect(orders.body.rpo.lastSuccessfulBackupAt).toBe(newestCompleted);
      expect(orders.body.problems).toContainEqual(
        expect.objectContaining({
          code: 'source-stale',
          field: 'cnpg',
          message: expect.stringContaining(
            'HTTP 500 InternalError: etcdserver: request timed out',
          ),
        }),
      );
    });
  },
);
