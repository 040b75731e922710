/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  type PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  drAuditReadPermission,
  drDrillCreatePermission,
  drDrillVoidPermission,
  drIndexRefreshPermission,
  drPostureReadPermission,
  drRestoreApprovePermission,
  drRestoreRequestPermission,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  createDrEntityConditionalDecision,
  drEntityConditions,
} from '@dr-suite/backstage-plugin-dr-node';

const ALLOW = { result: AuthorizeResult.ALLOW } as const;
const DENY = { result: AuthorizeResult.DENY } as const;

/**
 * The DR suite's intended permission model, for the demo and as a starting
 * point: everyone reads posture; entity owners and the platform team record
 * and void drills, request and approve restores (the DR backend never lets requesters
 * approve their own); the platform team, and automation with service
 * credentials, read the whole audit (with the drill ledger and everyone's
 * restore requests) and trigger indexing; everyone else reads the audit of
 * the entities they own, filtered by the DR backend's database. Everything
 * outside the DR suite is allowed, as with the allow-all policy it replaces.
 */
export class DrPermissionPolicy implements PermissionPolicy {
  readonly #platformTeam: string;

  constructor(options: { platformTeam: string }) {
    this.#platformTeam = options.platformTeam;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const isPlatform = Boolean(
      user?.info.ownershipEntityRefs.includes(this.#platformTeam),
    );
    switch (permission.name) {
      case drPostureReadPermission.name:
        return ALLOW;
      case drAuditReadPermission.name:
        if (!user || isPlatform) return ALLOW;
        // Teams see their own entities' audit, drills and restore requests.
        return isResourcePermission(permission, 'dr-entity')
          ? createDrEntityConditionalDecision(
              permission,
              drEntityConditions.isEntityOwner({
                claims: user.info.ownershipEntityRefs,
              }),
            )
          : DENY;
      case drIndexRefreshPermission.name:
        return !user || isPlatform ? ALLOW : DENY;
      case drDrillCreatePermission.name:
      case drDrillVoidPermission.name:
      case drRestoreRequestPermission.name:
      case drRestoreApprovePermission.name:
        if (!user)
          return permission.name === drDrillCreatePermission.name
            ? ALLOW
            : DENY;
        if (isPlatform) return ALLOW;
        if (isResourcePermission(permission, 'catalog-entity')) {
          return createCatalogConditionalDecision(
            permission,
            catalogConditions.isEntityOwner({
              claims: user.info.ownershipEntityRefs,
            }),
          );
        }
        return DENY;
      default:
        return ALLOW;
    }
  }
}

/** Installs {@link DrPermissionPolicy} in the permission backend. */
export const permissionModuleDrPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'dr-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new DrPermissionPolicy({
            platformTeam:
              config.getOptionalString('drPermissionPolicy.platformTeam') ??
              'group:default/platform-team',
          }),
        );
      },
    });
  },
});
