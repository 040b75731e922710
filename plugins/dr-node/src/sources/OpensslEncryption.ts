/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { type Readable, pipeline } from 'node:stream';
import type { Config } from '@backstage/config';
import { OpensslDecryptStream } from './OpensslDecryptStream';

const OPENSSL_MAGIC = Buffer.from('Salted__');

/**
 * A readable source's encryption: backups written by
 * `openssl enc -aes-256-cbc -pbkdf2` with the source's `encryptionKey`.
 * @internal
 */
export class OpensslEncryption {
  readonly #sourceId: string;
  readonly #passphrase: string | undefined;

  constructor(options: { sourceId: string; passphrase?: string }) {
    this.#sourceId = options.sourceId;
    this.#passphrase = options.passphrase;
  }

  /** Reads `encryptionKey` from the source's own config. */
  static fromConfig(sourceId: string, config: Config): OpensslEncryption {
    return new OpensslEncryption({
      sourceId,
      passphrase: config.getOptionalString('encryptionKey'),
    });
  }

  isEncrypted(head: Buffer): boolean {
    return head.subarray(0, 8).equals(OPENSSL_MAGIC);
  }

  decrypt(key: string, encrypted: Readable): Readable {
    if (!this.#passphrase) {
      throw new Error(
        `The backup ${key} is encrypted and no encryptionKey is configured for its source "${
          this.#sourceId
        }"`,
      );
    }
    // An error anywhere upstream reaches whoever reads the plain bytes.
    return pipeline(
      encrypted,
      new OpensslDecryptStream(this.#passphrase),
      () => undefined,
    );
  }
}
