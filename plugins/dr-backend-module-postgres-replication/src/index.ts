/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The DR suite's `postgres-replication` backup source type: a streaming
 * PostgreSQL standby as a continuous copy of its primary, read from the
 * standby's replay position and, when configured, the primary's WAL position.
 *
 * @packageDocumentation
 */
import { createBackupSourceFactoryFeature } from '@dr-suite/backstage-plugin-dr-node';
import { postgresReplicationBackupSourceFactory } from './PostgresReplicationBackupSource';

export { postgresReplicationBackupSourceFactory } from './PostgresReplicationBackupSource';

/**
 * Adds the `postgres-replication` source type to the backend:
 * `backend.add(import('@dr-suite/backstage-plugin-dr-backend-module-postgres-replication'))`.
 * @public
 */
const drModulePostgresReplication = createBackupSourceFactoryFeature(
  postgresReplicationBackupSourceFactory,
);
export default drModulePostgresReplication;
