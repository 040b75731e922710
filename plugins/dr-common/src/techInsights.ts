/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The ids of the DR checks the Tech Insights module registers, shared with
 * the DR scorecard card that runs them, in the order the card shows them.
 * @public
 */
export const drTechInsightsCheckIds = {
  /** "RPO met": the newest successful backup is younger than the RPO. */
  rpoMet: 'drRpoMet',
  /** "Drill current": a successful drill within the drill cadence. */
  drillCurrent: 'drDrillCurrent',
  /** "Restore tested in the last 30 days". */
  restoreTested30d: 'drRestoreTested30d',
} as const;
