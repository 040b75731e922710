/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The DR suite's `pgbackrest` backup source type: the backup sets of
 * pgBackRest stanzas and the recency of their WAL archive.
 *
 * @packageDocumentation
 */
import { createBackupSourceFactoryFeature } from '@dr-suite/backstage-plugin-dr-node';
import { pgBackRestBackupSourceFactory } from './PgBackRestBackupSource';

export {
  PgBackRestBackupSource,
  pgBackRestBackupSourceFactory,
} from './PgBackRestBackupSource';
export type { PgBackRestBackupSourceOptions } from './PgBackRestBackupSource';

/**
 * Adds the `pgbackrest` source type to the backend:
 * `backend.add(import('@dr-suite/backstage-plugin-dr-backend-module-pgbackrest'))`.
 * @public
 */
const drModulePgBackRest = createBackupSourceFactoryFeature(
  pgBackRestBackupSourceFactory,
);
export default drModulePgBackRest;
