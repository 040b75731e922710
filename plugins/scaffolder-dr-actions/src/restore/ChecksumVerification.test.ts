/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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

function digest(file: string, algorithm: 'sha256' | 'md5'): string {
  return createHash(algorithm).update(fs.readFileSync(file)).digest('hex');
}

describeWithPostgres(
  'checksum sidecars verified when a backup is restored',
  () => {
    let dumps: SeededDumps;
    let source: FilesystemBackupSource;
    const logger = mockServices.logger.mock();
    const restorer = new PostgresRestorer();
    const created: string[] = [];

    beforeAll(async () => {
      dumps = await seedAndDump(50);
      source = new FilesystemBackupSource({
        id: 'vol',
        directory: dumps.directory,
        logger,
      });
    });
    afterAll(async () => {
      await dropDatabases(...created);
      await dumps?.cleanup();
    });

    async function targetHolding(rows: number) {
      const name = uniqueName('dr_test_checksum');
      created.push(name, `${name}__previous`);
      await withClient('postgres', c =>
        c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`),
      );
      await withClient(name, c =>
        c.query(
          `CREATE TABLE orders (id int); INSERT INTO orders SELECT generate_series(1, ${rows})`,
        ),
      );
      return postgresTarget(name);
    }

    /** A copy of a dump under a new name, with the given sidecar. */
    function copyWithSidecar(
      dump: string,
      name: string,
      extension: '.sha256' | '.md5',
      sidecar: (file: string) => string,
    ): string {
      const file = path.join(dumps.directory, name);
      fs.copyFileSync(dump, file);
      fs.writeFileSync(file + extension, `${sidecar(file)}  ${name}\n`);
      return name;
    }

    it('restores a dump whose sha256 sidecar matches', async () => {
      const key = copyWithSidecar(
        dumps.plainGz,
        'orders_full_20261201_010000.sql.gz',
        '.sha256',
        file => digest(file, 'sha256'),
      );
      const target = await targetHolding(2);
      await restorer.restore({
        target,
        source,
        backupKey: key,
        jobs: 1,
        logger,
      });
      expect(await countOrders(target.connection.database)).toBe(50);
    });

    it.each([
      [
        'streamed gzip SQL, md5 sidecar',
        () => dumps.plainGz,
        'orders_full_20261201_020000.sql.gz',
        '.md5' as const,
      ],
      [
        'local custom format restored in parallel, sha256 sidecar',
        () => dumps.custom,
        'orders_custom_20261201_020000.dump',
        '.sha256' as const,
      ],
    ])(
      'fails a restore whose bytes do not match the sidecar and leaves the target as it was (%s)',
      async (_name, dump, name, extension) => {
        // The sidecar of another file: what a truncated upload or bit rot looks like.
        const key = copyWithSidecar(dump(), name, extension, () =>
          digest(dumps.plain, extension === '.md5' ? 'md5' : 'sha256'),
        );
        const target = await targetHolding(2);
        await expect(
          restorer.restore({ target, source, backupKey: key, jobs: 3, logger }),
        ).rejects.toThrow(
          new RegExp(
            `Checksum mismatch: the ${extension.slice(
              1,
            )} of backup ${name} is [0-9a-f]+, but its sidecar ${name}${extension} says`,
          ),
        );
        expect(await countOrders(target.connection.database)).toBe(2);
      },
    );
  },
);
