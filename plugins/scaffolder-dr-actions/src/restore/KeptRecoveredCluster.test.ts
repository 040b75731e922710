/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { VerifyCheck } from '@dr-suite/backstage-plugin-dr-common';
import {
  FilesystemBackupSource,
  PostgresRestorer,
  type PostgresRestoreTarget,
  type RestoreBackup,
  RestoreTargetRegistry,
  createPostgresRestorer,
  keptClusterConnection,
  keptClusterOf,
} from '@dr-suite/backstage-plugin-dr-node';
import { Client } from 'pg';
import { createDrVerifyAction } from '../actions/verify';
import {
  type ArchivedDataStore,
  archivedDataStore,
  describeWithServerBinaries,
} from '../__testUtils__/pointInTimeFixtures';
import { describeWithPostgres } from '../__testUtils__/postgresFixtures';

jest.setTimeout(180_000);

const ENTITY = 'resource:default/orders-db';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Order ids in the cluster kept at the target, through its socket. */
async function keptOrderIds(target: PostgresRestoreTarget): Promise<number[]> {
  const client = new Client(keptClusterConnection(target));
  await client.connect();
  try {
    return (await client.query('select id from orders order by id')).rows.map(
      r => Number(r.id),
    );
  } finally {
    await client.end();
  }
}

/** Order ids over TCP as a role with its password, or why that failed. */
async function tcpOrderIds(
  port: number,
  user: string,
  password: string,
): Promise<number[] | string> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user,
    password,
    database: 'orders',
  });
  try {
    await client.connect();
    return (await client.query('select id from orders order by id')).rows.map(
      r => Number(r.id),
    );
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describeWithPostgres(
  'point-in-time recovery into a keep-cluster target',
  () => {
    describeWithServerBinaries('the recovered cluster is the target', () => {
      let store: ArchivedDataStore;
      let keepDir: string;
      let target: PostgresRestoreTarget;
      let registry: RestoreTargetRegistry;
      let firstPort: number;
      const logger = mockServices.logger.mock();
      const messages = () =>
        logger.info.mock.calls.map(call => String(call[0])).join('\n');
      const restorer = createPostgresRestorer(new PostgresRestorer());

      beforeAll(async () => {
        store = await archivedDataStore({
          // A role of the backed-up cluster that logs in with a password.
          afterBaseBackup: async ({ cluster }) => {
            await cluster.sql(
              "create role reporter login password 'reporter-password'",
            );
            await cluster.sql('grant select on orders to reporter', 'orders');
          },
        });
        keepDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-kept-'));
        // The cluster's OS user must be able to enter it.
        fs.chmodSync(keepDir, 0o755);
        firstPort = await freePort();
        registry = RestoreTargetRegistry.fromConfig(
          new ConfigReader({
            dr: {
              restoreTargets: {
                'orders-pitr': {
                  type: 'postgres',
                  title: 'Orders recovered cluster',
                  keepRecoveredCluster: {
                    directory: keepDir,
                    ports: `${firstPort}-${firstPort + 9}`,
                  },
                },
              },
            },
          }),
        );
        target = registry.resolve('orders-pitr', {
          kind: 'postgres',
          entityRef: ENTITY,
        });
      });
      afterAll(async () => {
        if (target)
          await restorer.cleanup!({ target, output: {} as any, logger });
        await store?.cleanup();
        if (keepDir) fs.rmSync(keepDir, { recursive: true, force: true });
      });

      function parameters(checks: VerifyCheck[], targetTime = store.between) {
        return {
          kind: 'postgres',
          entityRef: ENTITY,
          backupId: 'b1',
          targetId: 'orders-pitr',
          scenario: 'bad-migration',
          checks,
          kindParameters: { targetTime },
        };
      }

      function backup(): RestoreBackup {
        return {
          sourceId: 'volume',
          key: store.baseKey,
          name: store.baseKey,
          sizeBytes: null,
          startedAt: store.baseStartedAt,
          completedAt: store.baseCompletedAt,
          details: { layout: 'pg_basebackup', files: store.baseFiles },
          recoveryWindow: {
            from: store.baseStartedAt,
            to: store.archivedUntil,
            walPrefix: `${store.prefix}wal/`,
          },
        };
      }

      function restore(
        checks: VerifyCheck[],
        cancel?: { when: string; controller: AbortController },
        beforeSwitch?: () => Promise<void>,
      ) {
        return restorer.execute({
          approvalId: 'a1',
          parameters: parameters(checks),
          target,
          backup: backup(),
          source: new FilesystemBackupSource({
            id: 'volume',
            directory: store.directory,
            logger,
          }),
          options: { jobs: 1 },
          phases: {
            phase: (name, fn) => {
              if (name === cancel?.when) {
                cancel.controller.abort(new Error('Cancelled by the test'));
              }
              if (name === 'switch' && beforeSwitch) {
                return beforeSwitch().then(fn);
              }
              return fn();
            },
          },
          logger,
          signal: cancel?.controller.signal,
        });
      }

      const threeOrders: VerifyCheck = {
        type: 'sql',
        name: 'orders before the bad migration',
        query: 'select count(*) from orders',
        expect: 3,
      };

      /** What is in the keep folder besides the kept cluster's record. */
      const folders = () =>
        fs.readdirSync(keepDir).filter(name => !name.endsWith('.json'));

      it('keeps the recovered cluster running with the rows before the instant, reachable where the output says', async () => {
        const result = await restore([threeOrders]);
        const kept = keptClusterOf(target)!;
        expect(result.output).toMatchObject({
          database: 'orders',
          checksPassed: 1,
          recoveredTo: store.between,
          keptClusterHost: '127.0.0.1',
          keptClusterPort: kept.port,
          keptClusterDataDirectory: kept.dataDirectory,
        });
        expect(kept.port).toBeGreaterThanOrEqual(firstPort);
        expect(kept.port).toBeLessThanOrEqual(firstPort + 9);
        expect(await keptOrderIds(target)).toEqual(store.before);
        // On TCP, where the output says, the recovered cluster's own roles
        // log in with their passwords.
        expect(
          await tcpOrderIds(
            result.output.keptClusterPort as number,
            'reporter',
            'reporter-password',
          ),
        ).toEqual(store.before);
        expect(
          await tcpOrderIds(kept.port, 'reporter', 'not-its-password'),
        ).toMatch(/password authentication failed for user "reporter"/);
        expect(folders()).toEqual([path.basename(kept.root)]);

        // dr:verify runs its checks against the kept cluster.
        const verify = createDrVerifyAction({ targets: registry });
        const ctx = createMockActionContext({
          input: {
            checks: [threeOrders],
            targetId: 'orders-pitr',
            entityRef: ENTITY,
            failOnError: true,
          },
        });
        await verify.handler(ctx as any);
        expect(ctx.output).toHaveBeenCalledWith('verified', true);
      });

      it('is replaced by the next restore to the same target: the previous cluster is stopped and deleted', async () => {
        const previous = keptClusterOf(target)!;

        await restore([threeOrders]);
        const kept = keptClusterOf(target)!;
        expect(kept.root).not.toBe(previous.root);
        expect(fs.existsSync(previous.root)).toBe(false);
        // The first free port of the range: the previous cluster's, freed.
        expect(kept.port).toBe(previous.port);
        expect(await keptOrderIds(target)).toEqual(store.before);
        expect(folders()).toEqual([path.basename(kept.root)]);
      });

      it('takes two restores to the same target at once one after the other: the last one is kept, the other removed', async () => {
        const previous = keptClusterOf(target)!;
        // Both recovered and checked, they replace the kept cluster at once.
        let arrived = 0;
        let bothArrived: () => void = () => undefined;
        const together = new Promise<void>(resolve => {
          bothArrived = resolve;
        });
        const barrier = () => {
          if (++arrived === 2) bothArrived();
          return together;
        };
        const results = await Promise.all([
          restore([threeOrders], undefined, barrier),
          restore([threeOrders], undefined, barrier),
        ]);
        const kept = keptClusterOf(target)!;
        const directories = results.map(
          r => r.output.keptClusterDataDirectory as string,
        );
        // The one that switched last is kept; the first one's is gone.
        expect(directories).toContain(kept.dataDirectory);
        const replaced = directories.find(d => d !== kept.dataDirectory)!;
        expect(replaced).toBeDefined();
        expect(fs.existsSync(replaced)).toBe(false);
        expect(fs.existsSync(previous.root)).toBe(false);
        expect(folders()).toEqual([path.basename(kept.root)]);
        expect(await keptOrderIds(target)).toEqual(store.before);
        expect(messages()).toMatch(
          /Waiting for another restore to target "orders-pitr" to finish replacing its kept cluster/,
        );
      });

      it('is not held up by the lock of a restore whose process died', async () => {
        const lock = path.join(keepDir, 'orders-pitr.kept.lock');
        const dead = spawnSync('true').pid;
        fs.writeFileSync(
          lock,
          JSON.stringify({ pid: dead, host: os.hostname() }),
        );
        const result = await restore([threeOrders]);
        expect(keptClusterOf(target)!.dataDirectory).toBe(
          result.output.keptClusterDataDirectory,
        );
        expect(fs.existsSync(lock)).toBe(false);
        expect(folders()).toEqual([path.basename(keptClusterOf(target)!.root)]);
      }, 60_000);

      it('removes the recovered cluster when a check fails, and the kept one stays as it was', async () => {
        const kept = keptClusterOf(target)!;
        await expect(
          restore([{ ...threeOrders, name: 'all orders', expect: 5 }]),
        ).rejects.toThrow(
          '1 of 1 checks failed: all orders (returned "3", expected 5)',
        );
        expect(keptClusterOf(target)).toEqual(kept);
        expect(folders()).toEqual([path.basename(kept.root)]);
        expect(await keptOrderIds(target)).toEqual(store.before);
      });

      it('removes the recovered cluster when the restore is cancelled during WAL replay', async () => {
        const kept = keptClusterOf(target)!;
        await expect(
          restore([threeOrders], {
            when: 'wal-replay',
            controller: new AbortController(),
          }),
        ).rejects.toThrow('Cancelled by the test');
        expect(keptClusterOf(target)).toEqual(kept);
        expect(folders()).toEqual([path.basename(kept.root)]);
      });

      it('refuses a dump restore into a keep-cluster target before approval', async () => {
        await expect(
          restorer.validate({
            parameters: { ...parameters([]), kindParameters: undefined },
            target,
            backup: { sourceId: 'volume', key: 'orders-db/orders.sql.gz' },
            source: undefined,
          }),
        ).rejects.toThrow(
          'Restore target "orders-pitr" keeps the cluster a point-in-time recovery makes',
        );
      });

      it('is stopped and deleted by the restore-test cleanup', async () => {
        const kept = keptClusterOf(target)!;
        await restorer.cleanup!({ target, output: {} as any, logger });
        expect(keptClusterOf(target)).toBeUndefined();
        expect(fs.readdirSync(keepDir)).toEqual([]);
        expect(
          await tcpOrderIds(kept.port, 'reporter', 'reporter-password'),
        ).toMatch(/ECONNREFUSED/);
      });
    });
  },
);
