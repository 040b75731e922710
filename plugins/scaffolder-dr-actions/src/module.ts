/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  drBackupSourceRegistryServiceRef,
  drRestoreTargetRegistryServiceRef,
  PostgresRestorer,
  readDumpStagingSettings,
  readPointInTimeRecoverySettings,
} from '@dr-suite/backstage-plugin-dr-node';
import { createDrApprovalRequestAction } from './actions/approvalRequest';
import { createDrDrillRecordAction } from './actions/drillRecord';
import { createDrRestorePostgresAction } from './actions/restorePostgres';
import { createDrRestoreVeleroAction } from './actions/restoreVelero';
import { createDrVerifyAction } from './actions/verify';
import { DrBackendAccess } from './DrBackendAccess';

/**
 * Registers the DR suite's actions in the scaffolder: `dr:approval:request`,
 * `dr:restore:postgres`, `dr:restore:velero`, `dr:verify` and `dr:drill:record`.
 * @public
 */
export const scaffolderModuleDr = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'dr',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        // The same sources, source types included, as the DR plugin's.
        sources: drBackupSourceRegistryServiceRef,
        // The same targets, of every installed restore kind, as the DR plugin's.
        targets: drRestoreTargetRegistryServiceRef,
      },
      async init({
        scaffolderActions,
        config,
        auth,
        discovery,
        sources,
        targets,
      }) {
        const access = new DrBackendAccess({ auth, discovery });
        scaffolderActions.addActions(
          createDrApprovalRequestAction({ access, config }),
          createDrRestorePostgresAction({
            access,
            sources,
            targets,
            pointInTime: readPointInTimeRecoverySettings(config),
            restorer: new PostgresRestorer({
              staging: readDumpStagingSettings(config),
            }),
          }),
          createDrRestoreVeleroAction({ access, sources, targets }),
          createDrVerifyAction({ targets }),
          createDrDrillRecordAction({ access }),
        );
      },
    });
  },
});
