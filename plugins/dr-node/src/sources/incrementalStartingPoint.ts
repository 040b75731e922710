/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { JsonObject } from '@backstage/types';
import type { IndexRunContext } from './types';

/** Default time between complete listings of a bucket or volume. */
export const DEFAULT_FULL_INDEX_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The previous run's state an incremental run continues from, or undefined
 * when a complete listing is asked for, has never happened or is due again.
 */
export function incrementalStartingPoint<
  T extends JsonObject & { lastFullAt: string },
>(context: IndexRunContext, fullIntervalMs: number): T | undefined {
  const previous = context.previousState as T | undefined;
  if (context.full || !previous?.lastFullAt) return undefined;
  return Date.now() - Date.parse(previous.lastFullAt) >= fullIntervalMs
    ? undefined
    : previous;
}
