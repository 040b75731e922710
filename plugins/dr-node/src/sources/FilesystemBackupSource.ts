/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { CHECKSUM_SIDECARS as CHECKSUM_SIDECAR_FILES } from './checksumSidecars';
import { BackupKeyParser } from './BackupKeyParser';
import { parsePrefixSelector } from './selectors';
import {
  BackupSetAccumulator,
  BackupSetLayouts,
  type SetMembership,
  logBackupProblems,
} from './BackupSetLayouts';
import {
  DEFAULT_FULL_INDEX_INTERVAL_MS,
  incrementalStartingPoint,
} from './incrementalStartingPoint';
import { readIntervalMs } from './readIntervalMs';
import {
  BackupEncryption,
  type BackupEncryptionSettings,
  readEncryptionSettings,
} from './BackupEncryption';
import {
  DEFAULT_SOURCE_TIMEOUTS,
  readSourceTimeouts,
  withDeadline,
} from './timeouts';
import type {
  BackupSelector,
  BackupSourceFactory,
  IndexRunContext,
  IndexRunResult,
  IndexedBackup,
  DecryptingBackupSource,
} from './types';

const CHECKSUM_SIDECARS = CHECKSUM_SIDECAR_FILES.map(s => s.extension);
const BATCH_SIZE = 500;

interface DirectoryState extends JsonObject {
  mtimeMs: number;
  subdirs: string[];
  /**
   * Set when the directory is a backup set: whether its manifest was there.
   * A complete set whose directory did not change is not read again.
   */
  set?: 'complete' | 'open';
}

/** The first bytes of every RDB file: `REDIS` and a 4-digit version. */
const RDB_MAGIC = /^REDIS\d{4}$/;

interface FilesystemSourceState extends JsonObject {
  lastFullAt: string;
  /** Keyed by directory key ('' for the root, else 'a/b/'). */
  dirs: Record<string, DirectoryState>;
}

/** Bounds one filesystem call; `what` names it for people. */
type BoundedCall = <T>(what: string, call: () => Promise<T>) => Promise<T>;

async function readChecksum(
  absolute: string,
  key: string,
  siblings: Set<string>,
  bounded: BoundedCall,
): Promise<string | null> {
  const name = path.basename(key);
  for (const ext of CHECKSUM_SIDECARS) {
    if (!siblings.has(name + ext)) continue;
    const text = await bounded(`Reading "${key}${ext}"`, () =>
      fs.promises.readFile(absolute + ext, 'utf8').catch(() => ''),
    );
    const digest = /^[0-9a-f]{32,128}/i.exec(text.trim())?.[0];
    if (digest)
      return `${ext === '.md5' ? 'md5' : 'sha256'}:${digest.toLowerCase()}`;
  }
  return null;
}

/** The first bytes of a file, enough to tell how it is encrypted. */
async function readFileHead(absolute: string, bytes = 32): Promise<Buffer> {
  const handle = await fs.promises.open(absolute, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

interface IndexedVolume {
  readonly id: string;
  /** Set when the source requires encryption: reads it from a backup's first bytes. */
  readonly encryptionProbe?: (head: Buffer) => string | undefined;
  readonly root: string;
  readonly parser: BackupKeyParser;
  readonly layouts: BackupSetLayouts;
  readonly bounded: BoundedCall;
}

/** One indexing pass over the volume. */
class FilesystemIndexRun {
  readonly #source: IndexedVolume;
  readonly #context: IndexRunContext;
  readonly #previous: FilesystemSourceState | undefined;
  readonly #dirs: Record<string, DirectoryState> = {};
  readonly #seen = new Set<string>();
  #batch: IndexedBackup[] = [];
  #listed = 0;
  #upserted = 0;
  #removed = 0;

  constructor(
    source: IndexedVolume,
    context: IndexRunContext,
    previous: FilesystemSourceState | undefined,
  ) {
    this.#source = source;
    this.#context = context;
    this.#previous = previous;
  }

  async execute(): Promise<IndexRunResult> {
    await this.#visit('');
    await this.#flush();
    if (!this.#previous) {
      const stale = [...(await this.#context.sink.keys())].filter(
        k => !this.#seen.has(k),
      );
      await this.#context.sink.remove(stale);
      this.#removed += stale.length;
    }
    return {
      mode: this.#previous ? 'incremental' : 'full',
      state: {
        lastFullAt: this.#previous?.lastFullAt ?? new Date().toISOString(),
        dirs: this.#dirs,
      },
      listed: this.#listed,
      upserted: this.#upserted,
      removed: this.#removed,
    };
  }

  async #visit(dirKey: string): Promise<void> {
    this.#context.signal?.throwIfAborted();
    const absolute = path.join(this.#source.root, dirKey);
    const shown = dirKey || './';
    const stat = await this.#source.bounded(
      `Reading directory "${shown}"`,
      () => fs.promises.stat(absolute),
    );
    const known = this.#previous?.dirs[dirKey];
    const setOf = (name: string, isFile: boolean) => {
      const membership = this.#source.layouts.membership(
        `${dirKey}${name}${isFile ? '' : '/'}`,
      );
      return membership?.root === dirKey ? membership : undefined;
    };
    if (known?.set) {
      if (known.set === 'complete' && known.mtimeMs === stat.mtimeMs) {
        this.#dirs[dirKey] = known;
        return;
      }
    } else if (known && known.mtimeMs === stat.mtimeMs) {
      this.#dirs[dirKey] = known;
      for (const sub of known.subdirs) {
        await this.#visitKnownSubdir(dirKey, sub);
      }
      return;
    }

    const entries = await this.#source.bounded(
      `Listing directory "${shown}"`,
      () => fs.promises.readdir(absolute, { withFileTypes: true }),
    );
    const membership =
      this.#source.layouts.membership(dirKey) ??
      entries
        .map(e => setOf(e.name, !e.isDirectory()))
        .find(m => m !== undefined);
    if (membership?.root === dirKey) {
      await this.#addSet(membership, stat.mtimeMs);
      return;
    }
    const names = new Set(entries.map(e => e.name));
    const subdirs: string[] = [];
    const files = new Set<string>();
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) {
        subdirs.push(entry.name);
      } else if (
        entry.isFile() &&
        !CHECKSUM_SIDECARS.some(ext => entry.name.endsWith(ext))
      ) {
        files.add(entry.name);
        await this.#addFile(dirKey, entry.name, names);
      }
    }
    this.#dirs[dirKey] = { mtimeMs: stat.mtimeMs, subdirs };

    if (this.#previous) {
      // Entries changed: drop files and subdirectories that are gone.
      const indexed = await this.#context.sink.keys(dirKey);
      const gone = [...indexed].filter(key => {
        const rest = key.slice(dirKey.length);
        const slash = rest.indexOf('/');
        return slash === -1
          ? !files.has(rest)
          : !subdirs.includes(rest.slice(0, slash));
      });
      await this.#flush();
      await this.#context.sink.remove(gone);
      this.#removed += gone.length;
    }
    for (const sub of subdirs) {
      await this.#visit(`${dirKey}${sub}/`);
    }
  }

  async #visitKnownSubdir(dirKey: string, sub: string): Promise<void> {
    try {
      await this.#visit(`${dirKey}${sub}/`);
    } catch (error) {
      // Removed between runs although the parent's mtime looked unchanged.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const gone = [...(await this.#context.sink.keys(`${dirKey}${sub}/`))];
      await this.#context.sink.remove(gone);
      this.#removed += gone.length;
    }
  }

  /** Indexes a directory holding one backup set as one row. */
  async #addSet(membership: SetMembership, mtimeMs: number): Promise<void> {
    const set = new BackupSetAccumulator(membership);
    await this.#collect(set, '');
    const contents = new Map<string, string>();
    for (const file of set.toRead()) {
      const key = set.root + file.path;
      const text = await this.#source.bounded(`Reading "${key}"`, () =>
        fs.promises
          .readFile(path.join(this.#source.root, key), 'utf8')
          .catch(error => {
            // Removed since the listing: the row says so.
            if ((error as NodeJS.ErrnoException).code === 'ENOENT')
              return undefined;
            throw error;
          }),
      );
      if (text !== undefined) contents.set(file.path, text);
    }
    const backup = set.toBackup(this.#source.parser, contents);
    this.#seen.add(backup.key);
    this.#listed += 1;
    this.#batch.push(backup);
    await this.#flush();
    this.#dirs[set.root] = {
      mtimeMs,
      subdirs: [],
      set: backup.status === 'in-progress' ? 'open' : 'complete',
    };
    // Files indexed one by one before the layout was configured, or before
    // the folder looked like a set, are now part of it.
    const parts = [...(await this.#context.sink.keys(set.root))].filter(
      key => key !== set.root,
    );
    await this.#context.sink.remove(parts);
    this.#removed += parts.length;
  }

  /** Adds every file under a set's directory (sizes and times only). */
  async #collect(set: BackupSetAccumulator, relative: string): Promise<void> {
    this.#context.signal?.throwIfAborted();
    const dirKey = set.root + relative;
    const entries = await this.#source.bounded(
      `Listing directory "${dirKey}"`,
      () =>
        fs.promises.readdir(path.join(this.#source.root, dirKey), {
          withFileTypes: true,
        }),
    );
    for (const entry of entries) {
      if (entry.isDirectory()) {
        await this.#collect(set, `${relative}${entry.name}/`);
      } else if (entry.isFile()) {
        const key = dirKey + entry.name;
        const stat = await this.#source.bounded(`Reading "${key}"`, () =>
          fs.promises
            .stat(path.join(this.#source.root, key))
            .catch(() => undefined),
        );
        if (stat)
          set.add({
            path: relative + entry.name,
            size: stat.size,
            modified: stat.mtime,
          });
      }
    }
  }

  async #addFile(
    dirKey: string,
    name: string,
    siblings: Set<string>,
  ): Promise<void> {
    const key = dirKey + name;
    const absolute = path.join(this.#source.root, key);
    const stat = await this.#source.bounded(`Reading "${key}"`, () =>
      fs.promises.stat(absolute).catch(() => undefined),
    );
    if (!stat) return;
    const facts = this.#source.parser.parse(key, stat.size);
    if (facts.notABackup) return;
    const problem =
      facts.problem ??
      (/\.rdb$/i.test(name)
        ? await this.#checkRdbMagic(key, absolute, stat.size)
        : undefined);
    const encryption =
      this.#source.encryptionProbe && facts.type !== 'wal'
        ? await this.#source.bounded(
            `Reading "${key}"`,
            async () =>
              this.#source.encryptionProbe!(await readFileHead(absolute)) ??
              'none',
          )
        : undefined;
    this.#seen.add(key);
    this.#listed += 1;
    this.#batch.push({
      key,
      name,
      type: facts.type,
      status: facts.status,
      startedAt: facts.time,
      completedAt: facts.time ?? new Date(stat.mtimeMs),
      sizeBytes: stat.size,
      checksum: await readChecksum(
        absolute,
        key,
        siblings,
        this.#source.bounded,
      ),
      encrypted: encryption ? encryption !== 'none' : facts.encrypted,
      details: {
        modifiedAt: stat.mtime.toISOString(),
        ...(encryption ? { encryption } : {}),
        ...(problem ? { problem } : {}),
      },
    });
    if (problem) this.#batch[this.#batch.length - 1].status = 'failed';
    if (this.#batch.length >= BATCH_SIZE) await this.#flush();
  }

  /** A problem when a Redis snapshot lacks the RDB magic; reads 9 bytes. */
  async #checkRdbMagic(
    key: string,
    absolute: string,
    size: number,
  ): Promise<string | undefined> {
    if (size === 0) return undefined;
    const head = await this.#source.bounded(`Reading "${key}"`, async () => {
      const handle = await fs.promises.open(absolute, 'r');
      try {
        const buffer = Buffer.alloc(9);
        const { bytesRead } = await handle.read(buffer, 0, 9, 0);
        return buffer.subarray(0, bytesRead).toString('latin1');
      } finally {
        await handle.close();
      }
    });
    return RDB_MAGIC.test(head)
      ? undefined
      : `${path.basename(
          key,
        )} does not start with the RDB magic "REDIS" and a version: not a Redis snapshot, or damaged`;
  }

  async #flush(): Promise<void> {
    if (!this.#batch.length) return;
    const batch = this.#batch;
    this.#batch = [];
    logBackupProblems(this.#context.logger, this.#source.id, batch);
    await this.#context.sink.upsert(batch);
    this.#upserted += batch.length;
  }
}

/**
 * Options of a {@link FilesystemBackupSource}.
 * @public
 */
export interface FilesystemBackupSourceOptions {
  id: string;
  /** The mounted backup volume. */
  directory: string;
  keyParser?: BackupKeyParser;
  /**
   * Tools whose backups span many files (`layouts`).
   * @internal
   */
  layouts?: BackupSetLayouts;
  fullIndexIntervalMs?: number;
  /**
   * Bounds each directory listing, stat and checksum read, so a hung
   * network mount fails the run instead of holding it; default 60 s.
   */
  requestTimeoutMs?: number;
  /** Passphrase of backups encrypted with `openssl enc -aes-256-cbc -pbkdf2` (10,000 iterations). */
  encryptionKey?: string;
  /** How its backups are encrypted (OpenSSL with or without `-pbkdf2`, GPG); replaces `encryptionKey`. */
  encryption?: BackupEncryptionSettings;
  /**
   * Backups must be encrypted: each one's first bytes are read when it is
   * indexed and `encrypted` says what they show (`details.encryption`).
   */
  requireEncryption?: boolean;
  logger: LoggerService;
}

/**
 * Backups as files on a mounted volume. Keys are paths relative to the volume.
 *
 * Incremental runs rely on directory modification times: a directory whose
 * mtime did not change has the same entries, so it is not read again.
 * Other packages' tests use it as a real source.
 * @public
 */
export class FilesystemBackupSource implements DecryptingBackupSource {
  readonly type = 'filesystem';
  readonly id: string;
  readonly #encryption: BackupEncryption;
  readonly #root: string;
  readonly #parser: BackupKeyParser;
  readonly #layouts: BackupSetLayouts;
  readonly #fullIntervalMs: number;
  readonly #requestTimeoutMs: number;
  readonly #requireEncryption: boolean;

  constructor(options: FilesystemBackupSourceOptions) {
    this.id = options.id;
    this.#requireEncryption = options.requireEncryption ?? false;
    this.#layouts = options.layouts ?? new BackupSetLayouts();
    this.#root = path.resolve(options.directory);
    this.#parser = options.keyParser ?? new BackupKeyParser();
    this.#fullIntervalMs =
      options.fullIndexIntervalMs ?? DEFAULT_FULL_INDEX_INTERVAL_MS;
    this.#requestTimeoutMs =
      options.requestTimeoutMs ?? DEFAULT_SOURCE_TIMEOUTS.requestMs;
    this.#encryption = new BackupEncryption({
      sourceId: options.id,
      settings:
        options.encryption ??
        (options.encryptionKey
          ? { passphrase: options.encryptionKey }
          : undefined),
    });
  }

  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }) {
    const { id, config, logger } = options;
    return new FilesystemBackupSource({
      id,
      directory: config.getString('directory'),
      keyParser: BackupKeyParser.fromConfig(config),
      layouts: BackupSetLayouts.fromConfig(config),
      fullIndexIntervalMs: readIntervalMs(config, 'fullIndexInterval'),
      requestTimeoutMs: readSourceTimeouts(config).requestMs,
      encryption: readEncryptionSettings(config),
      requireEncryption: config.getOptionalBoolean('requireEncryption'),
      logger,
    });
  }

  parseSelector(selector: string): BackupSelector {
    return parsePrefixSelector(this.id, selector, '');
  }

  async index(context: IndexRunContext): Promise<IndexRunResult> {
    // A missing volume is an error, not an empty source: keep the last index.
    const rootStat = await this.bounded(`Reading directory "./"`, () =>
      fs.promises.stat(this.#root).catch(() => undefined),
    );
    if (!rootStat?.isDirectory()) {
      throw new Error(
        `Backup directory ${this.#root} of source "${
          this.id
        }" does not exist or is not a directory`,
      );
    }
    const run = new FilesystemIndexRun(
      this,
      context,
      incrementalStartingPoint<FilesystemSourceState>(
        context,
        this.#fullIntervalMs,
      ),
    );
    return run.execute();
  }

  localPath(key: string): string | undefined {
    const resolved = path.resolve(this.#root, key);
    if (!resolved.startsWith(this.#root + path.sep)) return undefined;
    return resolved;
  }

  async openReadStream(key: string): Promise<Readable> {
    const file = this.#existingFile(key);
    // Large chunks keep a multi-gigabyte restore from being thousands of tiny writes.
    return fs.createReadStream(await file, { highWaterMark: 1024 * 1024 });
  }

  async statSize(key: string): Promise<number | undefined> {
    const file = await this.#existingFile(key);
    const stat = await this.bounded(`Reading "${key}"`, () =>
      fs.promises.stat(file),
    );
    return stat.size;
  }

  isEncrypted(head: Buffer): boolean {
    return this.#encryption.isEncrypted(head);
  }

  decrypt(key: string, encrypted: Readable): Readable {
    return this.#encryption.decrypt(key, encrypted);
  }

  async #existingFile(key: string): Promise<string> {
    const file = this.localPath(key);
    if (!file) {
      throw new InputError(
        `Key "${key}" is outside the backup directory of source "${this.id}"`,
      );
    }
    const stat = await this.bounded(`Reading "${key}"`, () =>
      fs.promises.stat(file).catch(() => undefined),
    );
    if (!stat?.isFile()) {
      throw new NotFoundError(
        `Backup "${key}" no longer exists in source "${this.id}"`,
      );
    }
    return file;
  }

  /** @internal */
  get root() {
    return this.#root;
  }

  /** @internal */
  get parser() {
    return this.#parser;
  }

  /** @internal */
  get layouts() {
    return this.#layouts;
  }

  /** @internal */
  get encryptionProbe() {
    return this.#requireEncryption
      ? (head: Buffer) => this.#encryption.formatOf(head)
      : undefined;
  }

  /**
   * Runs one filesystem call within the request timeout.
   * @internal
   */
  readonly bounded: BoundedCall = (what, call) =>
    withDeadline(this.#requestTimeoutMs, `${what} in source "${this.id}"`, () =>
      call(),
    );
}

/**
 * Creates `type: filesystem` sources.
 * @internal
 */
export const filesystemBackupSourceFactory: BackupSourceFactory = {
  type: 'filesystem',
  create: options => FilesystemBackupSource.fromConfig(options),
};
