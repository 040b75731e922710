/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, pbkdf2Sync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer, text } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockServices } from '@backstage/backend-test-utils';
import { BackupSourceRegistry } from './BackupSourceRegistry';
import { isDecryptingBackupSource } from './types';
import {
  type S3TestServer,
  startS3TestServer,
} from '../testUtils/S3TestServer';

/** What `openssl enc -aes-256-cbc -pbkdf2 -salt -pass pass:<passphrase>` writes. */
function opensslEncrypt(plain: string, passphrase: string): Buffer {
  // A fixed salt: a wrong key then fails the same way on every run (with a
  // random one, 1 run in 256 ends in a valid-looking padding byte).
  const salt = Buffer.from('5a17c0ffee5a17ed', 'hex');
  const material = pbkdf2Sync(passphrase, salt, 10_000, 48, 'sha256');
  const cipher = createCipheriv(
    'aes-256-cbc',
    material.subarray(0, 32),
    material.subarray(32, 48),
  );
  return Buffer.concat([
    Buffer.from('Salted__'),
    salt,
    cipher.update(plain),
    cipher.final(),
  ]);
}

const PLAIN = 'CREATE TABLE orders (id int);\n';

describe('readable sources decrypt their backups with their own encryptionKey', () => {
  let s3: S3TestServer;
  let directory: string;
  let registry: BackupSourceRegistry;

  beforeAll(async () => {
    const encrypted = opensslEncrypt(PLAIN, 'volume-secret');
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-encrypted-'));
    fs.writeFileSync(path.join(directory, 'dump.sql.enc'), encrypted);
    s3 = await startS3TestServer({ buckets: ['encrypted'] });
    const client = new S3Client(s3.clientConfig);
    await client.send(
      new PutObjectCommand({
        Bucket: 'encrypted',
        Key: 'dump.sql.enc',
        Body: opensslEncrypt(PLAIN, 'bucket-secret'),
      }),
    );
    client.destroy();
    registry = BackupSourceRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          dr: {
            sources: {
              volume: {
                type: 'filesystem',
                directory,
                encryptionKey: 'volume-secret',
              },
              bucket: {
                type: 's3',
                bucket: 'encrypted',
                ...s3.clientConfig,
                encryptionKey: 'bucket-secret',
              },
              wrong: {
                type: 'filesystem',
                directory,
                encryptionKey: 'bucket-secret',
              },
              keyless: { type: 'filesystem', directory },
            },
          },
        },
      }),
      { logger: mockServices.logger.mock() },
    );
  });
  afterAll(async () => {
    await s3?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  async function decrypted(sourceId: string) {
    const source = registry.get(sourceId)!;
    if (!isDecryptingBackupSource(source)) throw new Error('not decrypting');
    const head = await buffer(await source.openReadStream('dump.sql.enc'));
    expect(source.isEncrypted(head)).toBe(true);
    return text(
      source.decrypt(
        'dump.sql.enc',
        await source.openReadStream('dump.sql.enc'),
      ),
    );
  }

  it('decrypts from a volume and from a bucket, each with its own key', async () => {
    expect(await decrypted('volume')).toBe(PLAIN);
    expect(await decrypted('bucket')).toBe(PLAIN);
  });

  it('says the key is wrong, or that the source has none', async () => {
    await expect(decrypted('wrong')).rejects.toThrow(
      /Could not decrypt the backup \(wrong key or corrupt file\)/,
    );
    await expect(decrypted('keyless')).rejects.toThrow(
      'The backup dump.sql.enc is encrypted and no encryptionKey is configured for its source "keyless"',
    );
  });
});

describe('backups encrypted by the real openssl and gpg binaries, as the seed scripts make them', () => {
  const KEY = 'seed-003 key with spaces & $ymbols';
  const dumpName = 'mailblast-full-20261130-020000.sql.gz';
  let directory: string;
  let plainGzip: Buffer;

  function encryptWithOpenssl(file: string, extra: string[]) {
    execFileSync(
      'openssl',
      [
        'enc',
        '-aes-256-cbc',
        '-salt',
        ...extra,
        '-in',
        path.join(directory, 'plain.sql.gz'),
        '-out',
        path.join(directory, file),
        '-pass',
        'env:DR_TEST_KEY',
      ],
      { env: { ...process.env, DR_TEST_KEY: KEY }, stdio: 'pipe' },
    );
    // With `-S` (a fixed salt) openssl leaves out the header it writes otherwise.
    const saltAt = extra.indexOf('-S');
    if (saltAt >= 0) {
      const out = path.join(directory, file);
      fs.writeFileSync(
        out,
        Buffer.concat([
          Buffer.from('Salted__'),
          Buffer.from(extra[saltAt + 1], 'hex'),
          fs.readFileSync(out),
        ]),
      );
    }
  }

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-openssl-'));
    plainGzip = gzipSync(PLAIN);
    fs.writeFileSync(path.join(directory, 'plain.sql.gz'), plainGzip);
    // `-k KEY` without -pbkdf2: EVP_BytesToKey, sha256 in OpenSSL ≥ 1.1.
    fs.mkdirSync(path.join(directory, 'sha256'));
    encryptWithOpenssl(path.join('sha256', dumpName), []);
    fs.mkdirSync(path.join(directory, 'md5'));
    encryptWithOpenssl(path.join('md5', dumpName), ['-md', 'md5']);
    fs.mkdirSync(path.join(directory, 'iter'));
    encryptWithOpenssl(path.join('iter', 'dump.sql.gz.enc'), [
      '-S',
      '5a17c0ffee5a17ed',
      '-pbkdf2',
      '-iter',
      '50000',
    ]);
    fs.mkdirSync(path.join(directory, 'gpg'));
    const gnupgHome = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-test-gnupg-'));
    execFileSync(
      'gpg',
      [
        '--batch',
        '--pinentry-mode',
        'loopback',
        '--passphrase-fd',
        '0',
        '--symmetric',
        '--output',
        path.join(directory, 'gpg', 'dump.sql.gz.gpg'),
        path.join(directory, 'plain.sql.gz'),
      ],
      {
        input: KEY,
        env: { ...process.env, GNUPGHOME: gnupgHome },
        stdio: 'pipe',
      },
    );
    fs.rmSync(gnupgHome, { recursive: true, force: true });
  });
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  function source(sub: string, encryption: Record<string, unknown>) {
    return BackupSourceRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          dr: {
            sources: {
              s: {
                type: 'filesystem',
                directory: path.join(directory, sub),
                encryption: { passphrase: KEY, ...encryption },
              },
            },
          },
        },
      }),
      { logger: mockServices.logger.mock() },
    ).get('s')!;
  }

  async function decrypt(
    sub: string,
    file: string,
    encryption: Record<string, unknown>,
  ) {
    const s = source(sub, encryption);
    if (!isDecryptingBackupSource(s)) throw new Error('not decrypting');
    const head = await buffer(await s.openReadStream(file));
    expect(s.isEncrypted(head)).toBe(true);
    return buffer(s.decrypt(file, await s.openReadStream(file)));
  }

  it.each([
    [
      '-k KEY (EVP_BytesToKey, sha256)',
      'sha256',
      dumpName,
      { keyDerivation: 'evp-bytes-to-key' },
    ],
    [
      '-k KEY -md md5',
      'md5',
      dumpName,
      { keyDerivation: 'evp-bytes-to-key', digest: 'md5' },
    ],
    ['-pbkdf2 -iter 50000', 'iter', 'dump.sql.gz.enc', { iterations: 50_000 }],
    ['gpg --symmetric', 'gpg', 'dump.sql.gz.gpg', {}],
  ])(
    'decrypts %s, recognised by its header',
    async (_name, sub, file, settings) => {
      expect((await decrypt(sub, file, settings)).equals(plainGzip)).toBe(true);
      // gpg's private GNUPGHOME with the passphrase file is gone once it exits.
      expect(
        fs.readdirSync(os.tmpdir()).filter(name => name.startsWith('dr-gpg-')),
      ).toEqual([]);
    },
  );

  it('never puts the key in an error, also when the key is wrong', async () => {
    const wrong = { passphrase: 'not the key' };
    const gpgError = await decrypt('gpg', 'dump.sql.gz.gpg', wrong).catch(
      (e: Error) => e,
    );
    expect(gpgError).toBeInstanceOf(Error);
    expect((gpgError as Error).message).toMatch(
      /Could not decrypt the backup dump.sql.gz.gpg with gpg/,
    );
    expect((gpgError as Error).message).not.toContain(KEY);
    // A wrong derivation fails on the padding at the end.
    const opensslError = await decrypt('iter', 'dump.sql.gz.enc', {}).catch(
      (e: Error) => e,
    );
    expect((opensslError as Error).message).toMatch(/Could not decrypt/);
    expect((opensslError as Error).message).not.toContain(KEY);
  });

  it('refuses a bad encryption config naming the field', () => {
    const registry = BackupSourceRegistry.fromConfig(
      mockServices.rootConfig({
        data: {
          dr: {
            sources: {
              s: {
                type: 'filesystem',
                directory,
                encryption: { passphrase: KEY, keyDerivation: 'scrypt' },
              },
            },
          },
        },
      }),
      { logger: mockServices.logger.mock() },
    );
    expect(registry.get('s')).toBeUndefined();
    expect(registry.problems()).toEqual([
      expect.objectContaining({
        sourceId: 's',
        message: expect.stringMatching(
          /encryption.keyDerivation "scrypt": use pbkdf2 or evp-bytes-to-key/,
        ),
      }),
    ]);
  });
});
