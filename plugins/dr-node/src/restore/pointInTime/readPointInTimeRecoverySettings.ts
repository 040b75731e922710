/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Config } from '@backstage/config';
import type { PointInTimeRecoverySettings } from './PointInTimeRecovery';

/**
 * Reads `dr.pointInTimeRecovery` (binDir, scratchDirectory, runAs).
 * @public
 */
export function readPointInTimeRecoverySettings(
  config: Config,
): PointInTimeRecoverySettings {
  const section = config.getOptionalConfig('dr.pointInTimeRecovery');
  return {
    binDir: section?.getOptionalString('binDir'),
    scratchDirectory: section?.getOptionalString('scratchDirectory'),
    runAs: section?.getOptionalString('runAs'),
  };
}
