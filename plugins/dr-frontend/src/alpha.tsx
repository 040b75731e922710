/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import SettingsBackupRestoreIcon from '@material-ui/icons/SettingsBackupRestore';
import { drApi } from './alpha/apis';
import { drOverviewCard, drScorecardCard } from './alpha/entityCards';
import { drEntityContent } from './alpha/entityContents';
import {
  backupPickerFormField,
  pointInTimePickerFormField,
  restoreTargetPickerFormField,
} from './alpha/formFields';
import { drPage } from './alpha/pages';
import { rootRouteRef, scaffolderTemplateRouteRef } from './routes';

export { drTranslationRef } from './translation';

/**
 * The DR plugin for the new frontend system: the DR tab and overview card on
 * entities with DR annotations, the audit page at `/dr` (nav item "Disaster
 * Recovery") with the approvals inbox, the DR API and the BackupPicker
 * scaffolder field.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'dr',
  title: 'Disaster Recovery',
  icon: <SettingsBackupRestoreIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
  extensions: [
    drApi,
    drPage,
    drEntityContent,
    drOverviewCard,
    drScorecardCard,
    backupPickerFormField,
    pointInTimePickerFormField,
    restoreTargetPickerFormField,
  ],
});
