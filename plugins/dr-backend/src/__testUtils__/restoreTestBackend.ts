/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  type ServiceFactory,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import type { Knex } from 'knex';
import { drPlugin } from '../plugin';
import type { createDrTestWorld } from './drTestWorld';

/**
 * What the restore-test tests share: psql against the local PostgreSQL, a
 * real pg_dump as orders-db's newest backup, and a DR backend whose
 * scheduled tasks run when a test triggers them.
 */
export const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

export const PG_ENV = {
  ...process.env,
  PGHOST: PG.host,
  PGPORT: String(PG.port),
  PGUSER: PG.user,
};

/** Runs SQL with psql, the tool a person would use, against `database`. */
export function psql(sql: string, database = 'postgres'): string {
  return execFileSync(
    'psql',
    [
      '-X',
      '-q',
      '-t',
      '-A',
      '-v',
      'ON_ERROR_STOP=1',
      '-d',
      database,
      '-c',
      sql,
    ],
    { env: PG_ENV },
  )
    .toString()
    .trim();
}

export function databaseExists(name: string): boolean {
  return (
    psql(`SELECT count(*) FROM pg_database WHERE datname = '${name}'`) === '1'
  );
}

/** A real pg_dump of a 3-row orders table, as the newest backup of orders-db. */
export function writeDump(volume: string): string {
  const source = `dr_rt_source_${randomBytes(4).toString('hex')}`;
  psql(`CREATE DATABASE ${source}`);
  try {
    psql(
      "CREATE TABLE orders (id int PRIMARY KEY, item text); INSERT INTO orders VALUES (1, 'a'), (2, 'b'), (3, 'c')",
      source,
    );
    const dump = execFileSync('pg_dump', ['--no-owner', source], {
      env: PG_ENV,
    });
    const key = `orders-db/orders_full_${stamp(
      new Date(Date.now() - 60_000),
    )}.sql.gz`;
    fs.writeFileSync(path.join(volume, key), gzipSync(dump));
    return key;
  } finally {
    psql(`DROP DATABASE IF EXISTS ${source} WITH (FORCE)`);
  }
}

export async function startRestoreTestBackend(options: {
  world: ReturnType<typeof createDrTestWorld>;
  knex: Knex;
  dr: object;
  /** The real scheduler (replicas on one database) instead of the mock. */
  realScheduler?: boolean;
}) {
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => auditEvent),
  });
  const notifications = { send: jest.fn<Promise<void>, [any]>() };
  const scheduler = mockServices.scheduler() as any;
  const features: ServiceFactory[] = [
    options.realScheduler
      ? schedulerServiceFactory
      : // Tasks run when a test triggers them, not at startup.
        scheduler.factory({ skipTaskRunOnStartup: true }),
    auditor.factory,
    mockServices.database.factory({ knex: options.knex }),
    catalogServiceMock.factory({ entities: options.world.entities }),
    createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => notifications as any,
    }),
    createServiceFactory({
      service: scaffolderServiceRef,
      deps: {},
      factory: () => ({ scaffold: jest.fn() } as any),
    }),
    mockServices.rootConfig.factory({
      data: {
        dr: { ...options.world.config.dr, ...options.dr },
      },
    }),
  ];
  const backend = await startTestBackend({ features: [drPlugin, ...features] });
  return {
    backend,
    server: backend.server,
    scheduler,
    auditor,
    auditEvent,
    notifications,
  };
}
