/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  DatabasePlanStore,
  StoredPlan,
} from '../database/DatabasePlanStore';
import type { PlanLoader } from './PlanLoader';

/**
 * Serves entities' DR plans from the store, reading them again from their
 * location when they are older than the refresh interval or moved.
 * @internal
 */
export class PlanService {
  readonly #loader: PlanLoader;
  readonly #store: DatabasePlanStore;
  readonly #refreshIntervalMs: number;

  constructor(options: {
    loader: PlanLoader;
    store: DatabasePlanStore;
    refreshIntervalMs: number;
  }) {
    this.#loader = options.loader;
    this.#store = options.store;
    this.#refreshIntervalMs = options.refreshIntervalMs;
  }

  /** The entity's plan; undefined when it names none. */
  async getForEntity(
    entity: Entity,
    options: { refresh?: boolean } = {},
  ): Promise<StoredPlan | undefined> {
    const location = this.#loader.locate(entity);
    if (location === undefined) return undefined;
    const stored = await this.#store.get(stringifyEntityRef(entity));
    const fresh =
      stored &&
      stored.location === location &&
      Date.now() - stored.fetchedAt.getTime() < this.#refreshIntervalMs;
    if (fresh && !options.refresh) return stored;
    const loaded = await this.#loader.load(entity, stored);
    if (loaded) await this.#store.put(loaded);
    return loaded;
  }

  /** Forgets plans of entities that no longer name one. */
  retainOnly(entityRefs: Set<string>): Promise<void> {
    return this.#store.retainOnly(entityRefs);
  }
}
