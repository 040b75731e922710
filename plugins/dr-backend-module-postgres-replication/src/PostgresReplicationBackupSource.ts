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
  withDeadline,
} from '@dr-suite/backstage-plugin-dr-node';
import { Client } from 'pg';
import {
  type PrimaryReading,
  type StandbyReading,
  replicaRow,
} from './replicaState';

/** How to reach one PostgreSQL server (`dr.sources.<id>.standby` or `.primary`). */
interface PostgresEndpoint {
  /** A host name, or a Unix socket folder (starting with `/`). */
  host: string;
  port: number;
  user?: string;
  password?: string;
  database: string;
  ssl: boolean;
}

function readEndpoint(config: Config): PostgresEndpoint {
  return {
    host: config.getString('host'),
    port: config.getOptionalNumber('port') ?? 5432,
    user: config.getOptionalString('user'),
    password: config.getOptionalString('password'),
    database: config.getOptionalString('database') ?? 'postgres',
    ssl: config.getOptionalBoolean('ssl') ?? false,
  };
}

const STANDBY_QUERY = `select pg_is_in_recovery() as in_recovery,
  pg_last_wal_receive_lsn()::text as receive_lsn,
  pg_last_wal_replay_lsn()::text as replay_lsn,
  pg_last_xact_replay_timestamp() as replayed_at,
  pg_is_wal_replay_paused() as replay_paused,
  (select status from pg_stat_wal_receiver limit 1) as receiver`;

const PRIMARY_QUERY = `select pg_is_in_recovery() as in_recovery,
  case when pg_is_in_recovery() then pg_last_wal_replay_lsn()
    else pg_current_wal_lsn() end::text as current_lsn`;

const SENDERS_QUERY = `select application_name, state, replay_lsn::text as replay_lsn,
  extract(epoch from replay_lag)::float8 as replay_lag_seconds, reply_time
  from pg_stat_replication`;

/**
 * A streaming PostgreSQL standby as a continuous copy of its primary, kept
 * at the source's own `location`: its recovery point is what it has
 * replayed (`pg_last_wal_replay_lsn()`, `pg_last_xact_replay_timestamp()`),
 * compared with the primary's current WAL position when `primary` is
 * configured (see `replicaRow`). One `wal` row per run, keyed
 * `replica/<applicationName or standby>`. A server that cannot be read
 * fails the run, so the source turns stale and keeps its last index.
 *
 * Selectors: empty (`<source>:`): a source is one standby.
 * @internal
 */
export class PostgresReplicationBackupSource implements BackupSource {
  readonly type = 'postgres-replication';
  readonly id: string;
  readonly #standby: PostgresEndpoint;
  readonly #primary?: PostgresEndpoint;
  readonly #applicationName?: string;
  readonly #timeouts: SourceTimeouts;
  readonly #clock: () => Date;

  constructor(options: {
    id: string;
    standby: PostgresEndpoint;
    primary?: PostgresEndpoint;
    applicationName?: string;
    timeouts: SourceTimeouts;
    /** When the primary was read; a test's clock. */
    clock?: () => Date;
  }) {
    this.id = options.id;
    this.#standby = options.standby;
    this.#primary = options.primary;
    this.#applicationName = options.applicationName;
    this.#timeouts = options.timeouts;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** Reads `dr.sources.<id>`: `standby`, `primary`, `applicationName`, `timeouts`. */
  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }): PostgresReplicationBackupSource {
    const { id, config } = options;
    const primary = config.getOptionalConfig('primary');
    return new PostgresReplicationBackupSource({
      id,
      standby: readEndpoint(config.getConfig('standby')),
      primary: primary ? readEndpoint(primary) : undefined,
      applicationName: config.getOptionalString('applicationName'),
      timeouts: readSourceTimeouts(config),
    });
  }

  async index(context: IndexRunContext): Promise<IndexRunResult> {
    // The primary first: a standby caught up with the position read then
    // held everything committed until that instant.
    const primary = this.#primary ? await this.#readPrimary() : undefined;
    const standby = await this.#readStandby();
    const backup = replicaRow({
      key: `replica/${this.#applicationName ?? 'standby'}`,
      where: `standby of source "${this.id}" at ${this.#describe(
        this.#standby,
      )}`,
      standby,
      primary,
      applicationName: this.#applicationName,
      checkedAt: this.#clock(),
    });
    if (typeof backup.details.continuityProblem === 'string') {
      context.logger.warn(backup.details.continuityProblem);
    }
    const result = await replaceIndex(context.sink, [backup]);
    return { ...result, state: { ...result.state, replica: backup.details } };
  }

  parseSelector(selector: string, _entity: Entity): BackupSelector {
    if (selector.trim()) {
      throw new InputError(
        `Source "${this.id}" reads one PostgreSQL standby; leave the selector empty ("${this.id}:"), and configure a source per standby`,
      );
    }
    return { kind: 'prefix', prefix: '', canonical: '' };
  }

  async #readPrimary(): Promise<PrimaryReading> {
    return this.#withClient(this.#primary!, 'primary', async client => {
      const { rows } = await client.query(PRIMARY_QUERY);
      const readAt = this.#clock();
      const senders = await client.query(SENDERS_QUERY);
      return {
        inRecovery: rows[0].in_recovery === true,
        currentLsn: String(rows[0].current_lsn),
        readAt,
        senders: senders.rows.map(r => ({
          applicationName: String(r.application_name ?? ''),
          state: r.state ?? null,
          replayLsn: r.replay_lsn ?? null,
          replayLagSeconds:
            r.replay_lag_seconds === null ? null : Number(r.replay_lag_seconds),
          replyTime: r.reply_time ?? null,
        })),
      };
    });
  }

  async #readStandby(): Promise<StandbyReading> {
    return this.#withClient(this.#standby, 'standby', async client => {
      const { rows } = await client.query(STANDBY_QUERY);
      const row = rows[0];
      return {
        inRecovery: row.in_recovery === true,
        receiveLsn: row.receive_lsn ?? null,
        replayLsn: row.replay_lsn ?? null,
        replayedTransactionAt: row.replayed_at ?? null,
        replayPaused: row.replay_paused === true,
        receiver: row.receiver ?? null,
      };
    });
  }

  #describe(endpoint: PostgresEndpoint): string {
    return `${endpoint.host}:${endpoint.port}`;
  }

  /** One connection per server and run, no retries, bounded by the timeouts. */
  async #withClient<T>(
    endpoint: PostgresEndpoint,
    role: 'standby' | 'primary',
    read: (client: Client) => Promise<T>,
  ): Promise<T> {
    const { connectMs, requestMs } = this.#timeouts;
    const where = `PostgreSQL ${role} of source "${
      this.id
    }" at ${this.#describe(endpoint)}`;
    const client = new Client({
      host: endpoint.host,
      port: endpoint.port,
      user: endpoint.user,
      password: endpoint.password,
      database: endpoint.database,
      ssl: endpoint.ssl,
      application_name: 'backstage-dr',
      connectionTimeoutMillis: connectMs,
      query_timeout: requestMs,
      statement_timeout: requestMs,
    });
    // A socket error after the run must not crash the backend.
    client.on('error', () => undefined);
    try {
      // A server that accepts and never answers still ends the run in time.
      return await withDeadline(connectMs + requestMs, where, () =>
        client.connect().then(() => read(client)),
      );
    } catch (error) {
      if (error instanceof SourceTimeoutError) throw error;
      // Node's socket errors are not `instanceof Error` in every realm (jest).
      const message =
        typeof (error as Error)?.message === 'string'
          ? (error as Error).message
          : String(error);
      const text = endpoint.password
        ? message.split(endpoint.password).join('<secret>')
        : message;
      if (/timeout|timed out/i.test(text)) {
        throw new SourceTimeoutError(`${where} timed out: ${text}`);
      }
      throw new Error(`${where} cannot be read: ${text}`);
    } finally {
      client.end().catch(() => undefined);
    }
  }
}

/**
 * The `postgres-replication` source type, for `createBackupSourceFactoryFeature`.
 * @public
 */
export const postgresReplicationBackupSourceFactory: BackupSourceFactory = {
  type: 'postgres-replication',
  create: options => PostgresReplicationBackupSource.fromConfig(options),
};
