/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AuditService } from '../audit/AuditService';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import type { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import type { PlanService } from '../plan/PlanService';
import type { PostureService } from '../posture/PostureService';
import { registerBackupsAction } from './backupsAction';
import { registerEntitiesAtRiskAction } from './entitiesAtRiskAction';
import { registerPostureAction } from './postureAction';
import { registerRunbookAction } from './runbookAction';

/**
 * The read-only actions assistants call through the actions registry (and
 * the MCP actions backend). They run as the caller, with the services the
 * DR API uses, so they answer what the caller's DR tabs would show.
 * @internal
 */
export function registerDrActions(
  registry: ActionsRegistryService,
  deps: {
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    posture: PostureService;
    plans: PlanService;
    backups: DatabaseBackupStore;
    audit: AuditService;
  },
): void {
  registerPostureAction(registry, deps);
  registerBackupsAction(registry, deps);
  registerRunbookAction(registry, deps);
  registerEntitiesAtRiskAction(registry, deps);
}
