/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { HumanDuration } from '@backstage/types';

/*
 * Every duration in the dr config reads the same forms, with one parser:
 * `15m`, `4h`, `90d`, `1h30m`, `90 days`, `15 minutes`, ISO 8601 (`PT15M`,
 * `P90D`) or a Backstage object such as `{ days: 90 }`. Months and years are
 * refused: they have no fixed length.
 *
 * Schedules (`dr.indexing`, `dr.catalogSync`, `dr.postureSweep`) are read
 * like every Backstage schedule (`readSchedulerServiceTaskScheduleDefinitionFromConfig`):
 * `frequency` may also be `{ cron: '*\/5 * * * *' }` or `{ trigger: manual }`.
 */
export interface Config {
  dr?: {
    /**
     * Named tiers entities refer to with `dr.backstage.io/tier`. Explicit
     * `dr.backstage.io/rto` and `dr.backstage.io/rpo` annotations win.
     */
    tiers?: {
      [name: string]: {
        /** Recovery time objective, e.g. `1h`, `PT1H` or `{ hours: 1 }`. */
        rto?: HumanDuration | string;
        /** Recovery point objective, e.g. `15m` or `15 minutes`. */
        rpo?: HumanDuration | string;
        /** How often drills must succeed, e.g. `90d`, `90 days` or `{ days: 90 }`. */
        drillCadence?: HumanDuration | string;
        /** Approvals a restore of an entity in this tier needs, default 1. */
        requiredApprovals?: number;
        /**
         * Warn when the newest sound backup (WAL aside) is older than this,
         * before the RPO breaches, e.g. `25h`; a plan's
         * `spec.alerts.backupAge` wins.
         */
        backupAgeWarning?: HumanDuration | string;
        /**
         * Warn when the newest archived WAL segment (or replicated WAL) is
         * older than this, e.g. `30m`; a plan's `spec.alerts.walAge` wins.
         */
        walAgeWarning?: HumanDuration | string;
        description?: string;
      };
    };
    defaults?: {
      /** Drill cadence when neither the plan nor the tier sets one, default `90d`. */
      drillCadence?: HumanDuration | string;
      /**
       * For an RPO of 0 (no data loss): how far behind now the end of a
       * continuously archived recovery window may be, default `5m`.
       */
      rpoZeroTolerance?: HumanDuration | string;
    };
    indexing?: {
      /** Set to false to stop scheduled indexing (the API still answers). */
      enabled?: boolean;
      /**
       * How often each source is indexed, default 5 minutes; a duration or
       * `{ cron: '*\/5 * * * *' }`. `dr.sources.<id>.frequency` wins.
       */
      frequency?:
        | HumanDuration
        | string
        | { cron: string }
        | { trigger: 'manual' };
      /**
       * Longest an indexing run may take, default 30 minutes. Each call a
       * run makes is bounded sooner by `dr.sources.<id>.timeouts`.
       */
      timeout?: HumanDuration | string;
      /** Delay after start-up before the first run, default 3 seconds. */
      initialDelay?: HumanDuration | string;
      /** `global` (default: one replica at a time) or `local`. */
      scope?: 'global' | 'local';
      /** Longest wait between retries of a failing source, default 1 hour. */
      maxBackoff?: HumanDuration | string;
    };
    catalogSync?: {
      /**
       * How often the catalog snapshot (objectives, plans, stored postures)
       * is refreshed, default 5 minutes; a duration or `{ cron: '...' }`.
       */
      frequency?:
        | HumanDuration
        | string
        | { cron: string }
        | { trigger: 'manual' };
      /** Longest a sync may take, default 30 minutes. */
      timeout?: HumanDuration | string;
      /** Delay after start-up before the first sync, default 5 seconds. */
      initialDelay?: HumanDuration | string;
      scope?: 'global' | 'local';
    };
    postureSweep?: {
      /**
       * How often stored postures whose judgement stopped holding (an RPO
       * turning breached, a drill turning overdue) are recomputed, default
       * every minute. Only those entities are read.
       */
      frequency?:
        | HumanDuration
        | string
        | { cron: string }
        | { trigger: 'manual' };
      /** Longest a sweep may take, default 10 minutes. */
      timeout?: HumanDuration | string;
      /** Delay after start-up before the first sweep, default 10 seconds. */
      initialDelay?: HumanDuration | string;
      scope?: 'global' | 'local';
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
      /**
       * How often requests past their expiry are marked expired, default
       * every minute. Reads show them as expired in between.
       */
      expiryCheck?: {
        frequency?: HumanDuration | string | { cron: string };
        timeout?: HumanDuration | string;
        initialDelay?: HumanDuration | string;
      };
      /** Approvals needed when the entity's tier sets none, default 1. */
      requiredApprovals?: number;
      /** Notified of every restore request besides the entity's owner, e.g. group:default/platform-team. */
      approverGroups?: string[];
      /** Service subjects allowed to claim approvals, run restores and record the drill of an approval they claimed, default plugin:scaffolder. */
      executors?: string[];
      /** Template started once a request is approved, default template:default/dr-restore-execute. */
      executionTemplate?: string;
      /**
       * A template per restore kind (e.g. postgres: template:default/dr-restore-execute-postgres),
       * so a task lists only its kind's steps; other kinds use executionTemplate.
       */
      executionTemplates?: { [kind: string]: string };
    };
    /**
     * Restore-test plans: scheduled restores into a sandbox target
     * (dr.restoreTargets.<id>.allowRestoreTests), checked and recorded as
     * `restore-test` drills, without a human approval.
     */
    restoreTests?: {
      [plan: string]: {
        /** Entity refs the plan tests. */
        entities?: string[];
        /** Every entity of these tiers. */
        tiers?: string[];
        /** A Backstage schedule, default every 7 days; global (one replica per run). */
        schedule?: {
          frequency?:
            | HumanDuration
            | string
            | { cron: string }
            | { trigger: 'manual' };
          timeout?: HumanDuration | string;
          initialDelay?: HumanDuration | string;
          scope?: 'global' | 'local';
        };
        /** latest (default), random-within-window or point-in-time, with window (e.g. 7d). */
        backup?: {
          pick?: 'latest' | 'random-within-window' | 'point-in-time';
          window?: HumanDuration | string;
        };
        /** A restore target marked allowRestoreTests: true. */
        target: string;
        /** Scenario recorded on the drill, default restore-test. */
        scenario?: string;
        /** Checks in the dr:verify format (sql, http). */
        checks?: Array<{ [key: string]: unknown }>;
        /** A run taking longer fails, default the schedule's timeout (1 hour). */
        timeout?: HumanDuration | string;
        /** Drop the restored data after the checks, default true. */
        cleanup?: boolean;
      };
    };
    audit?: {
      /** The tier whose RPO/RTO compliance the audit summarises, default `tier-1`. */
      criticalTier?: string;
    };
  };
}
