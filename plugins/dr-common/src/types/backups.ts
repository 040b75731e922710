/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { RecoveryWindow } from './posture';

/**
 * Kind of backup.
 * @public
 */
export type BackupType = 'full' | 'incremental' | 'wal' | 'snapshot';

/**
 * Outcome of a backup as its source reports it.
 * @public
 */
export type BackupStatus =
  | 'succeeded'
  | 'partially-failed'
  | 'failed'
  | 'in-progress';

/**
 * One indexed backup.
 * @public
 */
export interface BackupRecord {
  id: string;
  sourceId: string;
  sourceType: string;
  /** Object key, file path relative to the volume, or CR name. */
  key: string;
  name: string;
  type: BackupType;
  status: BackupStatus;
  startedAt: string | null;
  completedAt: string | null;
  sizeBytes: number | null;
  checksum: string | null;
  encrypted: boolean | null;
  /**
   * Why a backup that completed does not look restorable (implausible size,
   * missing required encryption); such a backup is listed but never counts
   * toward RPO. Null when it looks sound.
   */
  suspicion?: string | null;
  /** Extra facts the source told, e.g. Velero warnings or storage location. */
  details: Record<string, unknown>;
  /** Set once a verified restore (a drill whose checks all passed) used this backup. */
  verifiedRestorable?: BackupVerification | null;
  /**
   * On a restore approval's backup: the recovery window of its data store
   * when the request was filed, for point-in-time restores.
   */
  recoveryWindow?: RecoveryWindow;
}

/**
 * Proof that a backup restores: the verified drill that restored it.
 * @public
 */
export interface BackupVerification {
  /** When the verified restore completed. */
  verifiedAt: string;
  drillId: string;
  /** The restore-test plan that ran it; null for a drill people ran. */
  restoreTestPlan: string | null;
}

/**
 * A page of backups, newest first.
 * @public
 */
export interface BackupPage {
  items: BackupRecord[];
  nextCursor: string | null;
}

/**
 * Health of one configured backup source's index.
 * @public
 */
export interface SourceStatus {
  sourceId: string;
  type: string;
  status: 'ok' | 'stale' | 'pending';
  lastIndexedAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextAttemptAt: string | null;
  backupCount: number;
}

/**
 * Backups of one time bucket of a timeline.
 * @public
 */
export interface BackupTimelineBucket {
  start: string;
  end: string;
  succeeded: number;
  /** Failed or partially failed backups. */
  failed: number;
}

/**
 * A stretch without any successful backup that is longer than the RPO target.
 * @public
 */
export interface BackupGap {
  from: string;
  to: string;
  seconds: number;
}

/**
 * Response of `GET /entities/:kind/:namespace/:name/backups/timeline`:
 * backups bucketed over a window, with the RPO gaps in it.
 * @public
 */
export interface BackupTimeline {
  from: string;
  to: string;
  bucketSeconds: number;
  rpoTargetSeconds: number | null;
  buckets: BackupTimelineBucket[];
  /** Empty without an RPO target. The last gap may end at `to` (now). */
  gaps: BackupGap[];
}
