/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type DependencyPosture,
  type EntityPosture,
  OVERALL_STATUSES,
  type OverallStatus,
  type PostureRollup,
} from '@dr-suite/backstage-plugin-dr-common';

const rank = (status: OverallStatus) => OVERALL_STATUSES.indexOf(status);

/**
 * A System's part with the worst posture, as stored with the System.
 * @internal
 */
export interface WorstPart {
  entityRef: string;
  overall: OverallStatus;
  /** The part's owner, where known (when just rolled up). */
  owner?: string | null;
}

/**
 * Whether `a` drives a System's rollup before `b`: the worse posture, and
 * among equally bad parts the first by entity ref (compared by code unit,
 * as neither the catalog's relation order nor a database's collation is).
 * The one tie rule of the DR tab and the stored rollup, so both name the
 * same part.
 * @internal
 */
function drivesBefore(a: WorstPart, b: WorstPart): boolean {
  const byStatus = rank(a.overall) - rank(b.overall);
  if (byStatus) return byStatus < 0;
  return (
    a.entityRef.toLocaleLowerCase('en-US') <
    b.entityRef.toLocaleLowerCase('en-US')
  );
}

/**
 * The part with the worst posture, by `drivesBefore` whatever the order
 * given. Undefined without parts.
 * @internal
 */
export function worstPartOf(parts: WorstPart[]): WorstPart | undefined {
  let worst: WorstPart | undefined;
  for (const part of parts) {
    if (!worst || drivesBefore(part, worst)) worst = part;
  }
  return worst;
}

/**
 * The worst of a System's own posture and its worst part's, with the part
 * that drives it (null when its own is as bad).
 * @internal
 */
export function rollUp(own: OverallStatus, worst: WorstPart): PostureRollup {
  return rank(worst.overall) < rank(own)
    ? { overall: worst.overall, drivenBy: worst.entityRef }
    : { overall: own, drivenBy: null };
}

/**
 * A System's stored own posture with its stored worst part rolled up, as
 * the audit and the notifications judge it; other postures unchanged.
 * @internal
 */
export function withStoredRollup(
  posture: EntityPosture,
  worst: WorstPart | null | undefined,
): EntityPosture {
  return worst
    ? { ...posture, rollup: rollUp(posture.overall, worst) }
    : posture;
}

/**
 * A System's stored rollup as its owners are told it in a notification: the
 * driving part is named only when they own it too, since a notification
 * cannot ask the permission policy what each recipient may read; otherwise
 * it goes unnamed, and the DR tab names it to those who may see it.
 * @internal
 */
export function withRollupForOwners(
  posture: EntityPosture,
  worst: WorstPart | null | undefined,
  owner: string | null,
): EntityPosture {
  const told = withStoredRollup(posture, worst);
  if (!told.rollup?.drivenBy || (owner && worst?.owner === owner)) return told;
  return { ...told, rollup: { ...told.rollup, drivenBy: null } };
}

/**
 * A System's posture rolled up over its parts (`hasPart`, which the catalog
 * derives from each part's `spec.system`): the worst of its own and its
 * parts', and the part that drives it (null when its own is as bad).
 * Undefined for other kinds or a System without visible parts.
 * @internal
 */
export function rollUpSystem(
  kind: string,
  own: OverallStatus,
  dependencies: DependencyPosture[],
): PostureRollup | undefined {
  if (kind.toLocaleLowerCase('en-US') !== 'system') return undefined;
  const worst = worstPartOf(
    dependencies
      .filter(d => d.relation === 'hasPart')
      .map(d => ({ entityRef: d.entityRef, overall: d.overall })),
  );
  return worst && rollUp(own, worst);
}
