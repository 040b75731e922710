/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable, pipeline } from 'node:stream';
import type { Config } from '@backstage/config';
import {
  DEFAULT_OPENSSL_KEY_DERIVATION,
  OpensslDecryptStream,
  type OpensslKeyDerivation,
} from './OpensslDecryptStream';
import { readStreamHead } from './readStreamHead';
import { throughTool } from './throughTool';

const OPENSSL_MAGIC = Buffer.from('Salted__');
const GPG_ARMOR = Buffer.from('-----BEGIN PGP MESSAGE-----');
const DIGESTS = ['sha256', 'md5', 'sha1', 'sha512'] as const;

/**
 * How a source's backups are encrypted: the passphrase, and how
 * `openssl enc` derived key and IV from it. GPG files use the same
 * passphrase (`gpg --symmetric`).
 * @public
 */
export interface BackupEncryptionSettings {
  passphrase: string;
  /** `pbkdf2` (`-pbkdf2`, the default) or `evp-bytes-to-key` (`-k` without `-pbkdf2`). */
  keyDerivation?: 'pbkdf2' | 'evp-bytes-to-key';
  /** `-md`: `sha256` (default, OpenSSL ≥ 1.1) or `md5` (older OpenSSL). */
  digest?: 'sha256' | 'md5' | 'sha1' | 'sha512';
  /** `-iter` of `-pbkdf2`; default 10,000. */
  iterations?: number;
}

/**
 * OpenPGP binary packets that start an encrypted message: a public-key (1)
 * or symmetric-key (3) encrypted session key, in the old or new format.
 */
function isGpgPacket(first: number | undefined): boolean {
  if (first === undefined || (first & 0x80) === 0) return false;
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
  return tag === 1 || tag === 3;
}

/**
 * Reads `dr.sources.<id>.encryption`, or the older `encryptionKey`
 * (`openssl enc -pbkdf2` with 10,000 iterations).
 * @internal
 */
export function readEncryptionSettings(
  config: Config,
): BackupEncryptionSettings | undefined {
  const block = config.getOptionalConfig('encryption');
  const legacy = config.getOptionalString('encryptionKey');
  if (block && legacy !== undefined) {
    throw new Error(
      `Invalid config: set either encryption or encryptionKey, not both`,
    );
  }
  if (!block) return legacy ? { passphrase: legacy } : undefined;
  const keyDerivation = block.getOptionalString('keyDerivation');
  if (
    keyDerivation !== undefined &&
    keyDerivation !== 'pbkdf2' &&
    keyDerivation !== 'evp-bytes-to-key'
  ) {
    throw new Error(
      `Invalid config encryption.keyDerivation "${keyDerivation}": use pbkdf2 or evp-bytes-to-key`,
    );
  }
  const digest = block.getOptionalString('digest');
  if (
    digest !== undefined &&
    !(DIGESTS as readonly string[]).includes(digest)
  ) {
    throw new Error(
      `Invalid config encryption.digest "${digest}": use ${DIGESTS.join(', ')}`,
    );
  }
  const iterations = block.getOptionalNumber('iterations');
  if (
    iterations !== undefined &&
    (!Number.isInteger(iterations) ||
      iterations < 1 ||
      iterations > 100_000_000)
  ) {
    throw new Error(
      `Invalid config encryption.iterations: a whole number from 1 to 100000000`,
    );
  }
  return {
    passphrase: block.getString('passphrase'),
    keyDerivation,
    digest: digest as BackupEncryptionSettings['digest'],
    iterations,
  };
}

/**
 * A readable source's encryption: backups written by
 * `openssl enc -aes-256-cbc -salt` (with or without `-pbkdf2`) or by
 * `gpg --symmetric`, decrypted with the source's own passphrase. The
 * passphrase never appears in a message, a command line or the environment.
 * @internal
 */
export class BackupEncryption {
  readonly #sourceId: string;
  readonly #passphrase: string | undefined;
  readonly #openssl: OpensslKeyDerivation;

  constructor(options: {
    sourceId: string;
    settings?: BackupEncryptionSettings;
  }) {
    this.#sourceId = options.sourceId;
    const { passphrase, ...openssl } = options.settings ?? { passphrase: '' };
    this.#passphrase = passphrase || undefined;
    this.#openssl = {
      keyDerivation:
        openssl.keyDerivation ?? DEFAULT_OPENSSL_KEY_DERIVATION.keyDerivation,
      digest: openssl.digest ?? DEFAULT_OPENSSL_KEY_DERIVATION.digest,
      iterations:
        openssl.iterations ?? DEFAULT_OPENSSL_KEY_DERIVATION.iterations,
    };
  }

  isEncrypted(head: Buffer): boolean {
    return this.#format(head) !== undefined;
  }

  /**
   * Which tool encrypted a backup, from its first bytes (at least 27):
   * OpenSSL's `Salted__` header or an OpenPGP packet or armor; undefined
   * when they show neither, whatever the file is called.
   */
  formatOf(head: Buffer): 'openssl' | 'gpg' | undefined {
    return this.#format(head);
  }

  decrypt(key: string, encrypted: Readable): Readable {
    if (!this.#passphrase) {
      throw new Error(
        `The backup ${key} is encrypted and no encryptionKey is configured for its source "${
          this.#sourceId
        }" (set encryption.passphrase or encryptionKey)`,
      );
    }
    // The header says which tool wrote it, whatever the file is called.
    const plain = new PassThrough();
    readStreamHead(encrypted, GPG_ARMOR.length).then(
      head => {
        const decrypted =
          this.#format(head) === 'gpg'
            ? this.#gpgDecrypt(key, encrypted)
            : pipeline(
                encrypted,
                new OpensslDecryptStream(this.#passphrase!, this.#openssl),
                () => undefined,
              );
        // An error anywhere upstream reaches whoever reads the plain bytes.
        pipeline(decrypted, plain, () => undefined);
      },
      error => plain.destroy(error),
    );
    return plain;
  }

  #format(head: Buffer): 'openssl' | 'gpg' | undefined {
    if (head.subarray(0, 8).equals(OPENSSL_MAGIC)) return 'openssl';
    if (
      isGpgPacket(head[0]) ||
      head.subarray(0, GPG_ARMOR.length).equals(GPG_ARMOR)
    ) {
      return 'gpg';
    }
    return undefined;
  }

  /**
   * Pipes the bytes through `gpg --decrypt` in a private, temporary
   * GNUPGHOME holding the passphrase in a 0600 file, removed when gpg exits.
   */
  #gpgDecrypt(key: string, encrypted: Readable): Readable {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-gpg-'));
    fs.chmodSync(home, 0o700);
    const passphraseFile = path.join(home, 'passphrase');
    fs.writeFileSync(passphraseFile, this.#passphrase!, { mode: 0o600 });
    const cleanup = () => fs.rmSync(home, { recursive: true, force: true });
    try {
      return throughTool({
        command: 'gpg',
        args: [
          '--batch',
          '--quiet',
          '--no-tty',
          '--no-permission-warning',
          '--pinentry-mode',
          'loopback',
          '--passphrase-file',
          passphraseFile,
          '--decrypt',
        ],
        env: { ...process.env, GNUPGHOME: home },
        input: encrypted,
        onExit: cleanup,
        cannotRun: error =>
          new Error(
            `Could not run gpg to decrypt the backup ${key}: ${error.message}`,
          ),
        failed: stderr => {
          const reason = stderr
            .split('\n')
            .map(line => line.replace(/^gpg: /, '').trim())
            .filter(Boolean)
            .join('; ');
          return new Error(
            `Could not decrypt the backup ${key} with gpg (wrong key or corrupt file): ${reason}`,
          );
        },
      });
    } catch (error) {
      cleanup();
      throw error;
    }
  }
}
