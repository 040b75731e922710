/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Asks the permission framework; entity-scoped permissions carry the entity
 * ref so policies can use catalog conditions such as ownership.
 * @internal
 */
export class DrAuthorizer {
  readonly #permissions: PermissionsService;

  constructor(permissions: PermissionsService) {
    this.#permissions = permissions;
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
