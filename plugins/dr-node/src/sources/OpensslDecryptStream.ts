/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  createDecipheriv,
  createHash,
  pbkdf2Sync,
  type Decipheriv,
} from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const MAGIC = Buffer.from('Salted__');
const HEADER_LENGTH = 16;
const KEY_AND_IV_LENGTH = 48;

/**
 * How `openssl enc` turned the passphrase and salt into key and IV:
 * `pbkdf2` with `-pbkdf2 -iter N` (PBKDF2-HMAC with `digest`), or
 * `evp-bytes-to-key` without `-pbkdf2` (one round of EVP_BytesToKey, with
 * `sha256` since OpenSSL 1.1 and `md5` before, or as `-md` said).
 * @internal
 */
export interface OpensslKeyDerivation {
  keyDerivation: 'pbkdf2' | 'evp-bytes-to-key';
  digest: 'sha256' | 'md5' | 'sha1' | 'sha512';
  /** PBKDF2 iterations (`-iter`); unused by EVP_BytesToKey. */
  iterations: number;
}

/**
 * What `-pbkdf2` without `-iter` or `-md` uses, and so what `encryptionKey` always meant.
 * @internal
 */
export const DEFAULT_OPENSSL_KEY_DERIVATION: OpensslKeyDerivation = {
  keyDerivation: 'pbkdf2',
  digest: 'sha256',
  iterations: 10_000,
};

/**
 * OpenSSL's EVP_BytesToKey with one round: D_i = hash(D_(i-1) || password || salt).
 * @internal
 */
export function evpBytesToKey(
  passphrase: string,
  salt: Buffer,
  digest: string,
  length: number,
): Buffer {
  const password = Buffer.from(passphrase, 'utf8');
  const blocks: Buffer[] = [];
  let total = 0;
  let previous = Buffer.alloc(0);
  while (total < length) {
    previous = createHash(digest)
      .update(previous)
      .update(password)
      .update(salt)
      .digest();
    blocks.push(previous);
    total += previous.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/**
 * Decrypts, as a stream, what `openssl enc -aes-256-cbc -salt` produced:
 * "Salted__", an 8-byte salt, then the ciphertext, with key and IV derived
 * as the {@link OpensslKeyDerivation} says. Nothing is buffered beyond one
 * chunk.
 * @internal
 */
export class OpensslDecryptStream extends Transform {
  readonly #passphrase: string;
  readonly #derivation: OpensslKeyDerivation;
  #header = Buffer.alloc(0);
  #decipher: Decipheriv | undefined;

  constructor(
    passphrase: string,
    derivation: Partial<OpensslKeyDerivation> = {},
  ) {
    super();
    this.#passphrase = passphrase;
    this.#derivation = { ...DEFAULT_OPENSSL_KEY_DERIVATION, ...derivation };
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
        const { keyDerivation, digest, iterations } = this.#derivation;
        const material =
          keyDerivation === 'pbkdf2'
            ? pbkdf2Sync(
                this.#passphrase,
                salt,
                iterations,
                KEY_AND_IV_LENGTH,
                digest,
              )
            : evpBytesToKey(this.#passphrase, salt, digest, KEY_AND_IV_LENGTH);
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
