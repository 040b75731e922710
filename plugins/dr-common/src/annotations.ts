/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Entity } from '@backstage/catalog-model';

/**
 * Prefix shared by every annotation the DR suite reads.
 * @public
 */
export const DR_ANNOTATION_PREFIX = 'dr.backstage.io/';

/**
 * Recovery time objective, as `30m`, `4h`, `1d` or ISO 8601 (`PT15M`).
 * @public
 */
export const DR_ANNOTATION_RTO = 'dr.backstage.io/rto';

/**
 * Recovery point objective, as `30m`, `4h`, `1d` or ISO 8601 (`PT15M`).
 * @public
 */
export const DR_ANNOTATION_RPO = 'dr.backstage.io/rpo';

/**
 * Name of a tier defined under `dr.tiers` in app-config.
 * @public
 */
export const DR_ANNOTATION_TIER = 'dr.backstage.io/tier';

/**
 * Comma-separated `<sourceId>:<selector>` pairs naming the entity's backups.
 * @public
 */
export const DR_ANNOTATION_BACKUP_SOURCES = 'dr.backstage.io/backup-sources';

/**
 * Location of the entity's DR plan, relative to the entity or a URL.
 * @public
 */
export const DR_ANNOTATION_PLAN = 'dr.backstage.io/plan';

/**
 * The catalog kinds the DR audit covers; an entity of another kind has no
 * row in the audit whatever its annotations.
 * @public
 */
export const DR_AUDITED_KINDS: readonly string[] = [
  'Component',
  'Resource',
  'System',
];

/**
 * The annotations that give an entity objectives or backups, and so a row in
 * the audit.
 * @public
 */
export const DR_AUDITED_ANNOTATIONS: readonly string[] = [
  DR_ANNOTATION_TIER,
  DR_ANNOTATION_RTO,
  DR_ANNOTATION_RPO,
  DR_ANNOTATION_PLAN,
  DR_ANNOTATION_BACKUP_SOURCES,
];

/**
 * Returns true when the entity carries any `dr.backstage.io/*` annotation.
 * @public
 */
export function hasDrAnnotations(entity: Entity): boolean {
  return Object.keys(entity.metadata.annotations ?? {}).some(key =>
    key.startsWith(DR_ANNOTATION_PREFIX),
  );
}
