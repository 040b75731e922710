/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type { DrEntityQuery } from '@dr-suite/backstage-plugin-dr-node';
import type { Knex } from 'knex';

/**
 * Which DR entities a caller may see for a `dr-entity` permission: all of
 * them (an ALLOW), or those matching the policy's conditions, already
 * translated into the rules' queries (a CONDITIONAL). A DENY never gets this
 * far: the authorizer answers 403.
 * @internal
 */
export type DrEntityVisibility =
  | { all: true }
  | { all: false; criteria: PermissionCriteria<DrEntityQuery> };

/**
 * The columns of a `dr_entities` row in a query, e.g. `e.owner` when the
 * table is joined as `e`.
 * @internal
 */
export interface DrEntityColumns {
  entityRef: string;
  owner: string;
  tier: string;
  overall: string;
}

const KEYS: ReadonlyArray<DrEntityQuery['key']> = ['owner', 'tier', 'overall'];

function isQuery(value: unknown): value is DrEntityQuery {
  const query = value as Partial<DrEntityQuery> | null;
  return (
    typeof query === 'object' &&
    query !== null &&
    KEYS.includes(query.key as DrEntityQuery['key']) &&
    Array.isArray(query.values) &&
    query.values.every(v => typeof v === 'string')
  );
}

/**
 * Throws when the criteria hold anything but the `dr-entity` queries this
 * module translates (a rule added by a module that speaks another query
 * language, an empty `anyOf`), so a policy is never applied half-way.
 * @internal
 */
export function assertDrEntityCriteria(
  criteria: unknown,
): asserts criteria is PermissionCriteria<DrEntityQuery> {
  const c = criteria as Record<string, unknown> | null;
  if (typeof c !== 'object' || c === null) {
    throw new Error('a condition is not an object');
  }
  if ('allOf' in c || 'anyOf' in c) {
    const list = (c.allOf ?? c.anyOf) as unknown;
    if (!Array.isArray(list) || !list.length) {
      throw new Error('allOf/anyOf must list at least one condition');
    }
    list.forEach(assertDrEntityCriteria);
    return;
  }
  if ('not' in c) {
    assertDrEntityCriteria(c.not);
    return;
  }
  if (!isQuery(c)) {
    throw new Error(
      `a rule produced a query this plugin cannot translate: ${JSON.stringify(
        c,
      ).slice(0, 200)}`,
    );
  }
}

function applyCriteria(
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<DrEntityQuery>,
  columns: DrEntityColumns,
): void {
  if ('allOf' in criteria) {
    for (const child of criteria.allOf) {
      builder.where(sub => applyCriteria(sub, child, columns));
    }
  } else if ('anyOf' in criteria) {
    builder.where(any => {
      for (const child of criteria.anyOf) {
        any.orWhere(sub => applyCriteria(sub, child, columns));
      }
    });
  } else if ('not' in criteria) {
    builder.whereNot(sub => applyCriteria(sub, criteria.not, columns));
  } else {
    const column = columns[criteria.key];
    // An empty field matches no rule, so that `not` of a rule keeps it, as
    // the rule's in-memory `apply` does (SQL's NULL would drop it).
    builder.whereNotNull(column).whereIn(column, criteria.values);
  }
}

/**
 * Narrows a query over `dr_entities` (joined under `columns`) to the
 * entities the caller may see. Rows without a DR entity are visible only
 * to callers allowed everything.
 * @internal
 */
export function whereDrEntityVisible(
  query: Knex.QueryBuilder,
  visibility: DrEntityVisibility,
  columns: DrEntityColumns,
): void {
  if (visibility.all) return;
  query.whereNotNull(columns.entityRef);
  query.where(sub => applyCriteria(sub, visibility.criteria, columns));
}
