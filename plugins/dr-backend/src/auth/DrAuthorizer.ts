/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type PermissionCondition,
  type PermissionCriteria,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  type PermissionRuleset,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  type DrEntityQuery,
  type DrEntityResource,
  drEntityPermissionResourceRef,
  drEntityPermissionRules,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  type DrEntityVisibility,
  assertDrEntityCriteria,
} from './drEntityVisibility';

type DrEntityRuleset = PermissionRuleset<
  DrEntityResource,
  DrEntityQuery,
  'dr-entity'
>;

/** The built-in rules, for callers without the permissions registry's set. */
const BUILT_IN_RULES: DrEntityRuleset = {
  getRuleByName(name) {
    const rule = Object.values(drEntityPermissionRules).find(
      r => r.name === name,
    );
    if (!rule) throw new Error(`unknown rule ${name}`);
    return rule as ReturnType<DrEntityRuleset['getRuleByName']>;
  },
};

/**
 * Asks the permission framework; entity-scoped permissions carry the entity
 * ref so policies can use catalog conditions such as ownership.
 * @internal
 */
export class DrAuthorizer {
  readonly #permissions: PermissionsService;
  readonly #toDrEntityQuery: (
    conditions: PermissionCriteria<PermissionCondition>,
  ) => PermissionCriteria<DrEntityQuery>;
  readonly #logger: LoggerService | undefined;

  constructor(
    permissions: PermissionsService,
    options: {
      /** The `dr-entity` rules as registered, module-added ones included. */
      drEntityRuleset?: DrEntityRuleset;
      logger?: LoggerService;
    } = {},
  ) {
    this.#permissions = permissions;
    this.#toDrEntityQuery = createConditionTransformer(
      options.drEntityRuleset ?? BUILT_IN_RULES,
    );
    this.#logger = options.logger;
  }

  /**
   * Which DR entities the caller may see for a `dr-entity` permission: all,
   * or the policy's conditions as queries for {@link whereDrEntityVisible}.
   * A DENY, and conditions this plugin cannot apply (an unknown rule, bad
   * parameters, another plugin's resource type), are refused with a 403:
   * never a 500, never rows the policy did not grant.
   */
  async drEntityVisibility(
    permission: ResourcePermission<'dr-entity'>,
    credentials: BackstageCredentials,
  ): Promise<DrEntityVisibility> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return { all: true };
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      try {
        const { pluginId, resourceType } = drEntityPermissionResourceRef;
        if (
          decision.pluginId !== pluginId ||
          decision.resourceType !== resourceType
        ) {
          throw new Error(
            `the conditions are for ${decision.resourceType} of plugin ${decision.pluginId}, not ${resourceType} of ${pluginId}`,
          );
        }
        const criteria = this.#toDrEntityQuery(decision.conditions);
        assertDrEntityCriteria(criteria);
        return { all: false, criteria };
      } catch (error) {
        this.#logger?.warn(
          `Refused ${permission.name}: the permission policy returned conditions the DR plugin cannot apply: ${error}`,
        );
        throw new NotAllowedError(
          `You are not allowed to ${permission.name}: the permission policy's conditions cannot be applied (${
            (error as Error).message
          })`,
        );
      }
    }
    throw new NotAllowedError(`You are not allowed to ${permission.name}`);
  }

  async authorizeEntity(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.#permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name} for ${entityRef}`,
      );
    }
  }

  async authorizeBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.#permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
  }

  /** The refs the caller is allowed the permission on. */
  async allowedEntities(
    permission: ResourcePermission<'catalog-entity'>,
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    if (!entityRefs.length) return new Set();
    const decisions = await this.#permissions.authorize(
      entityRefs.map(resourceRef => ({ permission, resourceRef })),
      { credentials },
    );
    return new Set(
      entityRefs.filter(
        (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
      ),
    );
  }

  /**
   * The refs the caller is allowed each permission on, in one batched
   * authorize call.
   */
  async allowedEntitiesEach<K extends string>(
    permissions: Record<K, ResourcePermission<'catalog-entity'>>,
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Record<K, Set<string>>> {
    const keys = Object.keys(permissions) as K[];
    const result = Object.fromEntries(
      keys.map(key => [key, new Set<string>()]),
    ) as Record<K, Set<string>>;
    if (!entityRefs.length) return result;
    const requests = keys.flatMap(key =>
      entityRefs.map(resourceRef => ({
        key,
        resourceRef,
        permission: permissions[key],
      })),
    );
    const decisions = await this.#permissions.authorize(
      requests.map(({ permission, resourceRef }) => ({
        permission,
        resourceRef,
      })),
      { credentials },
    );
    requests.forEach(({ key, resourceRef }, i) => {
      if (decisions[i].result === AuthorizeResult.ALLOW)
        result[key].add(resourceRef);
    });
    return result;
  }

  /** Whether the caller has the permission, without throwing. */
  async isAllowed(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    return (
      await this.allowedEntities(permission, [entityRef], credentials)
    ).has(entityRef);
  }
}
