/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Scaffolder actions that restore backups after approval, verify them and
 * record DR drills.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDr as default } from './module';
export { createDrApprovalRequestAction } from './actions/approvalRequest';
export { createDrRestorePostgresAction } from './actions/restorePostgres';
export { createDrRestoreVeleroAction } from './actions/restoreVelero';
export { createDrVerifyAction } from './actions/verify';
export { createDrDrillRecordAction } from './actions/drillRecord';
export { DrBackendAccess } from './DrBackendAccess';
export { PostgresRestorer } from './restore/PostgresRestorer';
export type {
  PostgresRestoreRequest,
  PostgresRestoreResult,
} from './restore/PostgresRestorer';
export { CheckRunner } from './verify/CheckRunner';
export type { CheckResult } from './verify/CheckRunner';
