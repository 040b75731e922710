/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import {
  CHECKSUM_SIDECARS,
  parseChecksumSidecar,
} from '../sources/checksumSidecars';
import type { ReadableBackupSource } from '../sources/types';

/** The digest a backup's sidecar states. */
export interface ExpectedChecksum {
  algorithm: 'sha256' | 'md5';
  digest: string;
  /** The sidecar's key, for messages. */
  sidecar: string;
}

/**
 * Reads the checksum sidecar beside a backup (`<key>.sha256`, `.sha256sum`,
 * `.md5`, as `sha256sum`/`md5sum` write them); undefined when it has none.
 */
export async function readChecksumSidecar(
  source: ReadableBackupSource,
  key: string,
  signal?: AbortSignal,
): Promise<ExpectedChecksum | undefined> {
  for (const { extension, algorithm } of CHECKSUM_SIDECARS) {
    const sidecar = key + extension;
    let text: string;
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of await source.openReadStream(sidecar, {
        signal,
      })) {
        chunks.push(Buffer.from(chunk));
        size += chunk.length;
        // A sidecar is one line; a large file with this name is not one.
        if (size > 4096) break;
      }
      text = Buffer.concat(chunks).toString('utf8');
    } catch {
      continue;
    }
    const digest = parseChecksumSidecar(algorithm, text);
    if (digest) return { algorithm, digest, sidecar };
  }
  return undefined;
}

function mismatch(
  key: string,
  expected: ExpectedChecksum,
  actual: string,
): Error {
  return new Error(
    `Checksum mismatch: the ${expected.algorithm} of backup ${key} is ${actual}, but its sidecar ${expected.sidecar} says ${expected.digest}. The backup is damaged or incomplete; nothing was changed. Pick another backup.`,
  );
}

/**
 * Passes a backup's bytes through while hashing them, and fails the stream
 * at its end when the digest differs from the sidecar's, so the restore
 * that reads it fails before anything is swapped in.
 */
export class ChecksumVerifyingStream extends Transform {
  readonly #hash: Hash;
  readonly #key: string;
  readonly #expected: ExpectedChecksum;

  constructor(key: string, expected: ExpectedChecksum) {
    super();
    this.#key = key;
    this.#expected = expected;
    this.#hash = createHash(expected.algorithm);
  }

  _transform(chunk: Buffer, _encoding: string, callback: TransformCallback) {
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  _flush(callback: TransformCallback) {
    const actual = this.#hash.digest('hex');
    callback(
      actual === this.#expected.digest
        ? null
        : mismatch(this.#key, this.#expected, actual),
    );
  }
}

/** Verifies a local file against its sidecar before a tool reads it by path. */
export async function verifyLocalFile(
  path: string,
  key: string,
  expected: ExpectedChecksum,
): Promise<void> {
  const hash = createHash(expected.algorithm);
  for await (const chunk of fs.createReadStream(path)) hash.update(chunk);
  const actual = hash.digest('hex');
  if (actual !== expected.digest) throw mismatch(key, expected, actual);
}
