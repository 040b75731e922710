/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationValueToMs } from '@dr-suite/backstage-plugin-dr-common';

/**
 * Reads an optional duration from config as milliseconds, with the suite's
 * one duration grammar: `15m`, `4h`, `90d`, `90 days`, `PT15M` or a
 * Backstage object such as `{ hours: 1 }`.
 *
 * @throws InputError naming the key when the value is not a duration.
 * @public
 */
export function readIntervalMs(
  config: Config,
  key: string,
): number | undefined {
  if (!config.has(key)) return undefined;
  try {
    // Zero is meaningful for some settings; callers refuse it where not.
    return durationValueToMs(config.get(key), { allowZero: true });
  } catch (error) {
    throw new InputError(
      `Invalid duration in config at '${key}': ${(error as Error).message}`,
    );
  }
}
