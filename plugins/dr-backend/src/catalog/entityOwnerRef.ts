/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type CompoundEntityRef,
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * A `spec` field that names another entity (`owner`, `system`), parsed as
 * the catalog does: relative to the entity's namespace, `defaultKind` when
 * it names none; undefined when it is missing or not a valid ref.
 * @internal
 */
export function parseSpecRef(
  entity: Entity,
  field: string,
  defaultKind: string,
): CompoundEntityRef | undefined {
  const value = entity.spec?.[field];
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return parseEntityRef(value, {
      defaultKind,
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
  } catch {
    return undefined;
  }
}

/**
 * The entity's `spec.owner` as a full ref (`group:default/team-a`), or null
 * when it has none or it is not a valid ref.
 * @internal
 */
export function entityOwnerRef(entity: Entity): string | null {
  const ref = parseSpecRef(entity, 'owner', 'group');
  return ref ? stringifyEntityRef(ref) : null;
}
