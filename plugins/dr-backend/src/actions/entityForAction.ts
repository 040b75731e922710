/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { drPostureReadPermission } from '@dr-suite/backstage-plugin-dr-common';
import type { DrAuthorizer } from '../auth/DrAuthorizer';

/**
 * The entity an action asks about, loaded as the caller: not found when the
 * catalog hides it from them, refused when they may not read its DR posture
 * (the same checks as the DR tab).
 * @internal
 */
export async function readableEntityForAction(
  ref: string,
  credentials: BackstageCredentials,
  deps: { catalog: CatalogService; authorizer: DrAuthorizer },
): Promise<{ entity: Entity; entityRef: string }> {
  let entityRef: string;
  try {
    // Assistants often say "orders-service"; a Component is the usual guess.
    entityRef = stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(
      `"${ref}" is not an entity ref; use kind:namespace/name, e.g. component:default/orders-service`,
    );
  }
  const entity = await deps.catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  await deps.authorizer.authorizeEntity(
    drPostureReadPermission,
    entityRef,
    credentials,
  );
  return { entity, entityRef };
}
