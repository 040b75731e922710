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
import { normaliseRootPrefix, parsePrefixSelector } from './selectors';
import {
  DEFAULT_FULL_INDEX_INTERVAL_MS,
  incrementalStartingPoint,
} from './incrementalStartingPoint';
import { readIntervalMs } from './readIntervalMs';
import { OpensslEncryption } from './OpensslEncryption';
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
  /** How often a complete listing reconciles deletions and new series. */
  fullIndexIntervalMs?: number;
  /**
   * `requestMs` bounds one call (a listing page, a HEAD, the start of a GET),
   * retries included; defaults 10 s and 60 s. The client's request handler
   * should also time out connections and idle sockets, as `fromConfig` does.
   */
  timeouts?: SourceTimeouts;
  /** Passphrase of backups encrypted with `openssl enc -aes-256-cbc -pbkdf2`. */
  encryptionKey?: string;
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
  readonly #encryption: OpensslEncryption;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #client: S3Client;
  readonly #parser: BackupKeyParser;
  readonly #fullIntervalMs: number;
  readonly #timeouts: SourceTimeouts;

  constructor(options: S3BackupSourceOptions) {
    this.id = options.id;
    this.#bucket = options.bucket;
    this.#prefix = normaliseRootPrefix(options.prefix);
    this.#client = options.client;
    this.#parser = options.keyParser ?? new BackupKeyParser();
    this.#fullIntervalMs =
      options.fullIndexIntervalMs ?? DEFAULT_FULL_INDEX_INTERVAL_MS;
    this.#timeouts = options.timeouts ?? DEFAULT_SOURCE_TIMEOUTS;
    this.#encryption = new OpensslEncryption({
      sourceId: options.id,
      passphrase: options.encryptionKey,
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
      fullIndexIntervalMs: readIntervalMs(config, 'fullIndexInterval'),
      timeouts,
      encryptionKey: config.getOptionalString('encryptionKey'),
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
    let upserted = 0;
    let pending: Promise<void> = Promise.resolve();
    // Writing page N overlaps with fetching page N+1.
    for await (const page of this.#pages({ Prefix: this.#prefix }, signal)) {
      const backups = page.map(object => {
        const { backup, facts } = this.#toBackup(object);
        seen.add(backup.key);
        tracker.observe(backup.key, facts, backupTime(backup));
        return backup;
      });
      await pending;
      pending = sink.upsert(backups);
      upserted += backups.length;
    }
    await pending;
    tracker.markAllChecked();
    const stale = [...(await sink.keys(this.#prefix))].filter(
      key => !seen.has(key),
    );
    await sink.remove(stale);
    return {
      mode: 'full',
      state: { lastFullAt: new Date().toISOString(), series: tracker.toJSON() },
      listed: seen.size,
      upserted,
      removed: stale.length,
    };
  }

  async #incrementalIndex(
    context: IndexRunContext,
    previous: S3SourceState,
  ): Promise<IndexRunResult> {
    const { sink, signal } = context;
    const tracker = SeriesTracker.fromJSON(previous.series);
    let listed = 0;
    let upserted = 0;
    let removed = 0;
    for (const [series, state] of tracker.dueSeries(
      Date.now(),
      Boolean(context.eager),
    )) {
      tracker.markChecked(series);
      // Retention deletes the oldest keys first: compare the series' head.
      const head = await this.#list({ Prefix: series, MaxKeys: 1 }, signal);
      const first = head.Contents?.[0]?.Key;
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
      for await (const page of this.#pages(
        { Prefix: series, StartAfter: state.last },
        signal,
      )) {
        const backups = page
          .map(object => this.#toBackup(object))
          .filter(({ facts }) => facts.series === series)
          .map(({ backup, facts }) => {
            tracker.observe(backup.key, facts, backupTime(backup));
            return backup;
          });
        listed += backups.length;
        await sink.upsert(backups);
        upserted += backups.length;
      }
    }
    return {
      mode: 'incremental',
      state: { lastFullAt: previous.lastFullAt, series: tracker.toJSON() },
      listed,
      upserted,
      removed,
    };
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
