/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * One copy of a data store (a declared `sourceId:selector`) and where it is.
 * @internal
 */
export interface LocatedCopy {
  /** `sourceId:selector`. */
  key: string;
  sourceId: string;
  /** `dr.sources.<id>.location`; null when the source does not say. */
  location: string | null;
  /** Newest restorable point of this copy. */
  restorableAt: Date | null;
  /** Whether WAL is archived continuously into it (what an RPO of 0 needs). */
  continuous?: boolean;
  /** Why its replica does not count now (not streaming, lag unknown). */
  continuityProblem?: string;
}

/**
 * The newest restorable point among the copies a scenario leaves standing:
 * those in a known location it does not destroy. A copy without a location
 * cannot be shown to survive, so it never counts, and is named.
 * @internal
 */
export function newestSurviving(
  copies: LocatedCopy[],
  destroys: string[],
): { newest: Date | null; unlocated: string[] } {
  const lost = new Set(destroys);
  let newest: Date | null = null;
  const unlocated: string[] = [];
  for (const copy of copies) {
    if (copy.location === null) {
      unlocated.push(copy.sourceId);
      continue;
    }
    if (lost.has(copy.location) || !copy.restorableAt) continue;
    if (!newest || copy.restorableAt > newest) newest = copy.restorableAt;
  }
  return { newest, unlocated: [...new Set(unlocated)] };
}
