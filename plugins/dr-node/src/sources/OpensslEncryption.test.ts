/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer, text } from 'node:stream/consumers';
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
  const salt = randomBytes(8);
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
