/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read an entity's DR posture, backups, drills and plan.
 * Entity-scoped, so a policy can use catalog conditions such as ownership.
 * @public
 */
export const drPostureReadPermission = createPermission({
  name: 'dr.posture.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Record a DR drill for an entity.
 * @public
 */
export const drDrillCreatePermission = createPermission({
  name: 'dr.drill.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Void a recorded DR drill of an entity, with a reason. Drills are never
 * deleted; a voided drill stays listed and no longer counts.
 * @public
 */
export const drDrillVoidPermission = createPermission({
  name: 'dr.drill.void',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Request a restore of one of the entity's backups.
 * @public
 */
export const drRestoreRequestPermission = createPermission({
  name: 'dr.restore.request',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or reject a restore of the entity. Requesters never approve their own.
 * @public
 */
export const drRestoreApprovePermission = createPermission({
  name: 'dr.restore.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * The resource type of an entity as the DR suite indexes it: its owner, tier
 * and stored overall status. Policies narrow the audit, the drill ledger and
 * the approvals list with its rules (`isEntityOwner`, `hasTier`,
 * `hasOverallStatus`, exported as `drEntityConditions` by the DR node
 * library).
 * @public
 */
export const RESOURCE_TYPE_DR_ENTITY = 'dr-entity';

/**
 * Read the catalog-wide DR audit, the drill ledger and the approvals of
 * other people, and export them. A policy may allow it outright, or
 * conditionally (e.g. the entities a team owns); the rows are then filtered
 * by the database, so pages and counts stay exact.
 * @public
 */
export const drAuditReadPermission = createPermission({
  name: 'dr.audit.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_DR_ENTITY,
});

/**
 * Trigger backup indexing now.
 * @public
 */
export const drIndexRefreshPermission = createPermission({
  name: 'dr.index.refresh',
  attributes: { action: 'update' },
});

/**
 * Every permission of the DR suite.
 * @public
 */
export const drPermissions = [
  drPostureReadPermission,
  drDrillCreatePermission,
  drDrillVoidPermission,
  drRestoreRequestPermission,
  drRestoreApprovePermission,
  drAuditReadPermission,
  drIndexRefreshPermission,
];
