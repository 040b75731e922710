/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { DrClient } from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from './api';
import {
  BackupPicker,
  BackupPickerFieldSchema,
} from './components/BackupPicker';
import {
  PointInTimePicker,
  PointInTimePickerFieldSchema,
  validatePointInTime,
} from './components/PointInTimePicker';
import {
  RestoreTargetPicker,
  RestoreTargetPickerFieldSchema,
} from './components/RestoreTargetPicker';
import type { DrAuditPageProps } from './components/DrRouter';
import type { EntityDrContentProps } from './components/EntityDrContent';
import { rootRouteRef, scaffolderTemplateRouteRef } from './routes';

/**
 * The DR plugin for apps on the legacy frontend system.
 * @public
 */
export const drPlugin = createPlugin({
  id: 'dr',
  routes: { root: rootRouteRef },
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
  apis: [
    createApiFactory({
      api: drApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DrClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The DR tab of an entity page; place it under an `EntityLayout.Route` with
 * path `/dr`, title `DR` and `isDrAvailable` as its condition.
 * @public
 */
export const EntityDrContent: (props: EntityDrContentProps) => JSX.Element =
  drPlugin.provide(
    createComponentExtension({
      name: 'EntityDrContent',
      component: {
        lazy: () =>
          import('./components/EntityDrContent').then(m => m.EntityDrContent),
      },
    }),
  );

/**
 * A compact DR summary card for an entity's Overview tab.
 * @public
 */
export const EntityDrOverviewCard: () => JSX.Element = drPlugin.provide(
  createComponentExtension({
    name: 'EntityDrOverviewCard',
    component: {
      lazy: () =>
        import('./components/EntityDrOverviewCard').then(
          m => m.EntityDrOverviewCard,
        ),
    },
  }),
);

/**
 * The entity's DR scorecard: the Tech Insights DR checks, passed or failed.
 * Says so when the Tech Insights backend is not installed.
 * @public
 */
export const EntityDrScorecardCard: () => JSX.Element = drPlugin.provide(
  createComponentExtension({
    name: 'EntityDrScorecardCard',
    component: {
      lazy: () =>
        import('./components/DrScorecardCard').then(m => m.DrScorecardCard),
    },
  }),
);

/**
 * The catalog-wide DR audit, with the restore approvals inbox at its
 * `/approvals` sub-route; mount it at `/dr`.
 * @public
 */
export const DrAuditPage: (props: DrAuditPageProps) => JSX.Element =
  drPlugin.provide(
    createRoutableExtension({
      name: 'DrAuditPage',
      component: () => import('./components/DrRouter').then(m => m.DrRouter),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The restore approvals inbox on its own. `DrAuditPage` already serves it
 * at `/dr/approvals`; use this to show it elsewhere as well.
 * @public
 */
export const DrApprovalsPage: () => JSX.Element = drPlugin.provide(
  createComponentExtension({
    name: 'DrApprovalsPage',
    component: {
      lazy: () =>
        import('./components/DrApprovalsPage').then(m => m.DrApprovalsPage),
    },
  }),
);

/**
 * The `BackupPicker` scaffolder field: an entity's restorable backups,
 * newest first. Add it inside `<ScaffolderFieldExtensions>`.
 * @public
 */
export const BackupPickerFieldExtension = drPlugin.provide(
  createScaffolderFieldExtension({
    name: 'BackupPicker',
    component: BackupPicker,
    schema: BackupPickerFieldSchema.schema,
  }),
);

/**
 * The `RestoreTargetPicker` scaffolder field: only the restore targets that
 * accept the chosen entity, none preselected. Add it inside
 * `<ScaffolderFieldExtensions>`.
 * @public
 */
export const RestoreTargetPickerFieldExtension = drPlugin.provide(
  createScaffolderFieldExtension({
    name: 'RestoreTargetPicker',
    component: RestoreTargetPicker,
    schema: RestoreTargetPickerFieldSchema.schema,
  }),
);

/**
 * Scaffolder field for the instant a point-in-time restore recovers to,
 * within the chosen base backup's recovery window, in the requester's time
 * zone; its value goes to the request as `kindParameters`. Add it inside
 * `<ScaffolderFieldExtensions>`.
 * @public
 */
export const PointInTimePickerFieldExtension = drPlugin.provide(
  createScaffolderFieldExtension({
    name: 'PointInTimePicker',
    component: PointInTimePicker,
    validation: validatePointInTime,
    schema: PointInTimePickerFieldSchema.schema,
  }),
);
