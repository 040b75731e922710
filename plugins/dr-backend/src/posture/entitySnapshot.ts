/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createHash } from 'node:crypto';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { entityOwnerRef, parseSpecRef } from '../catalog/entityOwnerRef';
import type { StoredPlan } from '../database/DatabasePlanStore';
import type {
  EntitySnapshot,
  EntityWithFacts,
} from '../database/DatabaseEntityStore';
import type { ResolvedObjectives } from './ObjectivesResolver';
import type { PostureInputs } from './PostureAssembler';
import type { PostureFacts } from './PostureCalculator';

/**
 * Hash of the catalog fields an entity's DR inputs are resolved from, so a
 * request holding the entity can tell whether a stored row still matches it.
 * @internal
 */
export function entityFingerprint(entity: Entity): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        entity.kind,
        entity.metadata.namespace ?? 'default',
        entity.metadata.name,
        entity.metadata.title ?? null,
        entityOwnerRef(entity),
        entity.metadata.annotations ?? {},
      ]),
    )
    .digest('hex');
}

/**
 * The System an entity is part of, as the catalog derives `partOf` from
 * `spec.system`; undefined without one or when it names no System.
 * @internal
 */
export function systemRefOf(entity: Entity): string | undefined {
  const ref = parseSpecRef(entity, 'system', 'system');
  return ref?.kind.toLocaleLowerCase('en-US') === 'system'
    ? stringifyEntityRef(ref)
    : undefined;
}

/**
 * The snapshot of an entity's resolved DR set-up, as stored per entity.
 * @internal
 */
export function snapshotOf(
  entity: Entity,
  resolved: ResolvedObjectives,
  plan: StoredPlan | undefined,
): EntitySnapshot {
  const systemRef = systemRefOf(entity);
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    title: entity.metadata.title ?? null,
    owner: entityOwnerRef(entity),
    tier: resolved.objectives.tier,
    rtoSeconds: resolved.objectives.rtoSeconds,
    rpoSeconds: resolved.objectives.rpoSeconds,
    drillCadenceDays: resolved.objectives.drillCadenceDays,
    hasObjectives: resolved.hasObjectives,
    selectors: resolved.selectorSpecs,
    scenarios: plan?.plan?.spec.objectives ?? [],
    problems: [...resolved.problems, ...(plan?.problems ?? [])],
    objectives: resolved.objectives,
    declaredSources: resolved.declaredSources,
    entityFingerprint: entityFingerprint(entity),
    // Only when set, so rows of entities outside any System keep their
    // fingerprint (and are not rewritten) across this field's arrival.
    ...(systemRef ? { systemRef } : {}),
  };
}

/**
 * The posture inputs of a stored snapshot. Rows written before objectives
 * and declared sources were stored fall back to the columns they had.
 * @internal
 */
export function inputsOf(snapshot: EntitySnapshot): PostureInputs {
  return {
    entityRef: snapshot.entityRef,
    objectives: snapshot.objectives ?? {
      rtoSeconds: snapshot.rtoSeconds,
      rpoSeconds: snapshot.rpoSeconds,
      tier: snapshot.tier,
      drillCadenceDays: snapshot.drillCadenceDays,
      origins: { rto: null, rpo: null, drillCadence: 'default' },
    },
    declaredSources: snapshot.declaredSources ?? snapshot.selectors,
    hasSelectors: snapshot.selectors.length > 0,
    scenarios: snapshot.scenarios,
    problems: snapshot.problems,
  };
}

/**
 * The measured facts of a stored entity row.
 * @internal
 */
export function factsOf(entity: EntityWithFacts): PostureFacts {
  return {
    lastSuccessfulBackupAt: entity.lastSuccessfulBackupAt,
    lastSuccessfulDrill:
      entity.lastSuccessfulDrillAt &&
      entity.lastSuccessfulDrillRtoSeconds !== null
        ? {
            completedAt: entity.lastSuccessfulDrillAt,
            rtoSeconds: entity.lastSuccessfulDrillRtoSeconds,
          }
        : null,
    lastDrill:
      entity.lastDrillAt && entity.lastDrillOutcome
        ? { completedAt: entity.lastDrillAt, outcome: entity.lastDrillOutcome }
        : null,
    scenarioDrills: entity.scenarioDrills,
    recoveryWindows: entity.recoveryWindows,
    copies: entity.copies,
  };
}
