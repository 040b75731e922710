/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Real protocol servers for testing code that reads backups: s3rver for S3,
 * a Kubernetes REST server for custom resources (Velero, CloudNativePG),
 * ClickHouse's HTTP interface for `system.backups`, and a frozen endpoint
 * that never answers; and backups laid out as their tools write them
 * (pg_basebackup, ClickHouse, clickhouse-backup, Redis).
 *
 * @packageDocumentation
 */
export { startS3TestServer } from './S3TestServer';
export type { S3TestServer } from './S3TestServer';
export { startKubernetesTestServer } from './KubernetesTestServer';
export { InMemoryIndexSink } from './InMemoryIndexSink';
export { startClickHouseTestServer } from './ClickHouseTestServer';
export type {
  ClickHouseBackupRow,
  ClickHouseTestFailure,
  ClickHouseTestServer,
} from './ClickHouseTestServer';
export { startUnresponsiveTestServer } from './UnresponsiveTestServer';
export {
  PostgresTestCluster,
  type PostgresTestClusterOptions,
  findPostgresServerTools,
} from './PostgresTestCluster';
export type { UnresponsiveTestServer } from './UnresponsiveTestServer';
export type { IndexSink, IndexedBackup } from '../sources/types';
export type { KubernetesObject } from '../sources/VeleroClient';
export type {
  KubernetesTestServer,
  KubernetesResourceKey,
  KubernetesTestFailure,
} from './KubernetesTestServer';
export {
  type FixtureWriter,
  CLICKHOUSE_XML_BYTES,
  PG_MANIFEST_BYTES,
  clickHouseBackupXml,
  clickhouseBackupMetadata,
  hoursAgo,
  pgBackupManifest,
  rdbBytes,
  redisDumpName,
  stamp,
  writeClickHouseNative,
  writeClickhouseBackup,
  writePgBasebackup,
} from './backupToolLayouts';
