/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackstageCredentials,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError, stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds, type HumanDuration } from '@backstage/types';
import {
  type BackupSource,
  type BackupSourceRegistry,
  readIntervalMs,
} from '@dr-suite/backstage-plugin-dr-node';
import type { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import type { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import type { PlanService } from '../plan/PlanService';
import type { PostureService } from '../posture/PostureService';
import type { BackupFactsRefresher } from './BackupFactsRefresher';
import { readTaskSchedule } from './readTaskSchedule';

const DEFAULT_FREQUENCY: HumanDuration = { minutes: 5 };
const DEFAULT_TIMEOUT: HumanDuration = { minutes: 30 };
const DEFAULT_MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * What happened when a source's task ran.
 * @internal
 */
export type IndexRunOutcome =
  | { status: 'skipped'; reason: string }
  | {
      status: 'succeeded';
      mode: string;
      listed: number;
      upserted: number;
      removed: number;
    }
  | { status: 'failed'; error: string; nextAttemptAt: Date };

/** Scheduler task id of a source. */
export function indexTaskId(sourceId: string): string {
  return `dr-index:${sourceId}`;
}

/**
 * What `refresh` indexes now: one source, the sources of one entity, or,
 * with neither, every source. `full` asks for a full listing.
 * @internal
 */
export interface RefreshTarget {
  sourceId?: string;
  entityRef?: string;
  full?: boolean;
}

/**
 * What resolves an entity to its backup sources for `refresh`.
 * @internal
 */
export interface EntitySourcesResolution {
  catalog: CatalogService;
  plans: PlanService;
  posture: PostureService;
}

/**
 * Judges whether indexed backups look restorable.
 * @internal
 */
export interface BackupSoundnessCheck {
  /**
   * Judges the series a run of the source wrote to (backups written at or
   * after `since`); returns the backups whose judgement changed.
   */
  assess(
    sourceId: string,
    since: Date,
  ): Promise<Array<{ key: string; suspicion: string | null }>>;
}

/**
 * Indexes each configured source on the Backstage scheduler. Tasks are
 * `global`, so with several backend replicas one source is indexed by one
 * replica at a time. A failing source keeps its last good index, is marked
 * stale with the error and waits an exponentially growing delay before the
 * next attempt; the other sources carry on.
 * @internal
 */
export class BackupIndexer {
  readonly #scheduler: SchedulerService;
  readonly #registry: BackupSourceRegistry;
  readonly #sourceStore: DatabaseSourceStore;
  readonly #backupStore: DatabaseBackupStore;
  readonly #facts: BackupFactsRefresher;
  readonly #logger: LoggerService;
  readonly #config: Config;
  readonly #entitySources?: EntitySourcesResolution;
  readonly #soundness?: BackupSoundnessCheck;

  constructor(options: {
    scheduler: SchedulerService;
    registry: BackupSourceRegistry;
    sourceStore: DatabaseSourceStore;
    backupStore: DatabaseBackupStore;
    facts: BackupFactsRefresher;
    logger: LoggerService;
    config: Config;
    /** Needed to refresh by entity. */
    entitySources?: EntitySourcesResolution;
    /** Judges the backups a run wrote before they count toward RPO. */
    soundness?: BackupSoundnessCheck;
  }) {
    this.#entitySources = options.entitySources;
    this.#soundness = options.soundness;
    this.#scheduler = options.scheduler;
    this.#registry = options.registry;
    this.#sourceStore = options.sourceStore;
    this.#backupStore = options.backupStore;
    this.#facts = options.facts;
    this.#logger = options.logger;
    this.#config = options.config;
  }

  async start(): Promise<void> {
    const sources = this.#registry.list();
    await this.#sourceStore.ensure(
      sources.map(s => ({ sourceId: s.id, type: s.type })),
    );
    for (const problem of this.#registry.problems()) {
      await this.#sourceStore.ensure([
        { sourceId: problem.sourceId, type: problem.type ?? 'unknown' },
      ]);
      await this.#sourceStore.recordFailure(problem.sourceId, {
        error: problem.message,
        startedAt: new Date(),
        nextAttemptAt: new Date(),
      });
    }
    if (this.#config.getOptionalBoolean('dr.indexing.enabled') === false) {
      this.#logger.info('Backup indexing is disabled by dr.indexing.enabled');
      return;
    }
    for (const source of sources) {
      await this.#scheduler.scheduleTask({
        id: indexTaskId(source.id),
        ...this.#schedule(source),
        fn: async abortSignal => {
          await this.runSource(source.id, abortSignal);
        },
      });
    }
  }

  /** Ids of the sources that are configured and indexed. */
  sourceIds(): string[] {
    return this.#registry.list().map(s => s.id);
  }

  /** Asks for an immediate run of a source, bypassing backoff. */
  async trigger(
    sourceId: string,
    options: { full?: boolean } = {},
  ): Promise<void> {
    if (!this.#registry.get(sourceId)) {
      throw new NotFoundError(`No backup source "${sourceId}" is configured`);
    }
    await this.#sourceStore.requestRun(sourceId, options.full ?? false);
    try {
      await this.#scheduler.triggerTask(indexTaskId(sourceId));
    } catch (error) {
      // Already running: the request stays recorded for the next run.
      if ((error as Error).name !== 'ConflictError') throw error;
    }
  }

  /**
   * Indexes now: one source, the sources of one entity the caller can see
   * (its DR plan is read again first, so a changed plan counts), or every
   * source. Returns the ids of the sources triggered.
   */
  async refresh(
    target: RefreshTarget,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    let sourceIds: string[];
    if (target.sourceId) {
      sourceIds = [target.sourceId];
    } else if (target.entityRef) {
      sourceIds = await this.#sourcesOfEntity(target.entityRef, credentials);
    } else {
      sourceIds = this.sourceIds();
    }
    for (const sourceId of sourceIds) {
      await this.trigger(sourceId, { full: target.full });
    }
    return sourceIds;
  }

  async #sourcesOfEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (!this.#entitySources) {
      throw new Error('The indexer was built without entity resolution');
    }
    const { catalog, plans, posture } = this.#entitySources;
    let ref: CompoundEntityRef;
    try {
      ref = parseEntityRef(entityRef);
    } catch (error) {
      throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
    }
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    await plans.getForEntity(entity, { refresh: true });
    const { resolved } = await posture.evaluate(entity);
    return [...new Set(resolved.selectors.map(s => s.sourceId))];
  }

  /** One indexing run of a source, as its scheduled task does it. */
  async runSource(
    sourceId: string,
    signal?: AbortSignal,
  ): Promise<IndexRunOutcome> {
    const source = this.#registry.get(sourceId);
    if (!source) return { status: 'skipped', reason: 'not configured' };
    const logger = this.#logger.child({ source: sourceId });
    const state = await this.#sourceStore.getRunState(sourceId);
    const now = new Date();
    const requested = Boolean(
      state?.requestedAt &&
        (!state.lastAttemptAt || state.requestedAt >= state.lastAttemptAt),
    );
    if (!requested && state?.nextAttemptAt && state.nextAttemptAt > now) {
      logger.debug(`Backing off until ${state.nextAttemptAt.toISOString()}`);
      return { status: 'skipped', reason: 'backing off' };
    }

    try {
      const result = await source.index({
        sink: this.#backupStore.sinkFor(sourceId, source.type),
        logger,
        previousState: state?.state,
        full: state?.fullRequested,
        eager: requested,
        signal,
      });
      const judged = (await this.#soundness?.assess(sourceId, now)) ?? [];
      for (const { key, suspicion } of judged) {
        if (suspicion)
          logger.warn(`Backup ${key} is skipped for RPO. ${suspicion}`);
        else
          logger.info(`Backup ${key} looks sound again and counts toward RPO`);
      }
      await this.#sourceStore.recordSuccess(sourceId, {
        state: result.state,
        mode: result.mode,
        backupCount: await this.#backupStore.countForSource(sourceId),
        startedAt: now,
      });
      const entities = await this.#facts.refreshForSource(sourceId);
      logger.info(
        `Indexed backup source (${result.mode}): ${result.listed} listed, ${result.upserted} written, ${result.removed} removed, ${entities} entities refreshed`,
      );
      return { status: 'succeeded', ...result };
    } catch (error) {
      const failures = (state?.consecutiveFailures ?? 0) + 1;
      const delay = Math.min(
        this.#frequencyMs(source) * 2 ** (failures - 1),
        readIntervalMs(this.#config, 'dr.indexing.maxBackoff') ??
          DEFAULT_MAX_BACKOFF_MS,
      );
      const nextAttemptAt = new Date(now.getTime() + delay);
      const message = stringifyError(error);
      await this.#sourceStore.recordFailure(sourceId, {
        error: message,
        startedAt: now,
        nextAttemptAt,
      });
      await this.#facts.sourceHealthChanged(sourceId);
      logger.warn(
        `Indexing failed (${failures} in a row), keeping the last good index; next attempt after ${nextAttemptAt.toISOString()}: ${message}`,
      );
      return { status: 'failed', error: message, nextAttemptAt };
    }
  }

  #frequencyMs(source: BackupSource): number {
    const { frequency } = this.#schedule(source);
    // A cron or manual schedule has no interval; back off from the default.
    return 'cron' in frequency || 'trigger' in frequency
      ? durationToMilliseconds(DEFAULT_FREQUENCY)
      : durationToMilliseconds(frequency as HumanDuration);
  }

  /**
   * `dr.indexing` read as a Backstage schedule (cron included); a source's
   * own `dr.sources.<id>.frequency` wins over `dr.indexing.frequency`.
   */
  #schedule(
    source: BackupSource,
  ): Omit<SchedulerServiceTaskScheduleDefinition, 'fn'> {
    const defaults = {
      frequency: DEFAULT_FREQUENCY,
      timeout: DEFAULT_TIMEOUT,
      initialDelay: { seconds: 3 },
    };
    const schedule = readTaskSchedule(this.#config, 'dr.indexing', defaults);
    const sourceKey = `dr.sources.${source.id}`;
    if (this.#config.has(`${sourceKey}.frequency`)) {
      schedule.frequency = readTaskSchedule(
        this.#config,
        sourceKey,
        defaults,
      ).frequency;
    }
    return schedule;
  }
}
