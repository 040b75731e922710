/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { HumanDuration } from '@backstage/types';

export interface Config {
  dr?: {
    /**
     * Named tiers entities refer to with `dr.backstage.io/tier`. Explicit
     * `dr.backstage.io/rto` and `dr.backstage.io/rpo` annotations win.
     */
    tiers?: {
      [name: string]: {
        /** Recovery time objective, e.g. `1h` or `PT1H`. */
        rto?: string;
        /** Recovery point objective, e.g. `15m`. */
        rpo?: string;
        /** How often drills must succeed, e.g. `90d`. */
        drillCadence?: string;
        /** Approvals a restore of an entity in this tier needs, default 1. */
        requiredApprovals?: number;
        description?: string;
      };
    };
    defaults?: {
      /** Drill cadence when neither the plan nor the tier sets one, default `90d`. */
      drillCadence?: string;
    };
    indexing?: {
      /** Set to false to stop scheduled indexing (the API still answers). */
      enabled?: boolean;
      /** How often each source is indexed, default 5 minutes. */
      frequency?: HumanDuration | string;
      /**
       * Longest an indexing run may take, default 30 minutes. Each call a
       * run makes is bounded sooner by `dr.sources.<id>.timeouts`.
       */
      timeout?: HumanDuration | string;
      /** Delay after start-up before the first run, default 3 seconds. */
      initialDelay?: HumanDuration | string;
      /** Longest wait between retries of a failing source, default 1 hour. */
      maxBackoff?: HumanDuration | string;
    };
    catalogSync?: {
      /** How often the audit's catalog snapshot is refreshed, default 5 minutes. */
      frequency?: HumanDuration | string;
      initialDelay?: HumanDuration | string;
    };
    plans?: {
      /** How long a read plan is trusted before it is read again, default 30 minutes. */
      refreshInterval?: HumanDuration | string;
      /** Largest plan document read, default 1 MiB. */
      maxBytes?: number;
    };
    approvals?: {
      /** How long a restore request stays valid, default 24 hours. */
      expiry?: HumanDuration | string;
      /** Approvals needed when the entity's tier sets none, default 1. */
      requiredApprovals?: number;
      /** Notified of every restore request besides the entity's owner, e.g. group:default/platform-team. */
      approverGroups?: string[];
      /** Service subjects allowed to claim approvals, run restores and record the drill of an approval they claimed, default plugin:scaffolder. */
      executors?: string[];
      /** Template started once a request is approved, default template:default/dr-restore-execute. */
      executionTemplate?: string;
    };
    audit?: {
      /** The tier whose RPO/RTO compliance the audit summarises, default `tier-1`. */
      criticalTier?: string;
    };
  };
}
