/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  DEFAULT_SOUNDNESS_POLICY,
  type SoundnessPolicy,
} from './backupSoundness';

/**
 * What the posture needs to know about each configured source beyond its
 * backups: where its copies are kept (`location`) and when one of its
 * backups is sound (`dr.backupChecks`, `dr.sources.<id>.backupChecks`,
 * `requireEncryption`). Read once; a bad value is logged and replaced by
 * the default, never fatal.
 * @internal
 */
export class SourcePolicies {
  readonly #locations = new Map<string, string>();
  readonly #policies = new Map<string, SoundnessPolicy>();
  readonly #default: SoundnessPolicy;
  readonly #problems: string[] = [];

  static fromConfig(config: Config, logger?: LoggerService): SourcePolicies {
    const policies = new SourcePolicies(config);
    for (const problem of policies.#problems) logger?.error(problem);
    return policies;
  }

  private constructor(config: Config) {
    this.#default = this.#readChecks(
      config.getOptionalConfig('dr.backupChecks'),
      DEFAULT_SOUNDNESS_POLICY,
      'dr.backupChecks',
    );
    const sources = config.getOptionalConfig('dr.sources');
    for (const id of sources?.keys() ?? []) {
      const source = sources!.getOptionalConfig(id);
      if (!source) continue;
      const path = `dr.sources.${id}`;
      const location = this.#read(
        () => source.getOptionalString('location'),
        `${path}.location`,
      );
      if (location?.trim()) this.#locations.set(id, location.trim());
      const policy = this.#readChecks(
        this.#read(
          () => source.getOptionalConfig('backupChecks'),
          `${path}.backupChecks`,
        ),
        this.#default,
        `${path}.backupChecks`,
      );
      const requireEncryption = this.#read(
        () => source.getOptionalBoolean('requireEncryption'),
        `${path}.requireEncryption`,
      );
      this.#policies.set(id, {
        ...policy,
        requireEncryption: requireEncryption ?? policy.requireEncryption,
      });
    }
  }

  /** Where the source keeps its copies; null when not configured. */
  location(sourceId: string): string | null {
    return this.#locations.get(sourceId) ?? null;
  }

  /** When a backup of this source counts as sound. */
  soundness(sourceId: string): SoundnessPolicy {
    return this.#policies.get(sourceId) ?? this.#default;
  }

  /** Settings that were ignored, with why. */
  problems(): string[] {
    return [...this.#problems];
  }

  #read<T>(read: () => T, path: string): T | undefined {
    try {
      return read();
    } catch (error) {
      this.#problems.push(`${path} is ignored: ${(error as Error).message}`);
      return undefined;
    }
  }

  #readChecks(
    checks: Config | undefined,
    base: SoundnessPolicy,
    path: string,
  ): SoundnessPolicy {
    if (!checks) return base;
    const number = (
      key: string,
      valid: (n: number) => boolean,
      rule: string,
    ): number | undefined => {
      const value = this.#read(
        () => checks.getOptionalNumber(key),
        `${path}.${key}`,
      );
      if (value === undefined) return undefined;
      if (!Number.isFinite(value) || !valid(value)) {
        this.#problems.push(`${path}.${key} is ignored: it must be ${rule}`);
        return undefined;
      }
      return value;
    };
    const minSizeBytes = number(
      'minSizeBytes',
      n => n >= 0,
      'a number of bytes, 0 or more',
    );
    const sizeHistory = number(
      'sizeHistory',
      n => Number.isInteger(n) && n >= 1 && n <= 100,
      'a whole number from 1 to 100',
    );
    let maxSizeChange: number | null | undefined;
    if (checks.getOptional('maxSizeChange') === false) {
      maxSizeChange = null;
    } else {
      maxSizeChange = number(
        'maxSizeChange',
        n => n > 0 && n <= 100,
        'a fraction such as 0.5 (50%), or false',
      );
    }
    return {
      minSizeBytes: minSizeBytes ?? base.minSizeBytes,
      sizeHistory: sizeHistory ?? base.sizeHistory,
      maxSizeChange:
        maxSizeChange === undefined ? base.maxSizeChange : maxSizeChange,
      requireEncryption: base.requireEncryption,
    };
  }
}
