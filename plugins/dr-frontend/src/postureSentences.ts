/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  DrillPosture,
  RpoPosture,
  RtoPosture,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  formatAge,
  formatDateAndAge,
  formatOptionalDuration,
} from './formatting';

/*
 * The posture in plain words, the same on the DR tab and the overview card.
 */

function target(seconds: number | null): string {
  return seconds === null
    ? 'no target'
    : `target ${formatOptionalDuration(seconds)}`;
}

/** `target 15 min · last good backup 7 min ago` */
export function rpoSentence(rpo: RpoPosture, now: number): string {
  const actual = rpo.lastSuccessfulBackupAt
    ? `last good backup ${formatAge(rpo.lastSuccessfulBackupAt, now)}`
    : 'no good backup found';
  return `${target(rpo.targetSeconds)} · ${actual}`;
}

/** `target 1 h · measured 22 min` */
export function rtoSentence(rto: RtoPosture): string {
  const measured =
    rto.measuredSeconds === null
      ? 'not measured yet'
      : `measured ${formatOptionalDuration(rto.measuredSeconds)}`;
  return `${target(rto.targetSeconds)} · ${measured}`;
}

/** `next due Feb 7, 2027 (in 78 d)`, `was due …` or `no successful drill recorded` */
export function nextDrillSentence(drills: DrillPosture, now: number): string {
  if (drills.status === 'never' || !drills.nextDueAt) {
    return 'no successful drill recorded';
  }
  const when = formatDateAndAge(drills.nextDueAt, now);
  return drills.status === 'overdue' ? `was due ${when}` : `next due ${when}`;
}
