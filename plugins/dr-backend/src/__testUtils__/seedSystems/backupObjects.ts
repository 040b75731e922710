/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  FixtureWriter,
  S3TestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';

/**
 * Writes a backup object as its tool would have, dated `modified` (its
 * mtime, or its S3 LastModified).
 */
export type BackupObjectWriter = FixtureWriter;

/** Objects on a mounted volume: files under `directory`. */
export function volumeWriter(directory: string): BackupObjectWriter {
  return async (key, body, modified) => {
    const file = path.join(directory, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    fs.utimesSync(file, modified, modified);
  };
}

/**
 * Objects in a bucket of the s3rver test server, put over the S3 protocol
 * and then dated: s3rver serves its stored file's mtime as LastModified.
 */
export function bucketWriter(
  s3: S3TestServer,
  bucket: string,
): BackupObjectWriter {
  return async (key, body, modified) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const response = await fetch(
      `${s3.endpoint}/${bucket}/${key
        .split('/')
        .map(encodeURIComponent)
        .join('/')}`,
      { method: 'PUT', body: bytes },
    );
    if (response.status !== 200) {
      throw new Error(`PUT ${key}: HTTP ${response.status}`);
    }
    const stored = path.join(s3.directory, bucket, `${key}._S3rver_object`);
    // s3rver answers before its write stream has flushed the object.
    while (
      (fs.statSync(stored, { throwIfNoEntry: false })?.size ?? -1) !==
      bytes.length
    ) {
      await new Promise(resolve => setImmediate(resolve));
    }
    fs.utimesSync(stored, modified, modified);
  };
}

/** Creates a bucket on the s3rver test server. */
export async function createBucket(
  s3: S3TestServer,
  bucket: string,
): Promise<void> {
  const response = await fetch(`${s3.endpoint}/${bucket}`, { method: 'PUT' });
  if (response.status !== 200) {
    throw new Error(`Creating bucket ${bucket}: HTTP ${response.status}`);
  }
}
