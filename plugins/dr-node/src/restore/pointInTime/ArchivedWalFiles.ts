/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { type Readable, Transform, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import {
  type ReadableBackupSource,
  isDecryptingBackupSource,
} from '../../sources/types';
import { readStreamHead } from '../../sources/readStreamHead';
import { throughTool } from '../../sources/throughTool';

/**
 * What `archive_command` scripts append to a WAL file's name when they
 * compress (`gzip < %p > %f.gz`) and then encrypt (`openssl enc`, `gpg`)
 * it, the plain name first. Only where to look: how a file is decoded is
 * read from its bytes, whatever it is called.
 */
const SUFFIXES = ['', '.gz', '.zst', '.lz4'].flatMap(compression =>
  ['', '.enc', '.gpg'].map(encryption => compression + encryption),
);

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const LZ4_MAGIC = Buffer.from([0x04, 0x22, 0x4d, 0x18]);
const SEGMENT = /^[0-9A-F]{24}(\.partial)?$/;
/** A WAL page starts with xlp_magic 0xD1xx, little-endian. */
function looksLikeWalPage(head: Buffer): boolean {
  return head.length >= 2 && head[1] === 0xd1;
}
/** Enough for OpenSSL's `Salted__` header and GPG's armor line. */
const HEAD_BYTES = 32;

/** Decompresses through a tool's own process (`zstd -dc`, `lz4 -dc`). */
function decompressWithTool(
  tool: string,
  name: string,
  compressed: Readable,
): Readable {
  return throughTool({
    command: tool,
    args: ['-dc'],
    input: compressed,
    cannotRun: error =>
      new Error(
        `The WAL file ${name} is ${tool}-compressed and ${tool} cannot run here: ${error.message}`,
      ),
    failed: (stderr, code) =>
      new Error(
        `${tool} could not decompress the WAL file ${name}: ${
          stderr.trim() || `exit ${code}`
        }`,
      ),
  });
}

/**
 * The WAL archive of one source as `restore_command` needs it: a WAL file
 * (segment, `.partial` segment, timeline history) found by its name plus
 * whatever suffix the archiving script gave it, decrypted with the
 * source's own key (`openssl enc`, `gpg`, as its dumps are) and
 * decompressed (gzip in process; zstd and lz4 by their binaries), so the
 * server gets the plain file. The suffix that found the last file is
 * tried first: an archive is written by one script.
 */
export class ArchivedWalFiles {
  readonly #source: ReadableBackupSource;
  readonly #prefix: string;
  #lastSuffix = '';

  constructor(options: { source: ReadableBackupSource; prefix: string }) {
    this.#source = options.source;
    this.#prefix = options.prefix;
  }

  /**
   * Opens a WAL file decoded.
   * @param onRead - told the bytes read from the source, as they are read
   * @returns undefined when the archive has no such file under any suffix
   * @throws Error when it exists but cannot be decrypted or decompressed
   *   (a wrong key, a missing tool), as far as its first bytes show
   */
  async open(
    name: string,
    options: { signal?: AbortSignal; onRead?(bytes: number): void } = {},
  ): Promise<{ key: string; stream: Readable } | undefined> {
    const suffixes = [
      this.#lastSuffix,
      ...SUFFIXES.filter(s => s !== this.#lastSuffix),
    ];
    for (const suffix of suffixes) {
      const key = `${this.#prefix}${name}${suffix}`;
      let raw: Readable;
      try {
        raw = await this.#source.openReadStream(key, {
          signal: options.signal,
        });
      } catch {
        continue; // not under this name
      }
      this.#lastSuffix = suffix;
      const counted = pipeline(
        raw,
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            options.onRead?.(chunk.length);
            callback(null, chunk);
          },
        }),
        () => undefined,
      );
      const { stream, encrypted } = await this.#decode(key, counted);
      if (
        SEGMENT.test(name) &&
        !looksLikeWalPage(await readStreamHead(stream, 2))
      ) {
        stream.destroy();
        throw new Error(
          `The WAL file ${key} is not a WAL segment once read${
            encrypted
              ? ' (wrong key for the source, or a corrupt file)'
              : ' (an unknown compression, or a corrupt file)'
          }`,
        );
      }
      return { key, stream };
    }
    return undefined;
  }

  async #decode(
    key: string,
    raw: Readable,
  ): Promise<{ stream: Readable; encrypted: boolean }> {
    let stream = raw;
    let head = await readStreamHead(stream, HEAD_BYTES);
    const source = this.#source;
    const encrypted =
      isDecryptingBackupSource(source) && source.isEncrypted(head);
    if (encrypted) {
      stream = source.decrypt(key, stream);
      head = await readStreamHead(stream, HEAD_BYTES);
    }
    if (head.subarray(0, 2).equals(GZIP_MAGIC)) {
      stream = pipeline(stream, createGunzip(), () => undefined);
    } else if (head.subarray(0, 4).equals(ZSTD_MAGIC)) {
      stream = decompressWithTool('zstd', key, stream);
    } else if (head.subarray(0, 4).equals(LZ4_MAGIC)) {
      stream = decompressWithTool('lz4', key, stream);
    }
    return { stream, encrypted };
  }
}
