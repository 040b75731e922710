/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Backup sources, the one registry of them and the way to add source types,
 * shared by the DR suite's backends.
 *
 * @packageDocumentation
 */
export * from './sources/types';
export {
  BackupKeyParser,
  DEFAULT_KEY_PATTERNS,
} from './sources/BackupKeyParser';
export type { KeyFacts } from './sources/BackupKeyParser';
export { FilesystemBackupSource } from './sources/FilesystemBackupSource';
export type { FilesystemBackupSourceOptions } from './sources/FilesystemBackupSource';
export type { BackupEncryptionSettings } from './sources/BackupEncryption';
export {
  BackupSourceRegistry,
  isBackupSourceId,
} from './sources/BackupSourceRegistry';
export type { BackupSourceConfigProblem } from './sources/BackupSourceRegistry';
export { readIntervalMs } from './sources/readIntervalMs';
export { replaceIndex } from './sources/replaceIndex';
export {
  DEFAULT_SOURCE_TIMEOUTS,
  SourceTimeoutError,
  readSourceTimeouts,
  withDeadline,
} from './sources/timeouts';
export type { SourceTimeouts } from './sources/timeouts';
export {
  KubernetesApiError,
  callKubernetesApi,
  readKubeConfig,
} from './sources/kubernetes';
export type { KubernetesObject } from './sources/VeleroClient';
export {
  createBackupSourceFactoryFeature,
  createRestorerFeature,
  drBackupSourceFactoryServiceRef,
  drBackupSourceRegistryServiceRef,
  drRestorerRegistryServiceRef,
  drRestorerServiceRef,
  drRestoreTargetRegistryServiceRef,
} from './services';
export { hashRestoreParameters } from './restore/restoreParameters';
export { RestoreTargetRegistry } from './restore/RestoreTargetRegistry';
export type {
  RestoreBackup,
  RestoreExecutionRequest,
  RestoreExecutionResult,
  RestoreCleanupRequest,
  RestorePhase,
  RestorePhaseRecorder,
  RestoreValidationRequest,
  Restorer,
} from './restore/Restorer';
export { RestorerRegistry } from './restore/RestorerRegistry';
export {
  PostgresRestorer,
  type PostgresRestoreRequest,
  type PostgresRestoreResult,
} from './restore/PostgresRestorer';
export {
  createPostgresRestorer,
  type PostgresRestoreOutput,
} from './restore/createPostgresRestorer';
export {
  readDumpStagingSettings,
  type DumpStagingSettings,
} from './restore/DumpStaging';
export {
  PointInTimeRecovery,
  type PointInTimeRecoverySettings,
  type PointInTimeRestoreRequest,
  type PointInTimeRestoreResult,
} from './restore/pointInTime/PointInTimeRecovery';
export { readPointInTimeRecoverySettings } from './restore/pointInTime/readPointInTimeRecoverySettings';
export {
  keptClusterConnection,
  keptClusterOf,
  removeKeptCluster,
  type KeptCluster,
  type KeptClusterSettings,
} from './restore/pointInTime/KeptClusters';
export type { PostgresPointInTimeParameters } from './restore/pointInTime/validatePointInTime';
export {
  VeleroRestorer,
  type VeleroRestoreOutput,
} from './restore/VeleroRestorer';
export { CheckRunner, type CheckResult } from './restore/CheckRunner';
export { restoredDatabaseOf } from './restore/restoredDatabaseOf';
export type {
  PostgresRestoreTarget,
  RestoreTarget,
  RestoreTargetConfigProblem,
  VeleroRestoreTarget,
} from './restore/RestoreTargetRegistry';
export {
  createDrEntityConditionalDecision,
  drEntityConditions,
  drEntityPermissionResourceRef,
  drEntityPermissionRules,
  type DrEntityQuery,
  type DrEntityResource,
} from './permissions/drEntityPermissions';
