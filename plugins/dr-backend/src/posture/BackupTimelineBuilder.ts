/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackupGap,
  BackupTimeline,
} from '@dr-suite/backstage-plugin-dr-common';

const TARGET_BUCKETS = 120;

/**
 * Buckets backup completions over a window and finds the stretches without a
 * successful backup longer than the RPO target, so a gap is visible at a glance.
 * @internal
 */
export function buildBackupTimeline(options: {
  from: Date;
  to: Date;
  rpoTargetSeconds: number | null;
  lastSuccessBefore: Date | null;
  completions: Array<{ completedAt: Date; succeeded: boolean }>;
}): BackupTimeline {
  const { from, to, rpoTargetSeconds, completions } = options;
  const spanMs = to.getTime() - from.getTime();
  const bucketMs = Math.max(
    3600_000,
    Math.ceil(spanMs / TARGET_BUCKETS / 3600_000) * 3600_000,
  );
  const count = Math.ceil(spanMs / bucketMs);
  const buckets = Array.from({ length: count }, (_, i) => ({
    start: new Date(from.getTime() + i * bucketMs).toISOString(),
    end: new Date(
      Math.min(from.getTime() + (i + 1) * bucketMs, to.getTime()),
    ).toISOString(),
    succeeded: 0,
    failed: 0,
  }));
  for (const { completedAt, succeeded } of completions) {
    const index = Math.min(
      count - 1,
      Math.floor((completedAt.getTime() - from.getTime()) / bucketMs),
    );
    if (index < 0) continue;
    if (succeeded) buckets[index].succeeded += 1;
    else buckets[index].failed += 1;
  }

  const gaps: BackupGap[] = [];
  if (rpoTargetSeconds !== null) {
    const limitMs = rpoTargetSeconds * 1000;
    // Before the oldest backup still indexed there is nothing to judge:
    // retention removed what was there, so it is not counted as a gap.
    let previous: Date | null = options.lastSuccessBefore;
    const add = (start: Date, end: Date) => {
      if (end.getTime() - start.getTime() > limitMs) {
        gaps.push({
          from: (start < from ? from : start).toISOString(),
          to: end.toISOString(),
          seconds: Math.round((end.getTime() - start.getTime()) / 1000),
        });
      }
    };
    for (const { completedAt, succeeded } of completions) {
      if (!succeeded) continue;
      if (previous) add(previous, completedAt);
      previous = completedAt;
    }
    // A window without any successful backup is one gap.
    add(previous ?? from, to);
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucketSeconds: bucketMs / 1000,
    rpoTargetSeconds,
    buckets,
    gaps,
  };
}
