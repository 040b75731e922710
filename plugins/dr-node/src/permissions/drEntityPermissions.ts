/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type OverallStatus,
  OVERALL_STATUSES,
  RESOURCE_TYPE_DR_ENTITY,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';

/**
 * An entity as the DR suite indexes it, which the `dr-entity` rules judge.
 * @public
 */
export interface DrEntityResource {
  entityRef: string;
  /** The owner as a full ref, `group:default/orders`; null without one. */
  owner: string | null;
  tier: string | null;
  /** The stored overall status; null until it was first computed. */
  overall: OverallStatus | null;
}

/**
 * What a `dr-entity` rule asks of the store: the field's value is one of
 * `values` (never when the field is empty). The DR backend turns a policy's
 * conditions into SQL from these.
 * @public
 */
export type DrEntityQuery = {
  key: 'owner' | 'tier' | 'overall';
  values: string[];
};

/**
 * The `dr-entity` resource type of the `dr` plugin.
 * @public
 */
export const drEntityPermissionResourceRef = createPermissionResourceRef<
  DrEntityResource,
  DrEntityQuery
>().with({ pluginId: 'dr', resourceType: RESOURCE_TYPE_DR_ENTITY });

/**
 * permission-node type-checks params schemas against its own zod copy; ours
 * is the same zod 3 at runtime, so the schema is passed untyped and the
 * params type is given explicitly on each rule.
 */
function paramsSchema<T>(schema: z.ZodType<T>): any {
  return schema;
}

const isEntityOwner = createPermissionRule<
  typeof drEntityPermissionResourceRef,
  { claims: string[] }
>({
  name: 'IS_ENTITY_OWNER',
  description: 'Allow DR entities owned by one of the given claims',
  resourceRef: drEntityPermissionResourceRef,
  paramsSchema: paramsSchema(
    z.object({
      claims: z
        .array(z.string())
        .describe(
          'Ownership refs, usually the user’s ownershipEntityRefs; matches the entity’s spec.owner',
        ),
    }),
  ),
  apply: (resource, { claims }) =>
    resource.owner !== null && claims.includes(resource.owner),
  toQuery: ({ claims }) => ({ key: 'owner', values: claims }),
});

const hasTier = createPermissionRule<
  typeof drEntityPermissionResourceRef,
  { tiers: string[] }
>({
  name: 'HAS_TIER',
  description: 'Allow DR entities of one of the given tiers',
  resourceRef: drEntityPermissionResourceRef,
  paramsSchema: paramsSchema(
    z.object({
      tiers: z.array(z.string()).describe('Tier names from dr.tiers'),
    }),
  ),
  apply: (resource, { tiers }) =>
    resource.tier !== null && tiers.includes(resource.tier),
  toQuery: ({ tiers }) => ({ key: 'tier', values: tiers }),
});

const hasOverallStatus = createPermissionRule<
  typeof drEntityPermissionResourceRef,
  { statuses: OverallStatus[] }
>({
  name: 'HAS_OVERALL_STATUS',
  description: 'Allow DR entities whose overall DR status is one of the given',
  resourceRef: drEntityPermissionResourceRef,
  paramsSchema: paramsSchema(
    z.object({
      statuses: z
        .array(z.enum(OVERALL_STATUSES as [OverallStatus, ...OverallStatus[]]))
        .describe('ok, at-risk, breach or none'),
    }),
  ),
  apply: (resource, { statuses }) =>
    resource.overall !== null && statuses.includes(resource.overall),
  toQuery: ({ statuses }) => ({ key: 'overall', values: statuses }),
});

/**
 * The rules of the `dr-entity` resource type, which the DR backend registers.
 * @public
 */
export const drEntityPermissionRules = {
  isEntityOwner,
  hasTier,
  hasOverallStatus,
};

const conditionExports = createConditionExports({
  resourceRef: drEntityPermissionResourceRef,
  rules: drEntityPermissionRules,
});

/**
 * Conditions for permission policies on `dr-entity` permissions, such as
 * `drEntityConditions.isEntityOwner({ claims: user.info.ownershipEntityRefs })`.
 * @public
 */
export const drEntityConditions = conditionExports.conditions;

/**
 * Wraps `dr-entity` conditions into a conditional policy decision.
 * @public
 */
export const createDrEntityConditionalDecision =
  conditionExports.createConditionalDecision;
