/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

export interface Config {
  dr?: {
    sources?: {
      [sourceId: string]:
        | PgBackRestBackupSourceConfig
        | OtherBackupSourceConfig;
    };
  };
}

/** The stanzas of a pgBackRest repository, read with `pgbackrest info`. */
interface PgBackRestBackupSourceConfig {
  type: 'pgbackrest';
  /**
   * The stanza this source reads; entities then select it with an empty
   * selector (`<source>:`). All stanzas of the repository when omitted.
   * @visibility backend
   */
  stanza?: string;
  /**
   * The pgbackrest binary, default `pgbackrest` on the PATH.
   * @visibility backend
   */
  binary?: string;
  /**
   * pgbackrest.conf (`--config`), default pgBackRest's own.
   * @visibility backend
   */
  configPath?: string;
  /**
   * The repository path (`--repo1-path`); overrides the config file's.
   * @visibility backend
   */
  repoPath?: string;
  /**
   * Same as `repoPath`, spelt as in pgbackrest.conf.
   * @visibility backend
   */
  'repo1-path'?: string;
  /** Settings every source type has; see the DR suite's dr-node package. */
  [setting: string]: unknown;
}

/** Sources of other types, checked by their own packages. */
interface OtherBackupSourceConfig {
  /** @pattern ^(?!pgbackrest$) */
  type: string;
  [setting: string]: unknown;
}
