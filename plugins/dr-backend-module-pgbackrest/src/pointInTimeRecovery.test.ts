/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mockServices } from '@backstage/backend-test-utils';
import {
  PointInTimeRecovery,
  PostgresRestorer,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  PgBackRestTestCluster,
  STANZA,
  findClusterTools,
} from './__testUtils__/PgBackRestTestCluster';
import { PgBackRestBackupSource } from './PgBackRestBackupSource';

jest.setTimeout(180_000);

const run = promisify(execFile);
const tools = findClusterTools();
const pgUrl = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const required = Boolean(process.env.DR_REQUIRE_POSTGRES || process.env.CI);
if (('missing' in tools || !pgUrl) && required) {
  throw new Error(
    `The pgBackRest point-in-time test needs pgbackrest, the PostgreSQL server and a PostgreSQL to restore into: ${
      'missing' in tools
        ? tools.missing
        : 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set'
    }`,
  );
}
const describeWithCluster =
  'bindir' in tools && pgUrl ? describe : describe.skip;

/** psql against the PostgreSQL the restore goes into. */
async function targetSql(database: string, query: string): Promise<string> {
  const url = new URL(pgUrl!);
  const { stdout } = await run(
    'psql',
    ['-v', 'ON_ERROR_STOP=1', '-qAtc', query],
    {
      env: {
        ...process.env,
        PGHOST: url.hostname,
        PGPORT: url.port || '5432',
        PGUSER: decodeURIComponent(url.username || 'postgres'),
        PGPASSWORD: decodeURIComponent(url.password),
        PGDATABASE: database,
      },
    },
  );
  return stdout.trim();
}

describeWithCluster('point-in-time recovery from pgBackRest', () => {
  let cluster: PgBackRestTestCluster;
  let scratch: string;
  const staging = `dr_pgbr_pitr_${process.pid}`;
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    cluster = await PgBackRestTestCluster.start(
      'bindir' in tools ? tools.bindir : '',
    );
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-pgbr-scratch-'));
    fs.chmodSync(scratch, 0o755);
  });
  afterAll(async () => {
    await targetSql(
      'postgres',
      `drop database if exists ${staging} with (force)`,
    ).catch(() => undefined);
    await cluster?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('restores with pgbackrest restore --type=time to an instant between two commits', async () => {
    const db = cluster.cluster;
    await db.sql('create database orders');
    await db.sql('create table orders (id int primary key)', 'orders');
    await cluster.pgbackrest('--type=full', 'backup');
    const [info] = JSON.parse(
      await cluster.pgbackrest('--output=json', 'info'),
    );
    const label = info.backup[info.backup.length - 1].label;
    for (const id of [1, 2]) {
      await db.sql(`insert into orders values (${id})`, 'orders');
    }
    const between = await db.sql(
      `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    );
    await db.sql('insert into orders values (3)', 'orders');
    await db.switchAndArchiveWal();

    const source = new PgBackRestBackupSource({
      id: 'pgbackrest',
      configPath: cluster.configPath,
      requestTimeoutMs: 60_000,
      logger,
    });
    const url = new URL(pgUrl!);
    const recovery = new PointInTimeRecovery(new PostgresRestorer(), {
      binDir: 'bindir' in tools ? tools.bindir : undefined,
      scratchDirectory: scratch,
    });
    const result = await recovery.restore({
      target: {
        id: 'staging',
        kind: 'postgres',
        title: 'Staging',
        environment: 'staging',
        allowedEntities: null,
        keepPrevious: false,
        connection: {
          host: url.hostname,
          port: Number(url.port || 5432),
          user: decodeURIComponent(url.username || 'postgres'),
          password: url.password ? decodeURIComponent(url.password) : undefined,
          database: staging,
          maintenanceDatabase: 'postgres',
        },
      } as any,
      source,
      backup: {
        sourceId: 'pgbackrest',
        key: `${STANZA}/${label}`,
        name: label,
        sizeBytes: null,
        completedAt: null,
      },
      targetTime: new Date(between),
      logger,
    });
    expect(result.recoveredDatabase).toBe('orders');
    expect(await targetSql(staging, 'select id from orders order by id')).toBe(
      '1\n2',
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^pgbackrest restore --type=time --target="/),
    );
    expect(fs.readdirSync(scratch)).toEqual([]);
  });
});
