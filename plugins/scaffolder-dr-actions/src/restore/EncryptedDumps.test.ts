/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  type BackupEncryptionSettings,
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
} from '../__testUtils__/postgresFixtures';

jest.setTimeout(120_000);

const KEY = 'mailblast $ENCRYPTION_KEY value';
/** Seed 003's name: `mailblast-full-${DATE}.sql.gz`, encrypted without `.enc`. */
const SEED_003_NAME = 'mailblast-full-20261130-020000.sql.gz';

describeWithPostgres(
  'encrypted dumps made by the real openssl and gpg restore into PostgreSQL',
  () => {
    let dumps: SeededDumps;
    let directory: string;
    const created: string[] = [];

    /** Encrypts the gzip dump into `<sub>/<file>` with the real binary. */
    function encrypt(sub: string, file: string, command: string[]) {
      fs.mkdirSync(path.join(directory, sub));
      const out = path.join(directory, sub, file);
      const [binary, ...args] = command;
      execFileSync(
        binary,
        args.map(a => a.replace('{in}', dumps.plainGz).replace('{out}', out)),
        {
          input: binary === 'gpg' ? KEY : undefined,
          env: {
            ...process.env,
            DR_TEST_KEY: KEY,
            GNUPGHOME: path.join(directory, '.gnupg'),
          },
          stdio: [binary === 'gpg' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
        },
      );
    }

    beforeAll(async () => {
      dumps = await seedAndDump(200);
      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-encrypted-'));
      fs.mkdirSync(path.join(directory, '.gnupg'), { mode: 0o700 });
      const openssl = ['openssl', 'enc', '-aes-256-cbc', '-salt'];
      const io = ['-in', '{in}', '-out', '{out}', '-pass', 'env:DR_TEST_KEY'];
      encrypt('sha256', SEED_003_NAME, [...openssl, ...io]);
      encrypt('md5', SEED_003_NAME, [...openssl, '-md', 'md5', ...io]);
      encrypt('iter', 'orders_full_20261120_020000.sql.gz.enc', [
        ...openssl,
        '-pbkdf2',
        '-iter',
        '50000',
        ...io,
      ]);
      encrypt('gpg', 'orders_full_20261120_020000.sql.gz.gpg', [
        'gpg',
        '--batch',
        '--pinentry-mode',
        'loopback',
        '--passphrase-fd',
        '0',
        '--symmetric',
        '--output',
        '{out}',
        '{in}',
      ]);
    });
    afterAll(async () => {
      await dropDatabases(...created);
      await dumps?.cleanup();
      if (directory) fs.rmSync(directory, { recursive: true, force: true });
    });

    it.each<
      [string, string, string, Omit<BackupEncryptionSettings, 'passphrase'>]
    >([
      [
        'openssl -k (EVP_BytesToKey, sha256)',
        'sha256',
        SEED_003_NAME,
        { keyDerivation: 'evp-bytes-to-key' },
      ],
      [
        'openssl -k -md md5',
        'md5',
        SEED_003_NAME,
        { keyDerivation: 'evp-bytes-to-key', digest: 'md5' },
      ],
      [
        'openssl -pbkdf2 -iter 50000',
        'iter',
        'orders_full_20261120_020000.sql.gz.enc',
        { iterations: 50_000 },
      ],
      ['gpg --symmetric', 'gpg', 'orders_full_20261120_020000.sql.gz.gpg', {}],
    ])(
      'restores a dump encrypted with %s, keeping the key out of the log',
      async (_name, sub, file, settings) => {
        const logger = mockServices.logger.mock();
        const source = new FilesystemBackupSource({
          id: sub,
          directory: path.join(directory, sub),
          encryption: { passphrase: KEY, ...settings },
          logger,
        });
        const database = uniqueName('dr_test_encrypted');
        created.push(database);
        const result = await new PostgresRestorer().restore({
          target: postgresTarget(database),
          source,
          backupKey: file,
          jobs: 1,
          logger,
        });
        expect(result).toMatchObject({
          format: 'plain',
          compressed: true,
          encrypted: true,
        });
        expect(await countOrders(database)).toBe(200);
        const logged = JSON.stringify(
          [logger.info, logger.warn, logger.error, logger.debug].flatMap(
            fn => (fn as jest.Mock).mock.calls,
          ),
        );
        expect(logged).toContain('streaming into psql');
        expect(logged).not.toContain(KEY);
      },
    );
  },
);
