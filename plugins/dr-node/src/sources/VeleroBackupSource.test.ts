/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { VeleroBackupSource } from './VeleroBackupSource';
import { isReadableBackupSource, isRestoringBackupSource } from './types';
import type { KubernetesObject } from './VeleroClient';
import { InMemoryIndexSink } from '../testUtils/InMemoryIndexSink';
import {
  startKubernetesTestServer,
  type KubernetesTestServer,
} from '../testUtils/KubernetesTestServer';
import {
  startUnresponsiveTestServer,
  type UnresponsiveTestServer,
} from '../testUtils/UnresponsiveTestServer';

const BACKUPS = { apiVersion: 'velero.io/v1', plural: 'backups' };
const RESTORES = { apiVersion: 'velero.io/v1', plural: 'restores' };

function backup(
  name: string,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
): KubernetesObject {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: {
      name,
      namespace: 'velero',
      labels: { 'velero.io/schedule-name': 'nightly' },
    },
    spec,
    status,
  };
}

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', annotations },
  };
}

jest.setTimeout(30_000);

describe('VeleroBackupSource against a Kubernetes-protocol server', () => {
  let server: KubernetesTestServer;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    server = await startKubernetesTestServer({ pageSize: 2 });
  });
  afterEach(() => server.stop());

  function createSource(token = server.token) {
    return VeleroBackupSource.fromConfig({
      id: 'velero-prod',
      logger,
      config: new ConfigReader({
        type: 'velero',
        // client-node only speaks plain HTTP with TLS verification off.
        cluster: {
          url: server.url,
          serviceAccountToken: token,
          skipTLSVerify: true,
        },
      }),
    });
  }

  it('maps Backup CRs, following list pages, with phases and Velero facts', async () => {
    server.put(
      BACKUPS,
      backup(
        'nightly-20261120',
        {
          includedNamespaces: ['orders'],
          storageLocation: 'default',
          ttl: '720h0m0s',
        },
        {
          phase: 'Completed',
          startTimestamp: '2026-11-20T01:00:00Z',
          completionTimestamp: '2026-11-20T01:04:00Z',
          progress: { totalItems: 120, itemsBackedUp: 120 },
          warnings: 2,
        },
      ),
    );
    server.put(
      BACKUPS,
      backup(
        'nightly-20261121',
        { includedNamespaces: ['*'] },
        { phase: 'PartiallyFailed', errors: 3 },
      ),
    );
    server.put(
      BACKUPS,
      backup('nightly-20261122', {}, { phase: 'InProgress' }),
    );
    server.put(BACKUPS, backup('old', {}, { phase: 'Deleting' }));
    const sink = new InMemoryIndexSink();

    const result = await createSource().index({ sink, logger });

    expect(result).toMatchObject({ listed: 3 });
    expect(sink.sortedKeys()).toEqual([
      'nightly-20261120',
      'nightly-20261121',
      'nightly-20261122',
    ]);
    expect(sink.backups.get('nightly-20261120')).toMatchObject({
      type: 'snapshot',
      status: 'succeeded',
      startedAt: new Date('2026-11-20T01:00:00Z'),
      completedAt: new Date('2026-11-20T01:04:00Z'),
      details: expect.objectContaining({
        warnings: 2,
        itemsBackedUp: 120,
        schedule: 'nightly',
        storageLocation: 'default',
      }),
    });
    expect(sink.backups.get('nightly-20261121')?.status).toBe(
      'partially-failed',
    );
    expect(sink.backups.get('nightly-20261122')?.status).toBe('in-progress');
    // Paged through `continue` tokens with the configured bearer token.
    expect(
      server.requests.filter(r => r.path.includes('/backups')).length,
    ).toBeGreaterThan(1);
    expect(
      server.requests.every(r => r.authorization === `Bearer ${server.token}`),
    ).toBe(true);
  });

  it('forgets Backups that were deleted from the cluster', async () => {
    server.put(BACKUPS, backup('a', {}, { phase: 'Completed' }));
    server.put(BACKUPS, backup('b', {}, { phase: 'Completed' }));
    const sink = new InMemoryIndexSink();
    const source = createSource();
    await source.index({ sink, logger });
    server.remove(BACKUPS, 'velero', 'a');
    const second = await source.index({ sink, logger });
    expect(second.removed).toBe(1);
    expect(sink.sortedKeys()).toEqual(['b']);
  });

  it('fails clearly when the API server is down or refuses the token', async () => {
    const sink = new InMemoryIndexSink();
    server.setDown(true);
    await expect(createSource().index({ sink, logger })).rejects.toThrow(/503/);
    // The API server's own words, not client-node's dump of headers.
    await expect(createSource().index({ sink, logger })).rejects.toThrow(
      /^Listing Velero Backups in namespace "velero" failed: HTTP 503 ServiceUnavailable: the server is currently unable to handle the request$/,
    );
    server.setDown(false);
    await expect(createSource('wrong').index({ sink, logger })).rejects.toThrow(
      /401/,
    );
  });

  it('matches entities by namespace, labels or the kubernetes annotations', () => {
    const source = createSource();
    const inOrders = {
      key: 'x',
      details: {
        includedNamespaces: ['orders'],
        excludedNamespaces: [],
        labelSelector: {},
      },
    };
    const everything = {
      key: 'y',
      details: {
        includedNamespaces: [],
        excludedNamespaces: ['orders'],
        labelSelector: { app: 'orders' },
      },
    };

    const byNamespace = source.parseSelector('orders', entity());
    expect(byNamespace.kind === 'filter' && byNamespace.matches(inOrders)).toBe(
      true,
    );
    expect(
      byNamespace.kind === 'filter' && byNamespace.matches(everything),
    ).toBe(false);

    const byLabel = source.parseSelector('app=orders', entity());
    expect(byLabel.kind === 'filter' && byLabel.matches(everything)).toBe(true);
    expect(byLabel.kind === 'filter' && byLabel.matches(inOrders)).toBe(false);

    const fromAnnotation = source.parseSelector(
      '',
      entity({ 'backstage.io/kubernetes-namespace': 'orders' }),
    );
    expect(fromAnnotation.kind === 'filter' && fromAnnotation.description).toBe(
      'namespace orders',
    );
    const fromId = source.parseSelector(
      '',
      entity({ 'backstage.io/kubernetes-id': 'orders-api' }),
    );
    expect(fromId.kind === 'filter' && fromId.description).toBe(
      'backstage.io/kubernetes-id=orders-api',
    );

    expect(() => source.parseSelector('', entity())).toThrow(
      /needs a namespace or label selector/,
    );
    expect(() => source.parseSelector('Not_A_Namespace', entity())).toThrow(
      /not a valid Kubernetes namespace/,
    );
    expect(() => source.parseSelector('app=a=b', entity())).toThrow(
      /must look like key=value/,
    );
  });

  it('keeps what each backup includes, and only Completed counts as succeeded', async () => {
    const phases = {
      'b-new': 'New',
      'b-queued': 'Queued',
      'b-inprogress': 'InProgress',
      'b-waiting': 'WaitingForPluginOperations',
      'b-waiting-partial': 'WaitingForPluginOperationsPartiallyFailed',
      'b-finalizing': 'Finalizing',
      'b-finalizing-partial': 'FinalizingPartiallyFailed',
      'b-completed': 'Completed',
      'b-partial': 'PartiallyFailed',
      'b-failed': 'Failed',
      'b-invalid': 'FailedValidation',
    };
    for (const [name, phase] of Object.entries(phases)) {
      server.put(BACKUPS, backup(name, {}, { phase }));
    }
    server.put(
      BACKUPS,
      backup(
        'daily-full-backup-20261129020000',
        {
          includedNamespaces: ['data-processing'],
          excludedNamespaces: ['kube-system'],
          includedResources: ['*'],
          excludedResources: ['events', 'events.events.k8s.io'],
          labelSelector: {
            matchLabels: { app: 'normalization' },
            matchExpressions: [
              { key: 'tier', operator: 'In', values: ['db', 'cache'] },
            ],
          },
          storageLocation: 'minio',
          ttl: '168h0m0s',
        },
        {
          phase: 'PartiallyFailed',
          startTimestamp: '2026-11-29T02:00:00Z',
          completionTimestamp: '2026-11-29T02:07:00Z',
          expiration: '2026-12-06T02:00:00Z',
          progress: { totalItems: 340, itemsBackedUp: 338 },
          errors: 2,
          warnings: 5,
          failureReason: 'error executing custom action',
          validationErrors: ['a', 3],
          volumeSnapshotsAttempted: 4,
          volumeSnapshotsCompleted: 3,
        },
      ),
    );
    const sink = new InMemoryIndexSink();

    await createSource().index({ sink, logger });

    const statusOf = (name: string) => sink.backups.get(name)?.status;
    expect(
      Object.fromEntries(Object.keys(phases).map(n => [n, statusOf(n)])),
    ).toEqual({
      'b-new': 'in-progress',
      'b-queued': 'in-progress',
      'b-inprogress': 'in-progress',
      'b-waiting': 'in-progress',
      'b-waiting-partial': 'in-progress',
      'b-finalizing': 'in-progress',
      'b-finalizing-partial': 'in-progress',
      'b-completed': 'succeeded',
      'b-partial': 'partially-failed',
      'b-failed': 'failed',
      'b-invalid': 'failed',
    });
    expect(sink.backups.get('daily-full-backup-20261129020000')).toMatchObject({
      status: 'partially-failed',
      completedAt: new Date('2026-11-29T02:07:00Z'),
      details: {
        phase: 'PartiallyFailed',
        schedule: 'nightly',
        includedNamespaces: ['data-processing'],
        excludedNamespaces: ['kube-system'],
        includedResources: ['*'],
        excludedResources: ['events', 'events.events.k8s.io'],
        labelSelector: { app: 'normalization' },
        labelSelectorExpressions: [
          { key: 'tier', operator: 'In', values: ['db', 'cache'] },
        ],
        storageLocation: 'minio',
        ttl: '168h0m0s',
        expiration: '2026-12-06T02:00:00Z',
        progress: { totalItems: 340, itemsBackedUp: 338 },
        errors: 2,
        warnings: 5,
        failureReason: 'error executing custom action',
        validationErrors: ['a'],
        volumeSnapshotsAttempted: 4,
        volumeSnapshotsCompleted: 3,
      },
    });
  });

  it("selects one schedule's backups by velero.io/schedule-name, alone or with a namespace or labels", () => {
    const source = createSource();
    const of = (
      schedule: string | null,
      includedNamespaces: string[] = [],
      labelSelector: Record<string, string> = {},
    ) => ({
      key: `${schedule}-x`,
      details: {
        schedule,
        includedNamespaces,
        excludedNamespaces: [],
        labelSelector,
      },
    });
    const matches = (text: string, candidate: ReturnType<typeof of>) => {
      const selector = source.parseSelector(text, entity());
      return selector.kind === 'filter' && selector.matches(candidate);
    };

    expect(matches('schedule=daily-full', of('daily-full'))).toBe(true);
    expect(matches('schedule=daily-full', of('hourly-incremental'))).toBe(
      false,
    );
    expect(matches('schedule=daily-full', of(null))).toBe(false);
    expect(
      matches(
        'schedule=daily-full&namespace=data-processing',
        of('daily-full', ['data-processing']),
      ),
    ).toBe(true);
    expect(
      matches(
        'schedule=daily-full&namespace=data-processing',
        of('daily-full', ['billing']),
      ),
    ).toBe(false);
    expect(
      matches(
        'app=normalization&schedule=daily-full',
        of('daily-full', [], { app: 'normalization' }),
      ),
    ).toBe(true);
    expect(
      matches(
        'app=normalization&schedule=daily-full',
        of('weekly-full', [], { app: 'normalization' }),
      ),
    ).toBe(false);

    // The canonical text parses again to the same selector.
    for (const text of [
      'schedule=daily-full',
      ' namespace=data-processing & schedule=daily-full ',
      'schedule=daily-full&app=normalization',
    ]) {
      const selector = source.parseSelector(text, entity());
      const again = source.parseSelector(selector.canonical, entity());
      expect(again.canonical).toBe(selector.canonical);
      expect(selector.kind === 'filter' && selector.description).toMatch(
        /^schedule daily-full/,
      );
    }

    expect(() => source.parseSelector('schedule=', entity())).toThrow(
      '"" is not a valid Velero schedule name for source "velero-prod"',
    );
    expect(() => source.parseSelector('schedule=Daily_Full', entity())).toThrow(
      /not a valid Velero schedule name/,
    );
    expect(() =>
      source.parseSelector('schedule=a&schedule=b', entity()),
    ).toThrow(/names more than one schedule/);
  });

  it('creates a Restore and follows it through watch events to completion', async () => {
    const source = createSource();
    server.onCreate(RESTORES, restore => {
      const { namespace, name } = restore.metadata;
      setTimeout(
        () =>
          server.update(RESTORES, namespace!, name, r => {
            r.status = {
              phase: 'InProgress',
              progress: { totalItems: 10, itemsRestored: 4 },
            };
          }),
        20,
      );
      setTimeout(
        () =>
          server.update(RESTORES, namespace!, name, r => {
            r.status = {
              phase: 'Completed',
              progress: { totalItems: 10, itemsRestored: 10 },
              warnings: 1,
            };
          }),
        60,
      );
    });

    await source.client.createRestore({
      name: 'restore-1',
      spec: {
        backupName: 'nightly-20261120',
        namespaceMapping: { orders: 'orders-staging' },
      },
    });
    const seen: string[] = [];
    const final = await source.client.followRestore(
      'restore-1',
      r => seen.push(r.status?.phase ?? 'New'),
      r => ['Completed', 'Failed', 'PartiallyFailed'].includes(r.status?.phase),
    );

    expect(final.status).toMatchObject({ phase: 'Completed', warnings: 1 });
    expect(seen).toEqual(['New', 'InProgress', 'Completed']);
    expect(server.get(RESTORES, 'velero', 'restore-1')?.spec).toEqual({
      backupName: 'nightly-20261120',
      namespaceMapping: { orders: 'orders-staging' },
    });
  });
});

describe('VeleroBackupSource as a restoring source', () => {
  let server: KubernetesTestServer;

  beforeEach(async () => {
    server = await startKubernetesTestServer();
  });
  afterEach(() => server.stop());

  const source = () =>
    VeleroBackupSource.fromConfig({
      id: 'velero-prod',
      logger: mockServices.logger.mock(),
      config: new ConfigReader({
        type: 'velero',
        cluster: {
          url: server.url,
          serviceAccountToken: server.token,
          skipTLSVerify: true,
        },
      }),
    });

  /**
   * Plays the Velero controller: each status the follower sees moves the
   * Restore on to the next one, so no step depends on timing.
   */
  function controller(name: string, ...statuses: Record<string, unknown>[]) {
    let next = 0;
    return () => {
      const status = statuses[next++];
      if (status) {
        server.update(RESTORES, 'velero', name, r => {
          r.status = status;
        });
      }
    };
  }

  it('is recognised by its capability and restores namespaces into their mapping', async () => {
    const velero = source();
    expect(isRestoringBackupSource(velero)).toBe(true);
    expect(isReadableBackupSource(velero)).toBe(false);
    const advance = controller(
      'dr-restore-1',
      { phase: 'InProgress', progress: { totalItems: 8, itemsRestored: 2 } },
      {
        phase: 'Completed',
        progress: { totalItems: 8, itemsRestored: 8 },
        warnings: 2,
        completionTimestamp: '2026-11-21T10:00:00Z',
      },
    );

    await velero.startRestore({
      name: 'dr-restore-1',
      backupKey: 'nightly-20261120',
      namespaceMapping: { orders: 'orders-staging' },
      labels: { 'dr.backstage.io/approval': 'a1' },
    });
    const seen: string[] = [];
    const final = await velero.followRestore('dr-restore-1', {
      onProgress: status => {
        seen.push(
          `${status.phase} ${status.itemsRestored}/${status.itemsTotal}`,
        );
        advance();
      },
    });

    expect(seen).toEqual(['New null/null', 'InProgress 2/8', 'Completed 8/8']);
    expect(final).toEqual({
      name: 'dr-restore-1',
      phase: 'Completed',
      done: true,
      succeeded: true,
      itemsTotal: 8,
      itemsRestored: 8,
      warnings: 2,
      errors: 0,
      reasons: [],
      completedAt: new Date('2026-11-21T10:00:00Z'),
    });
    const created = server.get(RESTORES, 'velero', 'dr-restore-1')!;
    expect(created.spec).toEqual({
      backupName: 'nightly-20261120',
      includedNamespaces: ['orders'],
      namespaceMapping: { orders: 'orders-staging' },
      restorePVs: true,
      existingResourcePolicy: 'none',
    });
    expect(created.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'backstage-dr',
      'dr.backstage.io/approval': 'a1',
    });
  });

  it('reports a failed restore with its reasons', async () => {
    const advance = controller('dr-restore-2', {
      phase: 'FailedValidation',
      validationErrors: ['backup nightly-x not found'],
      errors: 1,
    });
    const velero = source();
    await velero.startRestore({
      name: 'dr-restore-2',
      backupKey: 'nightly-x',
      namespaceMapping: { orders: 'orders-staging' },
    });
    expect(
      await velero.followRestore('dr-restore-2', { onProgress: advance }),
    ).toMatchObject({
      phase: 'FailedValidation',
      done: true,
      succeeded: false,
      errors: 1,
      reasons: ['backup nightly-x not found'],
    });
  });
});

describe('VeleroBackupSource against a frozen API server', () => {
  let frozen: UnresponsiveTestServer;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    frozen = await startUnresponsiveTestServer();
  });
  afterAll(() => frozen?.stop());

  function createSource(url: string) {
    return VeleroBackupSource.fromConfig({
      id: 'velero-frozen',
      logger,
      config: new ConfigReader({
        type: 'velero',
        cluster: { url, serviceAccountToken: 'token', skipTLSVerify: true },
        timeouts: { request: '1s' },
      }),
    });
  }

  // Well under the 60 s default: the configured timeout is the one that fires.
  it('gives up listing Backups after the configured request timeout', async () => {
    const sink = new InMemoryIndexSink();
    await expect(
      createSource(frozen.url).index({ sink, logger }),
    ).rejects.toMatchObject({
      name: 'SourceTimeoutError',
      message:
        'Listing Velero Backups in namespace "velero" timed out after 1 s',
    });
    expect(frozen.connections()).toBeGreaterThan(0);
  }, 15_000);

  it('gives up following a Restore whose watch never starts', async () => {
    // Answers reads of the Restore, but never the watch request.
    const sockets = new Set<import('node:net').Socket>();
    const server = http.createServer((req, res) => {
      if (req.url?.includes('watch=true')) return;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          apiVersion: 'velero.io/v1',
          kind: 'Restore',
          metadata: { name: 'r1', namespace: 'velero', resourceVersion: '7' },
          status: { phase: 'InProgress' },
        }),
      );
    });
    server.on('connection', socket => sockets.add(socket));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const source = createSource(`http://127.0.0.1:${port}`);
      await expect(
        source.client.followRestore(
          'r1',
          () => undefined,
          r => r.status?.phase === 'Completed',
        ),
      ).rejects.toThrow(
        'Watching Restore "r1" in namespace "velero" timed out after 1 s',
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise(resolve => server.close(resolve));
    }
  }, 15_000);
});
