/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  type BackupSelector,
  type BackupSource,
  type BackupSourceFactory,
  type IndexRunContext,
  type IndexRunResult,
  type SourceTimeouts,
  SourceTimeoutError,
  readSourceTimeouts,
  replaceIndex,
} from '@dr-suite/backstage-plugin-dr-node';
import Redis from 'ioredis';
import { parsePersistenceInfo, readPersistence } from './redisPersistence';

/** Where a Redis server listens, read from `redis://` or `rediss://`. */
interface RedisEndpoint {
  host: string;
  port: number;
  tls: boolean;
}

function readEndpoint(id: string, text: string): RedisEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `dr.sources.${id}.url must be a URL such as redis://cache.internal:6379`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(
      `dr.sources.${id}.url must start with redis:// or rediss://`,
    );
  }
  if (url.username || url.password) {
    throw new Error(
      `dr.sources.${id}.url: put the credentials in username and password, not in the url`,
    );
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    tls: url.protocol === 'rediss:',
  };
}

/**
 * The persistence state of one live Redis server, read with
 * `INFO persistence`: the newest successful RDB snapshot is a `snapshot`
 * backup (completed at `rdb_last_save_time`), a failed last BGSAVE or AOF
 * write is a failed one, a running BGSAVE is in progress. RDB files copied
 * to a bucket or folder are read by the filesystem and s3 sources
 * (`redis-rdb` layout), not here.
 *
 * Selectors: empty (`<source>:`): a source is one server.
 * @internal
 */
export class RedisBackupSource implements BackupSource {
  readonly type = 'redis';
  readonly id: string;
  readonly #endpoint: RedisEndpoint;
  readonly #username?: string;
  readonly #password?: string;
  readonly #timeouts: SourceTimeouts;

  constructor(options: {
    id: string;
    url: string;
    username?: string;
    password?: string;
    timeouts: SourceTimeouts;
  }) {
    this.id = options.id;
    this.#endpoint = readEndpoint(options.id, options.url);
    this.#username = options.username;
    this.#password = options.password;
    this.#timeouts = options.timeouts;
  }

  /** Reads `dr.sources.<id>`: `url`, `username`, `password` and `timeouts`. */
  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }): RedisBackupSource {
    const { id, config } = options;
    return new RedisBackupSource({
      id,
      url: config.getString('url'),
      username: config.getOptionalString('username'),
      password: config.getOptionalString('password'),
      timeouts: readSourceTimeouts(config),
    });
  }

  async index(context: IndexRunContext): Promise<IndexRunResult> {
    const info = await this.#persistenceInfo();
    const state = parsePersistenceInfo(info);
    if (state.loading) {
      // While loading, the counters are the start-up ones: keep the last
      // good index and try again next run.
      throw new Error(
        `Redis of source "${this.id}" is loading its dataset; its persistence state is not known yet`,
      );
    }
    const previous = context.previousState?.failingSince as
      | { bgsave?: string; aofWrite?: string }
      | undefined;
    const reading = readPersistence(state, { now: new Date(), previous });
    for (const backup of reading.backups) {
      if (typeof backup.details.problem === 'string') {
        context.logger.warn(
          `Redis of source "${this.id}": ${backup.details.problem}`,
        );
      }
    }
    const result = await replaceIndex(context.sink, reading.backups);
    return {
      ...result,
      state: {
        ...result.state,
        snapshot: reading.snapshot,
        failingSince: reading.failingSince,
        aofEnabled: state.aofEnabled,
      },
    };
  }

  parseSelector(selector: string, _entity: Entity): BackupSelector {
    if (selector.trim()) {
      throw new InputError(
        `Source "${this.id}" reads one Redis server; leave the selector empty ("${this.id}:"), and configure a source per server`,
      );
    }
    return { kind: 'prefix', prefix: '', canonical: '' };
  }

  /** One connection per run, no retries, bounded by the source's timeouts. */
  async #persistenceInfo(): Promise<string> {
    const { connectMs, requestMs } = this.#timeouts;
    const where = `Redis of source "${this.id}" at ${this.#endpoint.host}:${
      this.#endpoint.port
    }`;
    const client = new Redis({
      host: this.#endpoint.host,
      port: this.#endpoint.port,
      tls: this.#endpoint.tls ? {} : undefined,
      username: this.#username,
      password: this.#password,
      connectTimeout: connectMs,
      commandTimeout: requestMs,
      lazyConnect: true,
      enableReadyCheck: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // Without retries a failed connection rejects with "Connection is
    // closed."; the 'error' event before it says why.
    let cause: Error | undefined;
    client.on('error', error => {
      cause ??= error;
    });
    // A server that accepts and never answers (or hangs in AUTH, which
    // commandTimeout may not cover) still ends the run in time.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('Command timed out')),
        connectMs + requestMs,
      );
    });
    try {
      return await Promise.race([
        client.connect().then(() => client.info('persistence')),
        deadline,
      ]);
    } catch (thrown) {
      const error =
        cause && /Connection is closed/.test(String(thrown)) ? cause : thrown;
      const message = error instanceof Error ? error.message : String(error);
      const text = this.#password
        ? message.split(this.#password).join('<secret>')
        : message;
      if (/timed? ?out|ETIMEDOUT/i.test(text)) {
        throw new SourceTimeoutError(
          `${where} timed out after ${
            (/connect/i.test(text) ? connectMs : requestMs) / 1000
          } s`,
        );
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (/WRONGPASS|NOAUTH|NOPERM/.test(text)) {
        throw new Error(
          `${where} refused the credentials (${
            text.split(' ')[0]
          }); check username and password`,
        );
      }
      throw new Error(
        `${where} cannot be read${code ? ` (${code})` : `: ${text}`}`,
      );
    } finally {
      clearTimeout(timer);
      client.disconnect();
    }
  }
}

/**
 * The `redis` source type, for `createBackupSourceFactoryFeature`.
 * @public
 */
export const redisBackupSourceFactory: BackupSourceFactory = {
  type: 'redis',
  create: options => RedisBackupSource.fromConfig(options),
};
