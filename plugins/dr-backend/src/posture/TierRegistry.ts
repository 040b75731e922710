/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { durationValueToMs } from '@dr-suite/backstage-plugin-dr-common';

/**
 * A tier from `dr.tiers.<name>`.
 * @internal
 */
export interface Tier {
  name: string;
  rtoSeconds: number | null;
  rpoSeconds: number | null;
  drillCadenceDays: number | null;
  /** Approvals a restore of an entity in this tier needs. */
  requiredApprovals: number | null;
  /**
   * Warning thresholds on the age of the newest backup and WAL segment,
   * separate from the RPO; a plan's `spec.alerts` wins.
   */
  backupAgeWarningSeconds: number | null;
  walAgeWarningSeconds: number | null;
  /** Why part of the tier's config was ignored. */
  errors: string[];
}

/**
 * Tiers defined in app-config. A broken value is reported on the tier and
 * ignored rather than stopping the backend.
 * @internal
 */
export class TierRegistry {
  readonly #tiers = new Map<string, Tier>();

  static fromConfig(config: Config, logger: LoggerService): TierRegistry {
    const registry = new TierRegistry();
    const tiers = config.getOptionalConfig('dr.tiers');
    for (const name of tiers?.keys() ?? []) {
      const tierConfig = tiers!.getConfig(name);
      const errors: string[] = [];
      const read = (key: string): number | null => {
        const value = tierConfig.getOptional(key);
        if (value === undefined) return null;
        try {
          // The config's one grammar: `1h`, `90 days`, `PT1H`, `{ days: 90 }`.
          return Math.max(1, Math.round(durationValueToMs(value) / 1000));
        } catch (error) {
          errors.push(`dr.tiers.${name}.${key}: ${(error as Error).message}`);
          return null;
        }
      };
      const cadence = read('drillCadence');
      const approvals =
        tierConfig.getOptionalNumber('requiredApprovals') ?? null;
      const tier: Tier = {
        name,
        rtoSeconds: read('rto'),
        rpoSeconds: read('rpo'),
        drillCadenceDays: cadence === null ? null : cadence / 86400,
        requiredApprovals:
          approvals !== null && approvals >= 1 ? Math.floor(approvals) : null,
        backupAgeWarningSeconds: read('backupAgeWarning'),
        walAgeWarningSeconds: read('walAgeWarning'),
        errors,
      };
      for (const error of errors)
        logger.error(`Ignoring invalid tier setting ${error}`);
      registry.#tiers.set(name, tier);
    }
    return registry;
  }

  get(name: string): Tier | undefined {
    return this.#tiers.get(name);
  }

  names(): string[] {
    return [...this.#tiers.keys()];
  }
}
