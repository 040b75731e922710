/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Real protocol servers for testing code that reads backups: s3rver for S3,
 * a Kubernetes REST server for custom resources (Velero, CloudNativePG), and
 * a frozen endpoint that never answers.
 *
 * @packageDocumentation
 */
export { startS3TestServer } from './S3TestServer';
export type { S3TestServer } from './S3TestServer';
export { startKubernetesTestServer } from './KubernetesTestServer';
export { InMemoryIndexSink } from './InMemoryIndexSink';
export { startUnresponsiveTestServer } from './UnresponsiveTestServer';
export type { UnresponsiveTestServer } from './UnresponsiveTestServer';
export type { IndexSink, IndexedBackup } from '../sources/types';
export type { KubernetesObject } from '../sources/VeleroClient';
export type {
  KubernetesTestServer,
  KubernetesResourceKey,
  KubernetesTestFailure,
} from './KubernetesTestServer';
