/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type DependencyPosture,
  OVERALL_STATUSES,
  type OverallStatus,
  type PostureRollup,
} from '@dr-suite/backstage-plugin-dr-common';

const rank = (status: OverallStatus) => OVERALL_STATUSES.indexOf(status);

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
  const parts = dependencies.filter(d => d.relation === 'hasPart');
  if (!parts.length) return undefined;
  let worst: DependencyPosture | null = null;
  for (const part of parts) {
    if (!worst || rank(part.overall) < rank(worst.overall)) worst = part;
  }
  return worst && rank(worst.overall) < rank(own)
    ? { overall: worst.overall, drivenBy: worst.entityRef }
    : { overall: own, drivenBy: null };
}
