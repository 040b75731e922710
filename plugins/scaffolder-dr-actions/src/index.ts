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
export { createRestoreAction } from './actions/createRestoreAction';
export type { RestoreActionOutputField } from './actions/createRestoreAction';
export type { RestoreTimings } from './actions/restoreTimings';
