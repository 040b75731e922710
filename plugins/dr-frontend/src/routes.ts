/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

/**
 * The catalog-wide DR audit page, `/dr` in the default app.
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'dr' });

/**
 * The restore approvals inbox, below the audit page.
 * @public
 */
export const approvalsRouteRef = createSubRouteRef({
  id: 'dr/approvals',
  parent: rootRouteRef,
  path: '/approvals',
});

/**
 * A scaffolder template's page, used to open the restore and drill templates
 * with the entity filled in. Bound to the scaffolder by default.
 * @public
 */
export const scaffolderTemplateRouteRef = createExternalRouteRef({
  id: 'dr/scaffolder-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});
