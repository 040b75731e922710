/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { BackupSourceFactory } from './sources/types';

/**
 * Lets backend modules add backup source types to the DR plugin.
 * @public
 */
export interface DrBackupSourcesExtensionPoint {
  /** Adds a factory for `dr.sources.<id>` entries with its `type`. */
  addSourceFactory(factory: BackupSourceFactory): void;
}

/**
 * Extension point for new backup source types (pgBackRest, WAL-G, ClickHouse...).
 * @public
 */
export const drBackupSourcesExtensionPoint =
  createExtensionPoint<DrBackupSourcesExtensionPoint>({
    id: 'dr.backup-sources',
  });
