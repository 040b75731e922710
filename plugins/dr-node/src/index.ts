/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Backup sources and extension points shared by the DR suite's backends.
 *
 * @packageDocumentation
 */
export * from './sources/types';
export {
  BackupKeyParser,
  DEFAULT_KEY_PATTERNS,
} from './sources/BackupKeyParser';
export type { KeyFacts } from './sources/BackupKeyParser';
export {
  FilesystemBackupSource,
  filesystemBackupSourceFactory,
} from './sources/FilesystemBackupSource';
export type { FilesystemBackupSourceOptions } from './sources/FilesystemBackupSource';
export {
  S3BackupSource,
  s3BackupSourceFactory,
} from './sources/S3BackupSource';
export type { S3BackupSourceOptions } from './sources/S3BackupSource';
export {
  VeleroBackupSource,
  veleroBackupSourceFactory,
} from './sources/VeleroBackupSource';
export { VeleroClient } from './sources/VeleroClient';
export type {
  KubernetesObject,
  VeleroRestoreSpec,
} from './sources/VeleroClient';
export {
  BackupSourceRegistry,
  defaultBackupSourceFactories,
} from './sources/BackupSourceRegistry';
export type { BackupSourceConfigProblem } from './sources/BackupSourceRegistry';
export { readIntervalMs } from './sources/readIntervalMs';
export {
  DEFAULT_SOURCE_TIMEOUTS,
  SourceTimeoutError,
  readSourceTimeouts,
} from './sources/timeouts';
export type { SourceTimeouts } from './sources/timeouts';
export * from './extensions';
export { hashRestoreParameters } from './restore/restoreParameters';
export { RestoreTargetRegistry } from './restore/RestoreTargetRegistry';
export type {
  PostgresRestoreTarget,
  RestoreTarget,
  VeleroRestoreTarget,
} from './restore/RestoreTargetRegistry';
