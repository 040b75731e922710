/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ClientConfig } from 'pg';
import { keptClusterConnection } from './pointInTime/KeptClusters';
import type { PostgresRestoreTarget } from './RestoreTargetRegistry';

/**
 * Where checks reach what a restore into `target` brought back: the
 * recovered cluster kept at a keep-cluster target (`undefined` while none is
 * kept there), otherwise the target's database; `undefined` for a target
 * that is no database (a Velero namespace). `dr:verify` and restore tests
 * both run their SQL checks here.
 * @public
 */
export function restoredDatabaseOf(target: object): ClientConfig | undefined {
  const postgres = target as Partial<PostgresRestoreTarget>;
  if (postgres.keepRecoveredCluster) {
    const kept = keptClusterConnection(postgres as PostgresRestoreTarget);
    return kept && { ...kept, connectionTimeoutMillis: 10_000 };
  }
  return postgres.connection
    ? targetClientConfig(
        postgres as PostgresRestoreTarget,
        postgres.connection.database,
      )
    : undefined;
}

/** How a client reaches `database` on a postgres target's server. */
export function targetClientConfig(
  target: PostgresRestoreTarget,
  database: string,
): ClientConfig {
  const { host, port, user, password } = target.connection;
  return {
    host,
    port,
    user,
    password,
    database,
    connectionTimeoutMillis: 10_000,
  };
}
