/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { AgeThresholdPosture } from '@dr-suite/backstage-plugin-dr-common';

/**
 * A warning threshold on the age of the newest backup, separate from the
 * RPO: `exceeded` once `since` is older than the threshold, `unknown`
 * without a backup. `turnsAt` is when an `ok` turns `exceeded`.
 * @internal
 */
export function ageThreshold(
  thresholdSeconds: number,
  since: Date | null,
  now: Date,
): { posture: AgeThresholdPosture; turnsAt: number | null } {
  if (!since) {
    return {
      posture: {
        status: 'unknown',
        thresholdSeconds,
        actualSeconds: null,
        since: null,
      },
      turnsAt: null,
    };
  }
  const actualSeconds = Math.max(
    0,
    Math.round((now.getTime() - since.getTime()) / 1000),
  );
  const exceeded = actualSeconds > thresholdSeconds;
  return {
    posture: {
      status: exceeded ? 'exceeded' : 'ok',
      thresholdSeconds,
      actualSeconds,
      since: since.toISOString(),
    },
    // actualSeconds is rounded, so "exceeded" starts half a second past it.
    turnsAt: exceeded ? null : since.getTime() + thresholdSeconds * 1000 + 500,
  };
}
