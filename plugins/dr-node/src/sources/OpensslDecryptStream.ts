/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createDecipheriv, pbkdf2Sync, type Decipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const MAGIC = Buffer.from('Salted__');
const HEADER_LENGTH = 16;

/**
 * Decrypts, as a stream, what `openssl enc -aes-256-cbc -pbkdf2 -salt`
 * produced: "Salted__", an 8-byte salt, then the ciphertext, with key and IV
 * derived by PBKDF2-HMAC-SHA256. Nothing is buffered beyond one chunk.
 * @internal
 */
export class OpensslDecryptStream extends Transform {
  readonly #passphrase: string;
  readonly #iterations: number;
  #header = Buffer.alloc(0);
  #decipher: Decipheriv | undefined;

  constructor(passphrase: string, options: { iterations?: number } = {}) {
    super();
    this.#passphrase = passphrase;
    this.#iterations = options.iterations ?? 10_000;
  }

  _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    try {
      let data = chunk;
      if (!this.#decipher) {
        this.#header = Buffer.concat([this.#header, chunk]);
        if (this.#header.length < HEADER_LENGTH) {
          callback();
          return;
        }
        if (!this.#header.subarray(0, 8).equals(MAGIC)) {
          throw new Error(
            'The backup is not an OpenSSL-encrypted file (no "Salted__" header)',
          );
        }
        const salt = this.#header.subarray(8, 16);
        const material = pbkdf2Sync(
          this.#passphrase,
          salt,
          this.#iterations,
          48,
          'sha256',
        );
        this.#decipher = createDecipheriv(
          'aes-256-cbc',
          material.subarray(0, 32),
          material.subarray(32, 48),
        );
        data = this.#header.subarray(HEADER_LENGTH);
        this.#header = Buffer.alloc(0);
      }
      callback(null, this.#decipher.update(data));
    } catch (error) {
      callback(error as Error);
    }
  }

  _flush(callback: TransformCallback): void {
    try {
      if (!this.#decipher) throw new Error('The encrypted backup is truncated');
      callback(null, this.#decipher.final());
    } catch (error) {
      // A wrong key almost always shows up as a padding error on the last block.
      callback(
        new Error(
          `Could not decrypt the backup (wrong key or corrupt file): ${
            (error as Error).message
          }`,
        ),
      );
    }
  }
}
