/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { HumanDuration } from '@backstage/types';

export interface Config {
  dr?: {
    /**
     * Backup sources; this module checks the settings of the ones with
     * `type: cloudnative-pg` and leaves the others to their own types.
     */
    sources?: {
      [sourceId: string]:
        | CloudNativePgBackupSourceConfig
        | OtherBackupSourceConfig;
    };
  };
}

/** CloudNativePG Backups and Barman Cloud recovery windows of one cluster. */
interface CloudNativePgBackupSourceConfig {
  type: 'cloudnative-pg';
  /**
   * Namespaces to read `Backup` and `ObjectStore` resources in; all
   * namespaces when omitted (which needs a ClusterRole).
   */
  namespaces?: string[];
  /** The cluster's API server. */
  cluster?: {
    url: string;
    /** @visibility secret */
    serviceAccountToken?: string;
    /** @visibility secret */
    caData?: string;
    skipTLSVerify?: boolean;
  };
  /** Path of a kubeconfig file instead of `cluster`. */
  kubeconfig?: string;
  /** Kubeconfig context. */
  context?: string;
  /** How often this source is indexed; overrides `dr.indexing.frequency`. */
  frequency?: HumanDuration | string | { cron: string };
  /**
   * How long calls to the API server may take.
   * @visibility backend
   */
  timeouts?: {
    /**
     * Establishing a connection, default 10 seconds.
     * @visibility backend
     */
    connect?: HumanDuration | string;
    /**
     * One list page, default 60 seconds.
     * @visibility backend
     */
    request?: HumanDuration | string;
  };
}

/** A source of another type, whose own package checks its settings. */
interface OtherBackupSourceConfig {
  /**
   * Any type but cloudnative-pg.
   * @pattern ^(?!cloudnative-pg$)
   */
  type: string;
  [setting: string]: unknown;
}
