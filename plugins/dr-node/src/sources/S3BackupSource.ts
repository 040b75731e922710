/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  S3Client,
  type S3ClientConfig,
  type _Object,
} from '@aws-sdk/client-s3';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { BackupKeyParser, type KeyFacts } from './BackupKeyParser';
import { SeriesTracker, type SeriesState } from './SeriesTracker';
import {
  BackupSetAccumulator,
  BackupSetLayouts,
  MAX_MANIFEST_BYTES,
  logBackupProblems,
} from './BackupSetLayouts';
import { normaliseRootPrefix, parsePrefixSelector } from './selectors';
import {
  DEFAULT_FULL_INDEX_INTERVAL_MS,
  incrementalStartingPoint,
} from './incrementalStartingPoint';
import { readIntervalMs } from './readIntervalMs';
import {
  CHECKSUM_SIDECARS,
  isChecksumSidecar,
  parseChecksumSidecar,
} from './checksumSidecars';
import {
  BackupEncryption,
  type BackupEncryptionSettings,
  readEncryptionSettings,
} from './BackupEncryption';
import {
  DEFAULT_SOURCE_TIMEOUTS,
  SourceTimeoutError,
  formatSeconds,
  readSourceTimeouts,
  type SourceTimeouts,
  withDeadline,
} from './timeouts';
import type {
  BackupSelector,
  BackupSourceFactory,
  IndexRunContext,
  IndexRunResult,
  DecryptingBackupSource,
  IndexedBackup,
} from './types';

interface S3SourceState extends JsonObject {
  lastFullAt: string;
  series: Record<string, SeriesState>;
  /** Backup sets still being written: asked again on every run. */
  openSets?: string[];
}

/** The first bytes of every RDB file: `REDIS` and a 4-digit version. */
const RDB_MAGIC = /^REDIS\d{4}$/;

/** Objects of one listing, as single backups and backup sets. */
class ListingGroups {
  readonly singles: Array<{ backup: IndexedBackup; facts: KeyFacts }> = [];
  /** Checksum sidecars seen beside the singles (`<key>.sha256`). */
  readonly sidecars = new Set<string>();
  readonly sets = new Map<string, BackupSetAccumulator>();
}

function backupTime(backup: IndexedBackup): number {
  return (backup.completedAt ?? backup.startedAt)?.getTime() ?? Date.now();
}

/**
 * Options of an {@link S3BackupSource}.
 * @internal
 */
export interface S3BackupSourceOptions {
  id: string;
  bucket: string;
  prefix?: string;
  client: S3Client;
  keyParser?: BackupKeyParser;
  /** Tools whose backups span many objects (`layouts`). */
  layouts?: BackupSetLayouts;
  /** How often a complete listing reconciles deletions and new series. */
  fullIndexIntervalMs?: number;
  /**
   * `requestMs` bounds one call (a listing page, a HEAD, the start of a GET),
   * retries included; defaults 10 s and 60 s. The client's request handler
   * should also time out connections and idle sockets, as `fromConfig` does.
   */
  timeouts?: SourceTimeouts;
  /** Passphrase of backups encrypted with `openssl enc -aes-256-cbc -pbkdf2` (10,000 iterations). */
  encryptionKey?: string;
  /** How its backups are encrypted (OpenSSL with or without `-pbkdf2`, GPG); replaces `encryptionKey`. */
  encryption?: BackupEncryptionSettings;
  /**
   * Backups must be encrypted: each new backup's first bytes are read (a
   * ranged GET) and, when they show no encryption, its server-side
   * encryption (a HEAD); `encrypted` says what was found (`details.encryption`).
   */
  requireEncryption?: boolean;
  logger: LoggerService;
}

/**
 * Backups in an S3 or S3-compatible bucket (AWS, MinIO, Backblaze B2, Ceph).
 *
 * A full run lists the bucket once and reconciles the index. In between, an
 * incremental run asks each ordered series (keys sharing the part before
 * their timestamp, or a WAL directory) for keys after its newest known one
 * and whether its oldest key is still there; on a scheduled run only series
 * not asked for half their cadence are, on a requested (eager) run all.
 * So an unchanged bucket is never listed from scratch; keys outside any
 * ordered series and deletions in the middle of a series wait for the next
 * full run.
 * @internal
 */
export class S3BackupSource implements DecryptingBackupSource {
  readonly type = 's3';
  readonly id: string;
  readonly #encryption: BackupEncryption;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #client: S3Client;
  readonly #parser: BackupKeyParser;
  readonly #layouts: BackupSetLayouts;
  readonly #fullIntervalMs: number;
  readonly #timeouts: SourceTimeouts;
  readonly #requireEncryption: boolean;

  constructor(options: S3BackupSourceOptions) {
    this.#requireEncryption = options.requireEncryption ?? false;
    this.#layouts = options.layouts ?? new BackupSetLayouts();
    this.id = options.id;
    this.#bucket = options.bucket;
    this.#prefix = normaliseRootPrefix(options.prefix);
    this.#client = options.client;
    this.#parser = options.keyParser ?? new BackupKeyParser();
    this.#fullIntervalMs =
      options.fullIndexIntervalMs ?? DEFAULT_FULL_INDEX_INTERVAL_MS;
    this.#timeouts = options.timeouts ?? DEFAULT_SOURCE_TIMEOUTS;
    this.#encryption = new BackupEncryption({
      sourceId: options.id,
      settings:
        options.encryption ??
        (options.encryptionKey
          ? { passphrase: options.encryptionKey }
          : undefined),
    });
  }

  /**
   * Reads a `type: s3` source. Credentials are the explicit `credentials`
   * keys when given, else those `aws.accounts` (through the credentials
   * manager) holds for `accountId`, else the main account or the AWS
   * default chain.
   */
  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
    credentialsManager?: AwsCredentialsManager;
  }) {
    const { id, config, logger } = options;
    const timeouts = readSourceTimeouts(config);
    const client = new S3Client({
      region: config.getOptionalString('region') ?? 'us-east-1',
      endpoint: config.getOptionalString('endpoint'),
      forcePathStyle: config.getOptionalBoolean('forcePathStyle') ?? false,
      credentials: readCredentials(config, options.credentialsManager),
      maxAttempts: config.getOptionalNumber('maxAttempts') ?? 3,
      // Per attempt: a socket that does not connect, a response that does
      // not start, or a body that stops flowing fails instead of hanging.
      requestHandler: {
        connectionTimeout: timeouts.connectMs,
        requestTimeout: timeouts.requestMs,
        throwOnRequestTimeout: true,
        socketTimeout: timeouts.requestMs,
      },
    });
    return new S3BackupSource({
      id,
      bucket: config.getString('bucket'),
      prefix: config.getOptionalString('prefix'),
      client,
      keyParser: BackupKeyParser.fromConfig(config),
      layouts: BackupSetLayouts.fromConfig(config),
      fullIndexIntervalMs: readIntervalMs(config, 'fullIndexInterval'),
      timeouts,
      encryption: readEncryptionSettings(config),
      requireEncryption: config.getOptionalBoolean('requireEncryption'),
      logger,
    });
  }

  isEncrypted(head: Buffer): boolean {
    return this.#encryption.isEncrypted(head);
  }

  decrypt(key: string, encrypted: Readable): Readable {
    return this.#encryption.decrypt(key, encrypted);
  }

  parseSelector(selector: string): BackupSelector {
    return parsePrefixSelector(this.id, selector, this.#prefix);
  }

  async index(context: IndexRunContext): Promise<IndexRunResult> {
    const previous = incrementalStartingPoint<S3SourceState>(
      context,
      this.#fullIntervalMs,
    );
    if (!previous) return this.#fullIndex(context);
    return this.#incrementalIndex(context, previous);
  }

  async #fullIndex(context: IndexRunContext): Promise<IndexRunResult> {
    const { sink, signal } = context;
    const tracker = new SeriesTracker();
    const seen = new Set<string>();
    const sets = new Map<string, BackupSetAccumulator>();
    let upserted = 0;
    let pending: Promise<void> = Promise.resolve();
    // Writing page N overlaps with fetching page N+1. Objects of a backup set
    // are summed while listing; each set is one row once the listing is done.
    for await (const page of this.#pages({ Prefix: this.#prefix }, signal)) {
      const groups = this.#group(page, sets);
      const backups = await this.#finishSingles(groups, signal);
      for (const { backup, facts } of backups) {
        seen.add(backup.key);
        tracker.observe(backup.key, facts, backupTime(backup));
      }
      await pending;
      pending = this.#write(context, backups);
      upserted += backups.length;
    }
    await pending;
    const setBackups = await this.#finishSets(sets, signal);
    for (const { backup, facts } of setBackups) {
      seen.add(backup.key);
      tracker.observe(backup.key, facts, backupTime(backup));
    }
    await this.#write(context, setBackups);
    upserted += setBackups.length;
    tracker.markAllChecked();
    const stale = [...(await sink.keys(this.#prefix))].filter(
      key => !seen.has(key),
    );
    await sink.remove(stale);
    return {
      mode: 'full',
      state: {
        lastFullAt: new Date().toISOString(),
        series: tracker.toJSON(),
        openSets: openSetKeys(setBackups),
      },
      listed: seen.size,
      upserted,
      removed: stale.length,
    };
  }

  /** Splits a page into single backups and objects of backup sets. */
  #group(
    page: _Object[],
    sets: Map<string, BackupSetAccumulator>,
  ): ListingGroups {
    const groups = new ListingGroups();
    for (const object of page) {
      const key = object.Key!;
      const membership = this.#layouts.membership(key, this.#prefix);
      if (membership) {
        let set = sets.get(membership.root);
        if (!set) {
          set = new BackupSetAccumulator(membership);
          sets.set(membership.root, set);
        }
        set.add({
          path: key.slice(membership.root.length),
          size: object.Size ?? 0,
          modified: object.LastModified ?? null,
        });
        continue;
      }
      if (isChecksumSidecar(key)) {
        groups.sidecars.add(key);
        continue;
      }
      const single = this.#toBackup(object);
      if (single.facts.notABackup) continue;
      groups.singles.push(single);
    }
    return groups;
  }

  /** Checks the RDB magic of Redis snapshots; other singles are final. */
  async #finishSingles(
    groups: ListingGroups,
    signal?: AbortSignal,
  ): Promise<Array<{ backup: IndexedBackup; facts: KeyFacts }>> {
    for (const { backup } of groups.singles) {
      await this.#readSidecar(backup, groups.sidecars, signal);
      if (this.#requireEncryption && backup.type !== 'wal')
        await this.#detectEncryption(backup, signal);
      if (!/\.rdb$/i.test(backup.key) || !backup.sizeBytes) continue;
      const head = await this.#readText(backup.key, 9, signal).catch(error => {
        // Removed since the listing: the next run forgets it.
        if ((error as { name?: string })?.name === 'NoSuchKey')
          return undefined;
        throw error;
      });
      if (head !== undefined && !RDB_MAGIC.test(head)) {
        backup.status = 'failed';
        backup.details = {
          ...backup.details,
          problem: `${backup.name} does not start with the RDB magic "REDIS" and a version: not a Redis snapshot, or damaged`,
        };
      }
    }
    return groups.singles;
  }

  /** One row per set, reading only its small manifest. */
  async #finishSets(
    sets: Map<string, BackupSetAccumulator>,
    signal?: AbortSignal,
  ): Promise<Array<{ backup: IndexedBackup; facts: KeyFacts }>> {
    const result: Array<{ backup: IndexedBackup; facts: KeyFacts }> = [];
    for (const set of sets.values()) {
      const contents = new Map<string, string>();
      for (const file of set.toRead()) {
        try {
          contents.set(
            file.path,
            await this.#readText(
              set.root + file.path,
              MAX_MANIFEST_BYTES,
              signal,
            ),
          );
        } catch (error) {
          // Removed since the listing: the row says so.
          if ((error as { name?: string })?.name !== 'NoSuchKey') throw error;
        }
      }
      const backup = set.toBackup(this.#parser, contents, {
        bucket: this.#bucket,
      });
      result.push({ backup, facts: this.#parser.parse(backup.key) });
    }
    return result;
  }

  /** Records the checksum a sidecar beside the backup states. */
  async #readSidecar(
    backup: IndexedBackup,
    sidecars: Set<string>,
    signal?: AbortSignal,
  ): Promise<void> {
    for (const { extension, algorithm } of CHECKSUM_SIDECARS) {
      if (!sidecars.has(backup.key + extension)) continue;
      const text = await this.#readText(
        backup.key + extension,
        512,
        signal,
      ).catch(() => '');
      const digest = parseChecksumSidecar(algorithm, text);
      if (digest) {
        backup.checksum = `${algorithm}:${digest}`;
        return;
      }
    }
  }

  /**
   * How a backup is encrypted, from its content (OpenSSL, OpenPGP) or else
   * the bucket's server-side encryption, never from its name.
   */
  async #detectEncryption(
    backup: IndexedBackup,
    signal?: AbortSignal,
  ): Promise<void> {
    try {
      let encryption: string | undefined;
      if (backup.sizeBytes) {
        const head = await this.#call(
          `Reading "${backup.key}"`,
          async deadline => {
            const response = await this.#client.send(
              new GetObjectCommand({
                Bucket: this.#bucket,
                Key: backup.key,
                Range: 'bytes=0-31',
              }),
              { abortSignal: anySignal(deadline, signal) },
            );
            return Buffer.from(
              (await response.Body?.transformToByteArray()) ?? [],
            );
          },
        );
        encryption = this.#encryption.formatOf(head);
      }
      if (!encryption) {
        const head = await this.#call(`Reading "${backup.key}"`, deadline =>
          this.#client.send(
            new HeadObjectCommand({ Bucket: this.#bucket, Key: backup.key }),
            { abortSignal: anySignal(deadline, signal) },
          ),
        );
        if (head.ServerSideEncryption)
          encryption = `sse:${head.ServerSideEncryption}`;
      }
      backup.encrypted = encryption !== undefined;
      backup.details = { ...backup.details, encryption: encryption ?? 'none' };
    } catch (error) {
      // Removed since the listing: the next run forgets it.
      const name = (error as { name?: string })?.name;
      if (name !== 'NoSuchKey' && name !== 'NotFound') throw error;
    }
  }

  /** The first `maxBytes` of an object as text (a ranged GET). */
  async #readText(
    key: string,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<string> {
    return this.#call(`Reading "${key}"`, async deadline => {
      const response = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Range: `bytes=0-${maxBytes - 1}`,
        }),
        { abortSignal: anySignal(deadline, signal) },
      );
      return (await response.Body?.transformToString('utf8')) ?? '';
    });
  }

  /** The backup a listed key belongs to: its set's folder, or itself. */
  #backupKeyOf(key: string): string {
    return this.#layouts.membership(key, this.#prefix)?.root ?? key;
  }

  async #incrementalIndex(
    context: IndexRunContext,
    previous: S3SourceState,
  ): Promise<IndexRunResult> {
    const { sink, signal } = context;
    const tracker = SeriesTracker.fromJSON(previous.series);
    const openSets = new Set<string>();
    let listed = 0;
    let upserted = 0;
    let removed = 0;
    // A set still being written is listed again until its manifest appears.
    for (const root of previous.openSets ?? []) {
      const sets = new Map<string, BackupSetAccumulator>();
      for await (const page of this.#pages({ Prefix: root }, signal)) {
        this.#group(page, sets);
      }
      const backups = await this.#finishSets(sets, signal);
      if (!backups.length) {
        await sink.remove([root]);
        removed += 1;
        continue;
      }
      for (const { backup } of backups) {
        if (backup.status === 'in-progress') openSets.add(backup.key);
      }
      listed += backups.length;
      await this.#write(context, backups);
      upserted += backups.length;
    }
    for (const [series, state] of tracker.dueSeries(
      Date.now(),
      Boolean(context.eager),
    )) {
      tracker.markChecked(series);
      // Retention deletes the oldest keys first: compare the series' head.
      const head = await this.#list({ Prefix: series, MaxKeys: 20 }, signal);
      const firstKey = head.Contents?.map(o => o.Key!).find(
        key => !this.#parser.parse(key).notABackup,
      );
      const first = firstKey && this.#backupKeyOf(firstKey);
      if (first !== state.first) {
        const gone = [...(await sink.keys(series))].filter(
          key =>
            (first === undefined || key < first) &&
            this.#parser.parse(key).series === series,
        );
        await sink.remove(gone);
        removed += gone.length;
        tracker.setFirst(series, first);
      }
      if (first === undefined) continue;
      const sets = new Map<string, BackupSetAccumulator>();
      // After a set, skip its objects: open sets were listed above.
      const startAfter = state.last.endsWith('/')
        ? `${state.last}\u{10FFFF}`
        : state.last;
      for await (const page of this.#pages(
        { Prefix: series, StartAfter: startAfter },
        signal,
      )) {
        const singles = (
          await this.#finishSingles(this.#group(page, sets), signal)
        ).filter(({ facts }) => facts.series === series);
        await this.#observeAndWrite(singles, tracker, context);
        listed += singles.length;
        upserted += singles.length;
      }
      const setBackups = (await this.#finishSets(sets, signal)).filter(
        ({ facts }) => facts.series === series,
      );
      for (const { backup } of setBackups) {
        if (backup.status === 'in-progress') openSets.add(backup.key);
      }
      await this.#observeAndWrite(setBackups, tracker, context);
      listed += setBackups.length;
      upserted += setBackups.length;
    }
    return {
      mode: 'incremental',
      state: {
        lastFullAt: previous.lastFullAt,
        series: tracker.toJSON(),
        openSets: [...openSets],
      },
      listed,
      upserted,
      removed,
    };
  }

  async #observeAndWrite(
    backups: Array<{ backup: IndexedBackup; facts: KeyFacts }>,
    tracker: SeriesTracker,
    context: IndexRunContext,
  ): Promise<void> {
    for (const { backup, facts } of backups) {
      tracker.observe(backup.key, facts, backupTime(backup));
    }
    await this.#write(context, backups);
  }

  #write(
    context: IndexRunContext,
    backups: Array<{ backup: IndexedBackup }>,
  ): Promise<void> {
    const rows = backups.map(b => b.backup);
    logBackupProblems(context.logger, this.id, rows);
    return context.sink.upsert(rows);
  }

  async openReadStream(
    key: string,
    options?: { signal?: AbortSignal },
  ): Promise<Readable> {
    try {
      // Only the response's start is bounded here: a multi-gigabyte body may
      // take hours, and the client's socket timeout catches one that stalls.
      const response = await this.#call(`Reading "${key}"`, deadline =>
        this.#client.send(
          new GetObjectCommand({ Bucket: this.#bucket, Key: key }),
          { abortSignal: anySignal(deadline, options?.signal) },
        ),
      );
      return response.Body as Readable;
    } catch (error) {
      throw this.#notFound(error, key);
    }
  }

  async statSize(key: string): Promise<number | undefined> {
    try {
      const head = await this.#call(`Reading the size of "${key}"`, signal =>
        this.#client.send(
          new HeadObjectCommand({ Bucket: this.#bucket, Key: key }),
          { abortSignal: signal },
        ),
      );
      return head.ContentLength;
    } catch (error) {
      throw this.#notFound(error, key);
    }
  }

  #notFound(error: unknown, key: string): unknown {
    const name = (error as { name?: string })?.name;
    if (name === 'NoSuchKey' || name === 'NotFound') {
      return new NotFoundError(
        `Backup "${key}" no longer exists in bucket "${
          this.#bucket
        }" of source "${this.id}"`,
      );
    }
    return error;
  }

  #toBackup(object: _Object): { backup: IndexedBackup; facts: KeyFacts } {
    const key = object.Key!;
    const size = object.Size ?? null;
    const facts = this.#parser.parse(key, size);
    const modified = object.LastModified ?? null;
    const etag = object.ETag?.replace(/"/g, '') ?? null;
    // A single-part upload's ETag is the MD5 of its content.
    let checksum: string | null = null;
    if (etag)
      checksum = /^[0-9a-f]{32}$/i.test(etag) ? `md5:${etag}` : `etag:${etag}`;
    const backup: IndexedBackup = {
      key,
      name: key.slice(key.lastIndexOf('/') + 1),
      type: facts.type,
      status: facts.status,
      startedAt: facts.time,
      completedAt: facts.time ?? modified,
      sizeBytes: size,
      checksum,
      encrypted: facts.encrypted,
      details: {
        bucket: this.#bucket,
        ...(object.StorageClass ? { storageClass: object.StorageClass } : {}),
        ...(modified ? { lastModified: modified.toISOString() } : {}),
        ...(facts.problem ? { problem: facts.problem } : {}),
      },
    };
    return { backup, facts };
  }

  #list(
    input: {
      Prefix: string;
      StartAfter?: string;
      MaxKeys?: number;
      ContinuationToken?: string;
    },
    signal?: AbortSignal,
  ): Promise<ListObjectsV2CommandOutput> {
    // The deadline covers reading the whole page, so a store that trickles
    // bytes forever also ends.
    return this.#call(`Listing "${input.Prefix}"`, deadline =>
      this.#client.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, ...input }),
        { abortSignal: anySignal(deadline, signal) },
      ),
    );
  }

  /** One call to the store, bounded by the request timeout. */
  async #call<T>(
    what: string,
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const description = `${what} in bucket "${this.#bucket}" of source "${
      this.id
    }"`;
    try {
      return await withDeadline(this.#timeouts.requestMs, description, call);
    } catch (error) {
      // The request handler's own timeouts fire with the deadline, or before
      // it for connections; its messages speak of milliseconds and options.
      if ((error as Error)?.name !== 'TimeoutError') throw error;
      const connecting = /establish a connection/.test(
        (error as Error).message,
      );
      throw new SourceTimeoutError(
        connecting
          ? `Connecting for ${description} timed out after ${formatSeconds(
              this.#timeouts.connectMs,
            )}`
          : `${description} timed out after ${formatSeconds(
              this.#timeouts.requestMs,
            )}`,
      );
    }
  }

  /**
   * Pages of a listing. The next page is requested as soon as the previous
   * one arrives, so the caller's work overlaps with the store's.
   */
  async *#pages(
    input: { Prefix: string; StartAfter?: string },
    signal?: AbortSignal,
  ): AsyncGenerator<_Object[]> {
    let next: Promise<ListObjectsV2CommandOutput> | undefined = this.#list(
      input,
      signal,
    );
    try {
      while (next) {
        const page: ListObjectsV2CommandOutput = await next;
        next = page.IsTruncated
          ? this.#list(
              { ...input, ContinuationToken: page.NextContinuationToken },
              signal,
            )
          : undefined;
        const contents = (page.Contents ?? []).filter(
          o => o.Key && !o.Key.endsWith('/'),
        );
        if (contents.length) yield contents;
      }
    } finally {
      // A caller that stops early leaves a request in flight; its outcome no longer matters.
      next?.catch(() => undefined);
    }
  }
}

function openSetKeys(backups: Array<{ backup: IndexedBackup }>): string[] {
  return backups
    .filter(({ backup }) => backup.status === 'in-progress')
    .map(({ backup }) => backup.key);
}

function anySignal(
  deadline: AbortSignal,
  signal: AbortSignal | undefined,
): AbortSignal {
  return signal ? AbortSignal.any([deadline, signal]) : deadline;
}

/**
 * Explicit keys win; else the credentials manager's provider for `accountId`
 * (or its main account), fetched on first use so that creating a source
 * never waits on STS.
 */
function readCredentials(
  config: Config,
  credentialsManager: AwsCredentialsManager | undefined,
): S3ClientConfig['credentials'] {
  const credentials = config.getOptionalConfig('credentials');
  if (credentials) {
    return {
      accessKeyId: credentials.getString('accessKeyId'),
      secretAccessKey: credentials.getString('secretAccessKey'),
      sessionToken: credentials.getOptionalString('sessionToken'),
    };
  }
  const accountId = config.getOptionalString('accountId');
  if (!credentialsManager) {
    if (accountId) {
      throw new Error(
        `accountId ${accountId} needs the aws.accounts credentials manager`,
      );
    }
    return undefined;
  }
  let provider: ReturnType<AwsCredentialsManager['getCredentialProvider']>;
  return async identityProperties => {
    provider ??= credentialsManager.getCredentialProvider({ accountId });
    return (await provider).sdkCredentialProvider(identityProperties);
  };
}

/**
 * Creates `type: s3` sources, with credentials from `aws.accounts` through
 * the given credentials manager.
 * @internal
 */
export function createS3BackupSourceFactory(options: {
  credentialsManager: () => AwsCredentialsManager;
}): BackupSourceFactory {
  return {
    type: 's3',
    create: sourceOptions =>
      S3BackupSource.fromConfig({
        ...sourceOptions,
        credentialsManager: options.credentialsManager(),
      }),
  };
}
