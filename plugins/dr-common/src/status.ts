/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { OVERALL_STATUSES, type OverallStatus } from './types';

/**
 * The worst of the given overall statuses (`breach`, then `at-risk`, `ok` and
 * `none`); null for an empty list.
 * @public
 */
export function worstOverall(
  statuses: Iterable<OverallStatus>,
): OverallStatus | null {
  let worst: OverallStatus | null = null;
  for (const status of statuses) {
    if (
      worst === null ||
      OVERALL_STATUSES.indexOf(status) < OVERALL_STATUSES.indexOf(worst)
    ) {
      worst = status;
    }
  }
  return worst;
}
