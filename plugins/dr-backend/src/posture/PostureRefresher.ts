/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  EntityPosture,
  SourceStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import type { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import type {
  DatabaseEntityStore,
  EntityWithFacts,
  SystemPartsRollup,
} from '../database/DatabaseEntityStore';
import type { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import { readTaskSchedule } from '../indexing/readTaskSchedule';
import { type AssembledPosture, assemblePosture } from './PostureAssembler';
import { factsOf, inputsOf } from './entitySnapshot';
import type { PostureNotifier } from './PostureNotifier';
import { withRollupForOwners } from './systemRollup';

/**
 * Systems whose worst part changed while their own posture stood still (not
 * among `recomputed`), with their stored posture rolled up, as owners hear.
 */
function movedSystems(systems: SystemPartsRollup[], recomputed: Set<string>) {
  return systems.flatMap(s =>
    s.changed && s.posture && !recomputed.has(s.entityRef)
      ? [
          {
            posture: withRollupForOwners(s.posture, s.worstPart, s.owner),
            owner: s.owner,
          },
        ]
      : [],
  );
}

/** Scheduler task id of the sweep. @internal */
export const POSTURE_SWEEP_TASK_ID = 'dr-posture-sweep';
const BATCH = 500;

/**
 * Keeps each entity's stored posture current: recomputes it when its facts,
 * its snapshot or its sources' health change, and, on a schedule, when time
 * passed the instant its stored judgement stops holding.
 * @internal
 */
export class PostureRefresher {
  readonly #entities: DatabaseEntityStore;
  readonly #sources: Pick<DatabaseSourceStore, 'list'>;
  readonly #registry: Pick<BackupSourceRegistry, 'get'>;
  readonly #clock: () => Date;
  readonly #locationOf?: (sourceId: string) => string | null;
  readonly #notifier?: Pick<PostureNotifier, 'posturesChanged' | 'forget'>;

  constructor(options: {
    entities: DatabaseEntityStore;
    sources: Pick<DatabaseSourceStore, 'list'>;
    registry: Pick<BackupSourceRegistry, 'get'>;
    /** Injected by tests to pass thresholds without waiting. */
    clock?: () => Date;
    /** Where each source keeps its copies (`dr.sources.<id>.location`). */
    locationOf?: (sourceId: string) => string | null;
    /** Tells owners what changed, once per change. */
    notifier?: Pick<PostureNotifier, 'posturesChanged' | 'forget'>;
  }) {
    this.#locationOf = options.locationOf;
    this.#notifier = options.notifier;
    this.#entities = options.entities;
    this.#sources = options.sources;
    this.#registry = options.registry;
    this.#clock = options.clock ?? (() => new Date());
  }

  now(): Date {
    return this.#clock();
  }

  /** The health of every source, as the assembler takes it. */
  sourceRows(): Promise<SourceStatus[]> {
    return this.#sources.list();
  }

  /** The posture of a stored entity row, from the one assembler. */
  assemble(
    entity: EntityWithFacts,
    sourceRows: SourceStatus[],
    now: Date,
  ): AssembledPosture {
    return assemblePosture({
      inputs: inputsOf(entity),
      facts: factsOf(entity),
      sourceRows,
      sourceType: id => this.#registry.get(id)?.type,
      locationOf: this.#locationOf,
      now,
    });
  }

  /** Recomputes and stores the postures of these entities. */
  async recompute(entityRefs: string[]): Promise<number> {
    const unique = [...new Set(entityRefs)];
    if (!unique.length) return 0;
    const now = this.#clock();
    const sourceRows = await this.#sources.list();
    let count = 0;
    for (let i = 0; i < unique.length; i += BATCH) {
      const entities = await this.#entities.getWithFacts(
        unique.slice(i, i + BATCH),
      );
      const assembled = entities.map(entity => ({
        entityRef: entity.entityRef,
        ...this.assemble(entity, sourceRows, now),
      }));
      await this.#store(entities, assembled, now);
      count += entities.length;
    }
    return count;
  }

  /** Recomputes and stores one entity's posture; undefined when it has no row. */
  async recomputeOne(entityRef: string): Promise<EntityPosture | undefined> {
    const [entity] = await this.#entities.getWithFacts([entityRef]);
    if (!entity) return undefined;
    const now = this.#clock();
    const assembled = this.assemble(entity, await this.#sources.list(), now);
    await this.#store([entity], [{ entityRef, ...assembled }], now);
    return assembled.posture;
  }

  /**
   * Stores the postures, rolls them up into the Systems they are or are
   * part of, and tells owners what changed: a System's owners hear of its
   * rollup, not only of its own objectives.
   */
  async #store(
    entities: EntityWithFacts[],
    assembled: Array<{ entityRef: string } & AssembledPosture>,
    now: Date,
  ): Promise<void> {
    await this.#entities.setPostures(assembled, now);
    const systems = await this.#entities.rollUpParts({
      entityRefs: entities.map(e => e.entityRef),
      systemRefs: entities.flatMap(e =>
        e.kind.toLocaleLowerCase('en-US') === 'system'
          ? [e.entityRef]
          : e.systemRef ?? [],
      ),
    });
    if (!this.#notifier) return;
    const worstParts = new Map(systems.map(s => [s.entityRef, s.worstPart]));
    const recomputed = new Set(entities.map(e => e.entityRef));
    await this.#notifier.posturesChanged([
      ...assembled.map((a, index) => ({
        posture: withRollupForOwners(
          a.posture,
          worstParts.get(a.entityRef),
          entities[index].owner,
        ),
        owner: entities[index].owner,
      })),
      ...movedSystems(systems, recomputed),
    ]);
  }

  /**
   * After entities left the catalog: the Systems they drove roll up their
   * remaining parts, and what their owners were told is forgotten, so an
   * entity that comes back is told afresh.
   */
  async forget(entityRefs: string[]): Promise<void> {
    if (!entityRefs.length) return;
    const systems = await this.#entities.rollUpParts({
      entityRefs,
      systemRefs: [],
    });
    await this.#notifier?.posturesChanged(movedSystems(systems, new Set()));
    await this.#notifier?.forget(entityRefs);
  }

  /** After a source's health changed: every entity that uses it. */
  async recomputeForSource(sourceId: string): Promise<number> {
    const entities = await this.#entities.listWithSelectors([sourceId]);
    return this.recompute(entities.map(e => e.entityRef));
  }

  /**
   * Recomputes only the entities whose stored posture stopped holding (an
   * RPO turned breached, a drill turned overdue).
   */
  async sweep(): Promise<number> {
    return this.#drain(() => this.#entities.duePostures(this.#clock(), BATCH));
  }

  /** Computes the postures of entities that have none stored yet. */
  async fillMissing(): Promise<number> {
    return this.#drain(() => this.#entities.missingPostures(BATCH));
  }

  async #drain(next: () => Promise<string[]>): Promise<number> {
    let total = 0;
    for (;;) {
      const refs = await next();
      if (!refs.length) return total;
      const count = await this.recompute(refs);
      total += count;
      // A short batch was the last; an empty recompute means rows left.
      if (refs.length < BATCH || count === 0) return total;
    }
  }

  async schedule(
    scheduler: SchedulerService,
    config: Config,
    logger: LoggerService,
  ): Promise<void> {
    await scheduler.scheduleTask({
      id: POSTURE_SWEEP_TASK_ID,
      ...readTaskSchedule(config, 'dr.postureSweep', {
        frequency: { minutes: 1 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 10 },
      }),
      fn: async () => {
        const count = await this.sweep();
        if (count)
          logger.debug(`Recomputed ${count} postures past a threshold`);
      },
    });
  }
}
