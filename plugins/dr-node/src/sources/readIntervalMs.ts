/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { type Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/**
 * Reads an optional duration (`{ hours: 1 }`, `1h` or `PT1H`) as milliseconds.
 * @public
 */
export function readIntervalMs(
  config: Config,
  key: string,
): number | undefined {
  if (!config.has(key)) return undefined;
  return durationToMilliseconds(readDurationFromConfig(config, { key }));
}
