/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

export interface Config {
  dr?: {
    /**
     * Backup sources; this module checks the settings of the ones with
     * `type: postgres-replication` and leaves the others to their own types.
     */
    sources?: {
      [sourceId: string]:
        | PostgresReplicationBackupSourceConfig
        | OtherBackupSourceConfig;
    };
  };
}

/** How to reach one PostgreSQL server. */
interface PostgresServerConfig {
  /**
   * Host name, or a Unix socket folder (starting with `/`).
   * @visibility backend
   */
  host: string;
  /** Default 5432. */
  port?: number;
  /**
   * A user with `pg_monitor` (to see the WAL receiver and pg_stat_replication).
   * @visibility backend
   */
  user?: string;
  /** @visibility secret */
  password?: string;
  /** Default `postgres`. */
  database?: string;
  /** Connect with TLS. */
  ssl?: boolean;
}

/** A streaming standby as a continuous copy of its primary. */
interface PostgresReplicationBackupSourceConfig {
  type: 'postgres-replication';
  /** The standby, read for what it received and replayed. */
  standby: PostgresServerConfig;
  /**
   * The primary, read for its current WAL position; without it how far the
   * standby is behind is unknown and it never counts as a continuous copy.
   */
  primary?: PostgresServerConfig;
  /**
   * The standby's `application_name` in the primary's `pg_stat_replication`;
   * needed only when the primary has several standbys.
   */
  applicationName?: string;
  /** Settings every source type has (`location`, `timeouts`, ...); see the DR suite's dr-node package. */
  [setting: string]: unknown;
}

/** Sources of other types, checked by their own packages. */
interface OtherBackupSourceConfig {
  /** @pattern ^(?!postgres-replication$) */
  type: string;
  [setting: string]: unknown;
}
