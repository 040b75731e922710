/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * When a completed backup looks restorable: `dr.backupChecks`, narrowed per
 * source by `dr.sources.<id>.backupChecks`.
 * @internal
 */
export interface SoundnessPolicy {
  /** A backup smaller than this many bytes is suspicious. */
  minSizeBytes: number;
  /**
   * Largest change, as a fraction, against the median size of the previous
   * backups of its series (0.5: more than 50% smaller or larger is
   * suspicious); null turns the comparison off.
   */
  maxSizeChange: number | null;
  /** How many previous backups of the series the median is taken over. */
  sizeHistory: number;
  /** Whether the source's backups must be encrypted (detected from content or metadata). */
  requireEncryption: boolean;
}

/** Defaults: seed 004 alerts when a dump's size changed by more than 50%. */
export const DEFAULT_SOUNDNESS_POLICY: SoundnessPolicy = {
  minSizeBytes: 1,
  maxSizeChange: 0.5,
  sizeHistory: 7,
  requireEncryption: false,
};

/** Fewer previous backups than this say nothing about a normal size. */
const MIN_HISTORY = 3;

/**
 * The series a backup belongs to: its key with every run of digits (dates,
 * times, counters) replaced, so `orders_full_20261130_020000.sql.gz` and the
 * next night's dump are compared with each other and not with the WAL.
 * @internal
 */
export function seriesOf(key: string): string {
  return key.replace(/\d+/g, '#').slice(0, 1024);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0
    ? `${Math.round(bytes)} bytes`
    : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * A completed backup of a series, as it is judged.
 * @internal
 */
export interface JudgedBackup {
  id: string;
  /** An incremental backup's size follows the churn, not the data: only the floor applies. */
  type?: string;
  sizeBytes: number | null;
  encrypted: boolean | null;
}

/**
 * Judges the completed backups of one series, oldest first: why each one is
 * suspicious, or null when it looks sound. A size is compared with the
 * median of the `sizeHistory` completed backups before it (suspicious ones
 * included, so a lasting change of the data stops being flagged once it is
 * the norm); the first few of a series are only held to the floor.
 * @internal
 */
export function judgeSeries(
  backups: JudgedBackup[],
  policy: SoundnessPolicy,
  sourceId: string,
): Array<string | null> {
  const sizes: number[] = [];
  return backups.map(backup => {
    const reasons: string[] = [];
    if (policy.requireEncryption && backup.encrypted !== true) {
      reasons.push(
        backup.encrypted === false
          ? `it is not encrypted, although source "${sourceId}" requires encryption`
          : `its encryption could not be detected, although source "${sourceId}" requires encryption`,
      );
    }
    const size = backup.sizeBytes;
    if (size !== null) {
      if (size < policy.minSizeBytes) {
        reasons.push(
          `its size, ${formatBytes(size)}, is below the floor of ${formatBytes(
            policy.minSizeBytes,
          )}`,
        );
      } else if (
        backup.type !== 'incremental' &&
        policy.maxSizeChange !== null &&
        sizes.length >= Math.min(MIN_HISTORY, policy.sizeHistory)
      ) {
        const usual = median(sizes.slice(-policy.sizeHistory));
        const change = usual > 0 ? (size - usual) / usual : 0;
        if (Math.abs(change) > policy.maxSizeChange) {
          reasons.push(
            `its size, ${formatBytes(size)}, is ${Math.round(
              Math.abs(change) * 100,
            )}% ${
              change < 0 ? 'smaller' : 'larger'
            } than the median ${formatBytes(usual)} of the previous ${Math.min(
              sizes.length,
              policy.sizeHistory,
            )} backups of its series (at most ${Math.round(
              policy.maxSizeChange * 100,
            )}% is expected)`,
          );
        }
      }
      if (backup.type !== 'incremental') sizes.push(size);
    }
    return reasons.length ? `Suspicious: ${reasons.join('; ')}.` : null;
  });
}
