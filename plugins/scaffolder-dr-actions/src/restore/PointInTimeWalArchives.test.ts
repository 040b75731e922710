/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  type BackupEncryptionSettings,
  FilesystemBackupSource,
  PostgresRestorer,
  type RestoreBackup,
  createPostgresRestorer,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  type ArchivedDataStore,
  archivedDataStore,
  describeWithServerBinaries,
} from '../__testUtils__/pointInTimeFixtures';
import {
  describeWithPostgres,
  dropDatabases,
  postgresTarget,
  uniqueName,
  withClient,
} from '../__testUtils__/postgresFixtures';

jest.setTimeout(180_000);

const KEY = 'wal-archive-secret';

/** WAL archives as archive_command scripts write them. */
const archives: Array<{
  name: string;
  suffix: string;
  command(walDir: string): string;
  encryption?: BackupEncryptionSettings;
  /** What a restore with the wrong key says, after the WAL file's name. */
  wrongKey?: RegExp;
  tool?: string;
}> = [
  {
    name: 'gzip-compressed',
    suffix: '.gz',
    command: walDir => `gzip < %p > ${walDir}/%f.gz`,
  },
  {
    name: 'zstd-compressed',
    suffix: '.zst',
    command: walDir => `zstd -q -c %p > ${walDir}/%f.zst`,
    tool: 'zstd',
  },
  {
    name: 'lz4-compressed',
    suffix: '.lz4',
    command: walDir => `lz4 -q -c %p > ${walDir}/%f.lz4`,
    tool: 'lz4',
  },
  {
    // As seed 003 encrypts its dumps: no -pbkdf2, so EVP_BytesToKey.
    name: 'gzip-compressed and openssl-encrypted',
    suffix: '.gz.enc',
    command: walDir =>
      `gzip < %p | openssl enc -aes-256-cbc -salt -k ${KEY} > ${walDir}/%f.gz.enc`,
    encryption: { passphrase: KEY, keyDerivation: 'evp-bytes-to-key' },
    wrongKey:
      /The WAL file .*\.gz\.enc is not a WAL segment once read \(wrong key for the source, or a corrupt file\)/,
  },
  {
    name: 'gzip-compressed and gpg-encrypted',
    suffix: '.gz.gpg',
    command: walDir =>
      `gzip < %p | gpg --batch --quiet --no-tty --no-permission-warning --homedir ${gnupgHome(
        walDir,
      )} --pinentry-mode loopback --passphrase-file ${gnupgHome(
        walDir,
      )}/passphrase --symmetric --output ${walDir}/%f.gz.gpg`,
    encryption: { passphrase: KEY },
    wrongKey:
      /Could not decrypt the backup orders-db\/wal\/0{7}1[0-9A-F]{16}\.gz\.gpg with gpg \(wrong key or corrupt file\)/,
    tool: 'gpg',
  },
];

/**
 * The archiving job's own GnuPG home beside the WAL folder, with the
 * passphrase in a file: made here, before the cluster starts, so the
 * fixture hands it to the cluster's OS user with the rest of the folder.
 */
function gnupgHome(walDir: string): string {
  const home = path.join(path.dirname(walDir), '.gnupg');
  if (!fs.existsSync(home)) {
    fs.mkdirSync(home, { mode: 0o700 });
    fs.writeFileSync(path.join(home, 'passphrase'), KEY, { mode: 0o600 });
  }
  return home;
}

const installed = (tool?: string) =>
  !tool || !spawnSync(tool, ['--version'], { stdio: 'ignore' }).error;

async function orderIds(database: string): Promise<number[]> {
  return withClient(database, async client =>
    (await client.query('select id from orders order by id')).rows.map(r =>
      Number(r.id),
    ),
  );
}

describeWithPostgres(
  'point-in-time recovery from WAL archives as tools write them',
  () => {
    describeWithServerBinaries.each(archives.filter(a => installed(a.tool)))(
      'a $name archive',
      archive => {
        let store: ArchivedDataStore;
        let scratch: string;
        const staging = uniqueName('dr_pitr_wal');
        const logger = mockServices.logger.mock();

        beforeAll(async () => {
          store = await archivedDataStore({ archiveCommand: archive.command });
          scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-pitr-scratch-'));
          fs.chmodSync(scratch, 0o755);
        });
        afterAll(async () => {
          await dropDatabases(staging, `${staging}__previous`);
          await store?.cleanup();
          fs.rmSync(scratch, { recursive: true, force: true });
        });

        function run(encryption = archive.encryption) {
          const source = new FilesystemBackupSource({
            id: 'volume',
            directory: store.directory,
            logger,
            encryption,
          });
          const backup: RestoreBackup = {
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
          return createPostgresRestorer(new PostgresRestorer(), {
            pointInTime: { scratchDirectory: scratch },
          }).execute({
            approvalId: 'a1',
            parameters: {
              kind: 'postgres',
              entityRef: 'resource:default/orders-db',
              backupId: 'b1',
              targetId: 'staging',
              scenario: 'bad-migration',
              checks: [],
              kindParameters: { targetTime: store.between },
            },
            target: postgresTarget(staging),
            backup,
            source,
            options: { jobs: 1 },
            phases: { phase: (_name, fn) => fn() },
            logger,
          });
        }

        it('recovers to an instant between two commits: exactly the rows before it', async () => {
          // Every archived segment carries the suffix: none is plain.
          const archived = fs.readdirSync(
            path.join(store.directory, store.prefix, 'wal'),
          );
          expect(archived.length).toBeGreaterThan(0);
          expect(archived.every(name => name.endsWith(archive.suffix))).toBe(
            true,
          );

          const result = await run();
          expect(await orderIds(staging)).toEqual(store.before);
          expect(result.output.walFilesFetched).toBeGreaterThan(0);
          expect(fs.readdirSync(scratch)).toEqual([]);
        });

        if (archive.encryption) {
          it('fails, saying which WAL file could not be read, with the wrong key, and removes the scratch cluster', async () => {
            const before = await orderIds(staging);
            const failure = await run({
              ...archive.encryption!,
              passphrase: 'not-the-key',
            }).then(
              () => undefined,
              (error: Error) => error.message,
            );
            expect(failure).toMatch(/^WAL file 0{7}1[0-9A-F]{16}: /);
            expect(failure).toMatch(archive.wrongKey!);
            // Neither key is ever part of what is said.
            expect(failure).not.toContain('not-the-key');
            expect(failure).not.toContain(KEY);
            expect(await orderIds(staging)).toEqual(before);
            expect(fs.readdirSync(scratch)).toEqual([]);
          });
        }
      },
    );
  },
);
