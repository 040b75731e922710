/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import net from 'node:net';
import { createBackend } from '@backstage/backend-defaults';
import {
  type SchedulerService,
  type ServiceFactory,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import knexFactory, { type Knex } from 'knex';
import { BenchCatalog } from './BenchCatalog';

export const BENCH_TOKEN = 'dr-bench-automation-token';
export const PG_URL =
  process.env.DR_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE_PREFIX = 'drbench_';

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

/** Drops the benchmark's plugin databases so every run starts empty. */
async function dropBenchDatabases() {
  const admin = knexFactory({ client: 'pg', connection: `${PG_URL}/postgres` });
  try {
    const { rows } = await admin.raw(
      'SELECT datname FROM pg_database WHERE datname LIKE ?',
      [`${DATABASE_PREFIX}%`],
    );
    for (const { datname } of rows) {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}

export interface BenchBackend {
  baseUrl: string;
  scheduler: SchedulerService;
  /** A connection to the DR plugin's own database, for seeding. */
  drDatabase(): Knex;
  request(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * A production-shaped backend: the real DR plugin on PostgreSQL, the real
 * permission backend (allow-all policy, so every request pays for a
 * permission round trip) and static-token service auth over HTTP. The catalog
 * is an in-memory one and the scheduler only runs tasks when told to.
 */
export async function startBenchBackend(options: {
  entities: Entity[];
  drConfig: object;
}): Promise<BenchBackend> {
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  await dropBenchDatabases();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(o?: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
  };
  const catalog = new BenchCatalog(options.entities).asService();

  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl,
          listen: { port, host: '127.0.0.1' },
          database: {
            client: 'pg',
            connection: PG_URL,
            prefix: DATABASE_PREFIX,
          },
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: BENCH_TOKEN, subject: 'bench' },
              },
            ],
          },
        },
        permission: { enabled: true },
        dr: options.drConfig,
      },
    }),
  );
  backend.add(scheduler.factory({ skipTaskRunOnStartup: true }));
  backend.add(
    createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
  );
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
  backend.add(import('@dr-suite/backstage-plugin-dr-backend'));
  await backend.start();

  const connections: Knex[] = [];
  return {
    baseUrl,
    scheduler,
    drDatabase() {
      const db = knexFactory({
        client: 'pg',
        connection: `${PG_URL}/${DATABASE_PREFIX}dr`,
        pool: { min: 0, max: 2 },
      });
      connections.push(db);
      return db;
    },
    request(path, init = {}) {
      return fetch(`${baseUrl}/api/dr${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${BENCH_TOKEN}`,
          'Content-Type': 'application/json',
          ...init.headers,
        },
      });
    },
    async stop() {
      await Promise.all(connections.map(c => c.destroy()));
      await backend.stop();
    },
  };
}
