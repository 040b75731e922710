/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

export interface Config {
  dr?: {
    /**
     * Backup sources; this module checks the settings of the ones with
     * `type: clickhouse` and leaves the others to their own types.
     */
    sources?: {
      [sourceId: string]:
        | ClickHouseBackupSourceConfig
        | OtherBackupSourceConfig;
    };
  };
}

/** The BACKUP operations of one ClickHouse server, from `system.backups`. */
interface ClickHouseBackupSourceConfig {
  type: 'clickhouse';
  /**
   * The server's HTTP interface, e.g. `https://clickhouse.internal:8443`;
   * no credentials in it.
   * @visibility backend
   */
  url: string;
  /**
   * The user queries run as, default `default`; it needs only
   * `GRANT SELECT ON system.backups`.
   * @visibility backend
   */
  user?: string;
  /**
   * The user's password, sent in the `X-ClickHouse-Key` header.
   * @visibility secret
   */
  password?: string;
  /** Settings every source type has; see the DR suite's dr-node package. */
  [setting: string]: unknown;
}

/** Sources of other types, checked by their own packages. */
interface OtherBackupSourceConfig {
  /** @pattern ^(?!clickhouse$) */
  type: string;
  [setting: string]: unknown;
}
