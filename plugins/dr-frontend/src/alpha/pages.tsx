/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { compatWrapper } from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import SettingsBackupRestoreIcon from '@material-ui/icons/SettingsBackupRestore';
import { rootRouteRef } from '../routes';

/**
 * The catalog-wide DR audit at `/dr`, with the approvals inbox at
 * `/dr/approvals`; its title and icon make the "DR" nav item (a sidebar
 * label is cut after about twelve letters; "DR" matches the entity tab).
 */
export const drPage = PageBlueprint.make({
  params: {
    path: '/dr',
    routeRef: rootRouteRef,
    title: 'DR',
    icon: <SettingsBackupRestoreIcon fontSize="inherit" />,
    loader: () =>
      import('../components/DrRouter').then(m =>
        compatWrapper(<m.DrRouter header="none" />),
      ),
  },
});
