/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  InMemoryIndexSink,
  type KubernetesObject,
  type KubernetesTestServer,
  type UnresponsiveTestServer,
  startKubernetesTestServer,
  startUnresponsiveTestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import { CloudNativePgBackupSource } from './CloudNativePgBackupSource';

const BACKUPS = { apiVersion: 'postgresql.cnpg.io/v1', plural: 'backups' };
const OBJECT_STORES = {
  apiVersion: 'barmancloud.cnpg.io/v1',
  plural: 'objectstores',
};

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db' },
};

/** A Backup CR as CloudNativePG writes it. */
function backup(
  namespace: string,
  name: string,
  cluster: string,
  status: Record<string, unknown>,
): KubernetesObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Backup',
    metadata: { name, namespace },
    spec: { cluster: { name: cluster }, method: 'plugin' },
    status,
  };
}

function createSource(
  server: { url: string; token?: string },
  settings: Record<string, unknown> = {},
) {
  return CloudNativePgBackupSource.fromConfig({
    id: 'cnpg',
    logger: mockServices.logger.mock(),
    config: new ConfigReader({
      type: 'cloudnative-pg',
      // client-node only speaks plain HTTP with TLS verification off.
      cluster: {
        url: server.url,
        serviceAccountToken: server.token ?? 'token',
        skipTLSVerify: true,
      },
      ...settings,
    }),
  });
}

jest.setTimeout(30_000);

describe('CloudNativePgBackupSource against a Kubernetes-protocol server', () => {
  let server: KubernetesTestServer;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    server = await startKubernetesTestServer({ pageSize: 2 });
  });
  afterEach(() => server.stop());

  function putEveryPhase() {
    const base = {
      method: 'plugin',
      backupId: '20261130T010000',
      serverName: 'orders-db',
      destinationPath: 's3://backups/orders',
    };
    server.put(
      BACKUPS,
      backup('databases', 'orders-db-completed', 'orders-db', {
        ...base,
        phase: 'completed',
        startedAt: '2026-11-30T01:00:00Z',
        stoppedAt: '2026-11-30T01:12:00Z',
        beginWal: '000000010000000000000010',
        endWal: '000000010000000000000012',
        beginLSN: '0/10000028',
        endLSN: '0/12000138',
        backupName: 'backup-20261130010000',
        online: true,
      }),
    );
    for (const phase of ['pending', 'started', 'running', 'finalizing']) {
      server.put(
        BACKUPS,
        backup('databases', `orders-db-${phase}`, 'orders-db', {
          ...base,
          phase,
          startedAt: '2026-11-30T02:00:00Z',
        }),
      );
    }
    server.put(
      BACKUPS,
      backup('databases', 'orders-db-failed', 'orders-db', {
        ...base,
        phase: 'failed',
        startedAt: '2026-11-29T01:00:00Z',
        stoppedAt: '2026-11-29T01:01:00Z',
        error: 'barman-cloud-backup: exit status 4',
      }),
    );
    server.put(
      BACKUPS,
      backup('databases', 'orders-db-walfailing', 'orders-db', {
        phase: 'walArchivingFailing',
      }),
    );
    server.put(BACKUPS, backup('databases', 'orders-db-new', 'orders-db', {}));
    server.put(BACKUPS, {
      ...backup('databases', 'orphan', 'x', { phase: 'completed' }),
      spec: {},
    });
    server.put(
      BACKUPS,
      backup('databases', 'forged', 'orders-db/backups', {
        phase: 'completed',
        stoppedAt: '2026-11-30T05:00:00Z',
      }),
    );
    server.put(
      BACKUPS,
      backup('billing', 'billing-db-1', 'billing-db', {
        phase: 'completed',
        method: 'volumeSnapshot',
        startedAt: '2026-11-30T03:00:00Z',
        stoppedAt: '2026-11-30T03:01:00Z',
      }),
    );
    server.put(OBJECT_STORES, {
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: { name: 'minio-store', namespace: 'databases' },
      spec: { configuration: { destinationPath: 's3://backups/' } },
      status: {
        serverRecoveryWindow: {
          'orders-db': {
            firstRecoverabilityPoint: '2026-11-01T01:12:00Z',
            lastSuccessfulBackupTime: '2026-11-30T01:12:00Z',
            lastFailedBackupTime: '2026-11-29T01:01:00Z',
          },
          'new-db': { lastFailedBackupTime: '2026-11-30T00:00:00Z' },
        },
      },
    });
  }

  it('indexes each Backup with its phase, WAL range and cluster, following list pages', async () => {
    putEveryPhase();
    const sink = new InMemoryIndexSink();

    const result = await createSource(server).index({ sink, logger });

    expect(result).toMatchObject({ mode: 'full', listed: 11, removed: 0 });
    const statuses = Object.fromEntries(
      [...sink.backups.values()].map(b => [b.key, b.status]),
    );
    expect(statuses).toEqual({
      'databases/orders-db/backups/orders-db-completed': 'succeeded',
      'databases/orders-db/backups/orders-db-pending': 'in-progress',
      'databases/orders-db/backups/orders-db-started': 'in-progress',
      'databases/orders-db/backups/orders-db-running': 'in-progress',
      'databases/orders-db/backups/orders-db-finalizing': 'in-progress',
      'databases/orders-db/backups/orders-db-failed': 'failed',
      'databases/orders-db/backups/orders-db-walfailing': 'failed',
      'databases/orders-db/backups/orders-db-new': 'in-progress',
      'billing/billing-db/backups/billing-db-1': 'succeeded',
      'databases/orders-db/recovery-windows/minio-store/orders-db': 'succeeded',
      'databases/new-db/recovery-windows/minio-store/new-db': 'failed',
    });
    expect(
      sink.backups.get('databases/orders-db/backups/orders-db-completed'),
    ).toEqual({
      key: 'databases/orders-db/backups/orders-db-completed',
      name: 'orders-db-completed',
      type: 'full',
      status: 'succeeded',
      startedAt: new Date('2026-11-30T01:00:00Z'),
      completedAt: new Date('2026-11-30T01:12:00Z'),
      sizeBytes: null,
      checksum: null,
      encrypted: null,
      details: {
        kind: 'base-backup',
        phase: 'completed',
        namespace: 'databases',
        cluster: 'orders-db',
        method: 'plugin',
        online: true,
        backupId: '20261130T010000',
        backupName: 'backup-20261130010000',
        serverName: 'orders-db',
        beginWal: '000000010000000000000010',
        endWal: '000000010000000000000012',
        beginLSN: '0/10000028',
        endLSN: '0/12000138',
        destinationPath: 's3://backups/orders',
        error: null,
      },
    });
    // A Backup without a cluster, or whose cluster name would pose as
    // another cluster's key, is left out and said.
    expect(logger.warn).toHaveBeenCalledWith(
      'Skipped CloudNativePG Backup databases/orphan: spec.cluster.name is not a valid cluster name',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Skipped CloudNativePG Backup databases/forged: spec.cluster.name is not a valid cluster name',
    );
    // A running backup has no completion and never counts.
    expect(
      sink.backups.get('databases/orders-db/backups/orders-db-running'),
    ).toMatchObject({
      startedAt: new Date('2026-11-30T02:00:00Z'),
      completedAt: null,
    });
    expect(
      sink.backups.get('databases/orders-db/backups/orders-db-failed')?.details
        .error,
    ).toBe('barman-cloud-backup: exit status 4');
    expect(
      sink.backups.get('databases/orders-db/backups/orders-db-walfailing')
        ?.details,
    ).toMatchObject({
      phase: 'walArchivingFailing',
      error: 'WAL archiving is failing, so the backup could not be taken',
    });
    expect(
      sink.backups.get('billing/billing-db/backups/billing-db-1')?.type,
    ).toBe('snapshot');
    // The plugin does not say how recent the newest archived WAL is: the
    // window is kept, with no completion time to count toward RPO.
    expect(
      sink.backups.get(
        'databases/orders-db/recovery-windows/minio-store/orders-db',
      ),
    ).toMatchObject({
      type: 'wal',
      startedAt: new Date('2026-11-01T01:12:00Z'),
      completedAt: null,
      details: {
        kind: 'recovery-window',
        cluster: 'orders-db',
        server: 'orders-db',
        objectStore: 'minio-store',
        firstRecoverabilityPoint: '2026-11-01T01:12:00.000Z',
        lastSuccessfulBackupTime: '2026-11-30T01:12:00.000Z',
        lastFailedBackupTime: '2026-11-29T01:01:00.000Z',
        lastBackupFailed: false,
        recoverableUntil: null,
        error: null,
      },
    });
    expect(
      sink.backups.get('databases/new-db/recovery-windows/minio-store/new-db')
        ?.details,
    ).toMatchObject({
      lastBackupFailed: true,
      error:
        'The object store reports no recoverability point: no base backup to restore from',
    });

    // Across all namespaces, page by page (two items a page).
    const backupLists = server.requests.filter(r =>
      r.path.startsWith('/apis/postgresql.cnpg.io/v1/backups'),
    );
    expect(backupLists.length).toBe(6);
    expect(backupLists.filter(r => r.path.includes('continue=')).length).toBe(
      5,
    );
    expect(
      server.requests.every(r => r.authorization === `Bearer ${server.token}`),
    ).toBe(true);
  });

  it('attributes a recovery window to the cluster whose Backups name its server', async () => {
    server.put(
      BACKUPS,
      backup('databases', 'b1', 'orders-db', {
        phase: 'completed',
        serverName: 'orders-db-v2',
      }),
    );
    server.put(OBJECT_STORES, {
      metadata: { name: 'store', namespace: 'databases' },
      status: {
        serverRecoveryWindow: {
          'orders-db-v2': { firstRecoverabilityPoint: '2026-11-01T00:00:00Z' },
          'Not A Server': { firstRecoverabilityPoint: '2026-11-01T00:00:00Z' },
        },
      },
    });
    const sink = new InMemoryIndexSink();
    const warnings = mockServices.logger.mock();

    await createSource(server).index({ sink, logger: warnings });

    expect(sink.sortedKeys()).toEqual([
      'databases/orders-db/backups/b1',
      'databases/orders-db/recovery-windows/store/orders-db-v2',
    ]);
    expect(warnings.warn).toHaveBeenCalledWith(
      'Skipped server "Not A Server" of ObjectStore databases/store: not a valid server name',
    );
  });

  it('reads only the configured namespaces', async () => {
    putEveryPhase();
    const sink = new InMemoryIndexSink();

    await createSource(server, { namespaces: ['billing'] }).index({
      sink,
      logger,
    });

    expect(sink.sortedKeys()).toEqual([
      'billing/billing-db/backups/billing-db-1',
    ]);
    expect(
      server.requests.every(r => r.path.includes('/namespaces/billing/')),
    ).toBe(true);
  });

  it('forgets deleted Backups, and keeps the last good index when a page fails', async () => {
    putEveryPhase();
    const sink = new InMemoryIndexSink();
    const source = createSource(server);
    await source.index({ sink, logger });
    server.remove(BACKUPS, 'databases', 'orders-db-failed');

    // The second page of Backups fails: nothing is written or removed.
    server.setFailure({
      code: 500,
      reason: 'InternalError',
      message: 'etcdserver: request timed out',
      matches: ({ path }) => path.includes('continue=2'),
    });
    await expect(source.index({ sink, logger })).rejects.toThrow(
      'Listing CloudNativePG Backups in all namespaces failed: HTTP 500 InternalError: etcdserver: request timed out',
    );
    expect(sink.backups.size).toBe(11);

    server.setFailure(undefined);
    const result = await source.index({ sink, logger });
    expect(result.removed).toBe(1);
    expect(sink.backups.size).toBe(10);
  });

  it('indexes Backups alone when the Barman Cloud plugin is not installed', async () => {
    await server.stop();
    server = await startKubernetesTestServer({ resources: [BACKUPS] });
    server.put(
      BACKUPS,
      backup('databases', 'b1', 'orders-db', { phase: 'completed' }),
    );
    const sink = new InMemoryIndexSink();

    await createSource(server).index({ sink, logger });

    expect(sink.sortedKeys()).toEqual(['databases/orders-db/backups/b1']);
  });

  it('fails clearly when the API server is down, refuses the token or forbids a list', async () => {
    const sink = new InMemoryIndexSink();
    server.setDown(true);
    await expect(createSource(server).index({ sink, logger })).rejects.toThrow(
      'Listing CloudNativePG Backups in all namespaces failed: HTTP 503 ServiceUnavailable: the server is currently unable to handle the request',
    );
    server.setDown(false);
    await expect(
      createSource({ url: server.url, token: 'wrong' }).index({ sink, logger }),
    ).rejects.toThrow(
      'Listing CloudNativePG Backups in all namespaces failed: HTTP 401 Unauthorized',
    );
    // RBAC without the ObjectStores: said, rather than a window silently missing.
    server.setFailure({
      code: 403,
      reason: 'Forbidden',
      message:
        'objectstores.barmancloud.cnpg.io is forbidden: User "system:serviceaccount:backstage:dr" cannot list resource "objectstores"',
      matches: ({ path }) => path.includes('objectstores'),
    });
    await expect(createSource(server).index({ sink, logger })).rejects.toThrow(
      'Listing Barman Cloud ObjectStores in all namespaces failed: HTTP 403 Forbidden: objectstores.barmancloud.cnpg.io is forbidden',
    );
    expect(sink.backups.size).toBe(0);
  });

  it('fails clearly when CloudNativePG is not installed', async () => {
    await server.stop();
    server = await startKubernetesTestServer({ resources: [OBJECT_STORES] });
    await expect(
      createSource(server).index({ sink: new InMemoryIndexSink(), logger }),
    ).rejects.toThrow(
      /^Listing CloudNativePG Backups in all namespaces failed: HTTP 404 NotFound: .*\(is CloudNativePG installed\? Its Backup CRD is backups.postgresql.cnpg.io\)$/,
    );
  });

  it('parses cluster selectors and refuses hostile ones with how to write them', () => {
    const source = createSource(server);
    const row = (cluster: string) => ({ key: 'k', details: { cluster } });

    const bare = source.parseSelector(' orders-db ', entity);
    expect(bare).toMatchObject({
      kind: 'filter',
      description: 'cluster orders-db',
      canonical: 'cluster=orders-db',
    });
    expect(bare.kind === 'filter' && bare.matches(row('orders-db'))).toBe(true);
    expect(bare.kind === 'filter' && bare.matches(row('orders-db-2'))).toBe(
      false,
    );
    expect(source.parseSelector('cluster=orders-db', entity).canonical).toBe(
      'cluster=orders-db',
    );
    expect(source.parseSelector('databases/orders-db', entity)).toEqual({
      kind: 'prefix',
      prefix: 'databases/orders-db/',
      canonical: 'databases/orders-db',
    });
    expect(
      source.parseSelector('cluster=databases/orders-db', entity),
    ).toMatchObject({ kind: 'prefix', prefix: 'databases/orders-db/' });

    expect(() => source.parseSelector('', entity)).toThrow(
      'Source "cnpg" needs a CloudNativePG cluster name or <namespace>/<cluster>, e.g. "cnpg:orders-db" or "cnpg:databases/orders-db"',
    );
    expect(() => source.parseSelector('a/b/c', entity)).toThrow(
      /needs a CloudNativePG cluster name/,
    );
    for (const hostile of ['../etc', 'Orders', 'a/', "x'; drop", '%2e%2e']) {
      expect(() => source.parseSelector(hostile, entity)).toThrow(
        /is not a valid Kubernetes name/,
      );
    }
  });

  it('refuses a namespace in config that is not a Kubernetes name', () => {
    expect(() =>
      createSource(server, { namespaces: ['ok', 'Bad_NS'] }),
    ).toThrow(
      'dr.sources.cnpg.namespaces: "Bad_NS" is not a valid Kubernetes namespace',
    );
  });
});

describe('CloudNativePgBackupSource against a frozen API server', () => {
  let frozen: UnresponsiveTestServer;

  beforeAll(async () => {
    frozen = await startUnresponsiveTestServer();
  });
  afterAll(() => frozen?.stop());

  it('gives up after the configured request timeout', async () => {
    const sink = new InMemoryIndexSink();
    await expect(
      createSource(frozen, { timeouts: { request: '1s' } }).index({
        sink,
        logger: mockServices.logger.mock(),
      }),
    ).rejects.toMatchObject({
      name: 'SourceTimeoutError',
      message:
        'Listing CloudNativePG Backups in all namespaces timed out after 1 s',
    });
    expect(frozen.connections()).toBeGreaterThan(0);
  });
});
