/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Approval } from '@dr-suite/backstage-plugin-dr-common';

/**
 * When a restore ran and how old its backup was: the measured RTO and RPO.
 * @public
 */
export interface RestoreTimings {
  restoreStartedAt: string;
  restoreCompletedAt: string;
  durationSeconds: number;
  backupCompletedAt: string | null;
  backupAgeSeconds: number | null;
}

/**
 * What a restore achieved in time: its duration is the measured RTO, the age
 * of the backup when the restore started the data loss it would have meant
 * (the measured RPO).
 */
export function restoreTimings(
  approval: Approval,
  startedAt: Date,
  completedAt: Date,
): RestoreTimings {
  const backupTime = approval.backup.completedAt
    ? Date.parse(approval.backup.completedAt)
    : null;
  return {
    restoreStartedAt: startedAt.toISOString(),
    restoreCompletedAt: completedAt.toISOString(),
    durationSeconds: (completedAt.getTime() - startedAt.getTime()) / 1000,
    backupCompletedAt: approval.backup.completedAt,
    backupAgeSeconds:
      backupTime === null
        ? null
        : Math.round((startedAt.getTime() - backupTime) / 1000),
  };
}
