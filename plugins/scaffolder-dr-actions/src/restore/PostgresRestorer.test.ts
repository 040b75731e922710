/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { mockServices } from '@backstage/backend-test-utils';
import {
  FilesystemBackupSource,
  PostgresRestorer,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  countOrders,
  describeWithPostgres,
  dropDatabases,
  postgresTarget,
  seedAndDump,
  type SeededDumps,
  uniqueName,
  withClient,
} from '../__testUtils__/postgresFixtures';

jest.setTimeout(120_000);

describeWithPostgres('PostgresRestorer against the local PostgreSQL', () => {
  let dumps: SeededDumps;
  let source: FilesystemBackupSource;
  const logger = mockServices.logger.mock();
  const restorer = new PostgresRestorer();
  const created: string[] = [];

  beforeAll(async () => {
    dumps = await seedAndDump(500);
    // The source decrypts with the passphrase of its own config.
    source = new FilesystemBackupSource({
      id: 'vol',
      directory: dumps.directory,
      encryptionKey: dumps.passphrase,
      logger,
    });
  });
  afterAll(async () => {
    await dropDatabases(...created);
    await dumps?.cleanup();
  });

  function target(extra: Parameters<typeof postgresTarget>[1] = {}) {
    const name = uniqueName('dr_test_staging');
    created.push(name, `${name}__previous`);
    return postgresTarget(name, extra);
  }

  const key = (file: string) => path.basename(file);

  it.each([
    [
      'plain SQL',
      () => dumps.plain,
      { format: 'plain', compressed: false, encrypted: false },
      // Local and unencrypted: the tools read the file themselves.
      'Plain SQL dump on local disk: read directly into psql',
    ],
    [
      'gzip-compressed SQL',
      () => dumps.plainGz,
      { format: 'plain', compressed: true, encrypted: false },
      'Plain SQL dump (gzip) on local disk: gzip reads it and pipes it into psql',
    ],
    [
      'OpenSSL-encrypted gzip SQL',
      () => dumps.encrypted,
      { format: 'plain', compressed: true, encrypted: true },
      // The source decrypts, so the bytes pass through it.
      'Plain SQL dump (gzip): streaming into psql',
    ],
  ])(
    'streams %s into a fresh database and switches it into place',
    async (_name, file, expected, how) => {
      logger.info.mockClear();
      const staging = target();
      const result = await restorer.restore({
        target: staging,
        source,
        backupKey: key(file()),
        jobs: 1,
        checks: [
          {
            type: 'sql',
            name: 'all orders',
            query: 'select count(*) from orders',
            expect: 500,
          },
        ],
        logger,
      });
      expect(result).toMatchObject({
        database: staging.connection.database,
        parallelJobs: 1,
        ...expected,
      });
      expect(result.bytesRead).toBe(fs.statSync(file()).size);
      const log = logger.info.mock.calls.map(([message]) => message);
      expect(log).toContainEqual(expect.stringContaining(how));
      expect(log).toContainEqual(
        expect.stringMatching(/^Read .* of the backup \(100%\)$/),
      );
      expect(result.checks).toEqual([
        expect.objectContaining({ name: 'all orders', passed: true }),
      ]);
      expect(await countOrders(staging.connection.database)).toBe(500);
    },
  );

  it('restores a local custom-format dump with parallel pg_restore jobs', async () => {
    const staging = target();
    const result = await restorer.restore({
      target: staging,
      source,
      backupKey: key(dumps.custom),
      jobs: 3,
      logger,
    });
    expect(result).toMatchObject({ format: 'custom', parallelJobs: 3 });
    expect(await countOrders(staging.connection.database)).toBe(500);
  });

  it('replaces an existing target, dropping or keeping the previous one', async () => {
    const staging = target({ keepPrevious: true });
    const name = staging.connection.database;
    await withClient('postgres', c =>
      c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`),
    );
    await withClient(name, c => c.query('CREATE TABLE old_data (x int)'));
    await restorer.restore({
      target: staging,
      source,
      backupKey: key(dumps.plainGz),
      logger,
    });
    expect(await countOrders(name)).toBe(500);
    const previousTables = await withClient(`${name}__previous`, async c =>
      (
        await c.query(
          "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
        )
      ).rows.map(r => r.tablename),
    );
    expect(previousTables).toEqual(['old_data']);
  });

  async function expectUntouched(run: () => Promise<unknown>, message: RegExp) {
    const staging = target();
    const name = staging.connection.database;
    await withClient('postgres', c =>
      c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`),
    );
    await withClient(name, c =>
      c.query(
        'CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2)',
      ),
    );
    const error: Error = await restorer
      .restore({ ...((await run()) as any), target: staging, logger })
      .then(
        () => {
          throw new Error('the restore succeeded');
        },
        (e: Error) => e,
      );
    expect(error.message).toMatch(message);
    // The target still holds what it had, and no half-restored database is left behind.
    expect(await countOrders(name)).toBe(2);
    const leftovers = await withClient(
      'postgres',
      async c =>
        (
          await c.query(
            'SELECT datname FROM pg_database WHERE datname LIKE $1',
            [`${name.slice(0, 40)}__restore_%`],
          )
        ).rows,
    );
    expect(leftovers).toEqual([]);
    return error;
  }

  it('leaves the target untouched when the dump is corrupt', async () => {
    const truncated = path.join(
      dumps.directory,
      'orders_full_20261121_020000.sql.gz',
    );
    const bytes = fs.readFileSync(dumps.plainGz);
    fs.writeFileSync(
      truncated,
      bytes.subarray(0, Math.floor(bytes.length / 2)),
    );
    await expectUntouched(
      async () => ({ source, backupKey: key(truncated) }),
      /unexpected end of file/,
    );

    const garbage = path.join(
      dumps.directory,
      'orders_full_20261122_020000.sql',
    );
    fs.writeFileSync(
      garbage,
      'CREATE TABLE orders (id int);\nTHIS IS NOT SQL;\n',
    );
    await expectUntouched(
      async () => ({ source, backupKey: key(garbage) }),
      /psql failed .*syntax error/s,
    );

    // psql stops at the first error of a large compressed dump; gzip, cut
    // off mid-stream, is not what the user is told about.
    const failsEarly = path.join(
      dumps.directory,
      'orders_full_20261123_020000.sql.gz',
    );
    fs.writeFileSync(
      failsEarly,
      gzipSync(
        Buffer.concat([
          Buffer.from('THIS IS NOT SQL;\n'),
          Buffer.alloc(32 * 1024 * 1024, '-- padding\n'),
        ]),
      ),
    );
    await expectUntouched(
      async () => ({ source, backupKey: key(failsEarly) }),
      /^psql failed \(exit 3\):.*syntax error/s,
    );
  });

  it('says a backup on the volume is gone, or not a file, without hanging or naming the path', async () => {
    // The approval carries the size, so nothing stats the file beforehand.
    const gone = await expectUntouched(
      async () => ({
        source,
        backupKey: 'orders_full_20261124_020000.sql.gz',
        backupSizeBytes: 1000,
      }),
      /^Backup "orders_full_20261124_020000\.sql\.gz" no longer exists in source "vol"$/,
    );
    expect(gone.message).not.toContain(dumps.directory);
    // A FIFO under a backup's name would block a plain open until a writer came.
    const fifo = path.join(dumps.directory, 'orders_full_20261125_020000.sql');
    execFileSync('mkfifo', [fifo]);
    await expectUntouched(
      async () => ({
        source,
        backupKey: path.basename(fifo),
        backupSizeBytes: 1000,
      }),
      /^Backup "orders_full_20261125_020000\.sql" no longer exists in source "vol"$/,
    );
  });

  it('leaves the target untouched when a check fails or the key is wrong', async () => {
    await expectUntouched(
      async () => ({
        source,
        backupKey: key(dumps.plainGz),
        checks: [
          {
            type: 'sql',
            name: 'too many orders',
            query: 'select count(*) from orders',
            expect: 501,
          },
        ],
      }),
      /1 of 1 checks failed: too many orders \(returned "500", expected 501\)/,
    );
    await expectUntouched(
      async () => ({
        source: new FilesystemBackupSource({
          id: 'vol',
          directory: dumps.directory,
          encryptionKey: 'wrong',
          logger,
        }),
        backupKey: key(dumps.encrypted),
      }),
      /Could not decrypt the backup/,
    );
    await expectUntouched(
      async () => ({
        source: new FilesystemBackupSource({
          id: 'vol',
          directory: dumps.directory,
          logger,
        }),
        backupKey: key(dumps.encrypted),
      }),
      /no encryptionKey is configured/,
    );
  });
});
