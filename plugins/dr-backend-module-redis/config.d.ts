/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

export interface Config {
  dr?: {
    /**
     * Backup sources; this module checks the settings of the ones with
     * `type: redis` and leaves the others to their own types.
     */
    sources?: {
      [sourceId: string]: RedisBackupSourceConfig | OtherBackupSourceConfig;
    };
  };
}

/** The persistence state of one live Redis server (`INFO persistence`). */
interface RedisBackupSourceConfig {
  type: 'redis';
  /**
   * `redis://host:6379`, or `rediss://` for TLS; no credentials in it.
   * @visibility backend
   */
  url: string;
  /**
   * The ACL user (Redis 6+); omit for the default user.
   * @visibility backend
   */
  username?: string;
  /**
   * The password (`requirepass` or the ACL user's).
   * @visibility secret
   */
  password?: string;
  /** Settings every source type has; see the DR suite's dr-node package. */
  [setting: string]: unknown;
}

/** Sources of other types, checked by their own packages. */
interface OtherBackupSourceConfig {
  /** @pattern ^(?!redis$) */
  type: string;
  [setting: string]: unknown;
}
