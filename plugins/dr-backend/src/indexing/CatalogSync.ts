/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { DR_AUDITED_KINDS } from '@dr-suite/backstage-plugin-dr-common';
import { entityOwnerRef } from '../catalog/entityOwnerRef';
import type { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';
import type {
  DatabaseEntityStore,
  EntitySnapshot,
} from '../database/DatabaseEntityStore';
import type { ObjectivesResolver } from '../posture/ObjectivesResolver';
import type { PostureRefresher } from '../posture/PostureRefresher';
import { snapshotOf } from '../posture/entitySnapshot';
import type { PlanService } from '../plan/PlanService';
import type { BackupFactsRefresher } from './BackupFactsRefresher';
import { readTaskSchedule } from './readTaskSchedule';

export const CATALOG_SYNC_TASK_ID = 'dr-catalog-sync';
const FIELDS = ['kind', 'metadata', 'spec.owner', 'spec.system'];
const PAGE_SIZE = 500;
const PLAN_CONCURRENCY = 8;

/**
 * Copies the catalog's Components, Resources and Systems, with their
 * resolved objectives, plans and problems, into the snapshot behind the
 * audit. One entity that fails to resolve is recorded with its problem; the
 * others carry on.
 * @internal
 */
export class CatalogSync {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #resolver: ObjectivesResolver;
  readonly #plans: PlanService;
  readonly #entities: DatabaseEntityStore;
  readonly #facts: DatabaseEntityFactsStore;
  readonly #backupFacts: BackupFactsRefresher;
  readonly #postures: PostureRefresher | undefined;
  readonly #logger: LoggerService;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    resolver: ObjectivesResolver;
    plans: PlanService;
    entities: DatabaseEntityStore;
    facts: DatabaseEntityFactsStore;
    backupFacts: BackupFactsRefresher;
    /** Stores the postures of entities that have none yet, forgets the removed. */
    postures?: PostureRefresher;
    logger: LoggerService;
  }) {
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#resolver = options.resolver;
    this.#plans = options.plans;
    this.#entities = options.entities;
    this.#facts = options.facts;
    this.#backupFacts = options.backupFacts;
    this.#postures = options.postures;
    this.#logger = options.logger;
  }

  async schedule(scheduler: SchedulerService, config: Config): Promise<void> {
    await scheduler.scheduleTask({
      id: CATALOG_SYNC_TASK_ID,
      ...readTaskSchedule(config, 'dr.catalogSync', {
        frequency: { minutes: 5 },
        timeout: { minutes: 30 },
        initialDelay: { seconds: 5 },
      }),
      fn: () => this.run().then(() => undefined),
    });
  }

  async run(): Promise<{ entities: number; changed: number; removed: number }> {
    const credentials = await this.#auth.getOwnServiceCredentials();
    const snapshots: EntitySnapshot[] = [];
    const withPlans = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.#catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE_SIZE, fields: FIELDS }
          : {
              filter: { kind: [...DR_AUDITED_KINDS] },
              fields: FIELDS,
              limit: PAGE_SIZE,
            },
        { credentials },
      );
      const pageSnapshots = await this.#mapLimited(page.items, entity =>
        this.#snapshot(entity, withPlans),
      );
      snapshots.push(...pageSnapshots);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);

    const { changed, removed } = await this.#entities.replaceAll(
      snapshots,
      new Date(),
    );
    await this.#facts.remove(removed);
    // Systems they drove roll up again; owners of one that returns hear afresh.
    await this.#postures?.forget(removed);
    await this.#plans.retainOnly(withPlans);
    // Writing the changed entities' facts recomputes their postures; rows
    // stored before postures were follow.
    await this.#backupFacts.refreshForEntities(changed);
    await this.#postures?.fillMissing();
    this.#logger.info(
      `Synced ${snapshots.length} catalog entities for the DR audit: ${changed.length} changed, ${removed.length} removed`,
    );
    return {
      entities: snapshots.length,
      changed: changed.length,
      removed: removed.length,
    };
  }

  async #snapshot(
    entity: Entity,
    withPlans: Set<string>,
  ): Promise<EntitySnapshot> {
    const entityRef = stringifyEntityRef(entity);
    const base = {
      entityRef,
      kind: entity.kind,
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
      title: entity.metadata.title ?? null,
      owner: entityOwnerRef(entity),
    };
    try {
      const plan = await this.#plans.getForEntity(entity);
      if (plan) withPlans.add(entityRef);
      const resolved = this.#resolver.resolve(entity, plan?.plan ?? null);
      return snapshotOf(entity, resolved, plan);
    } catch (error) {
      this.#logger.warn(
        `Could not resolve DR set-up of ${entityRef}: ${stringifyError(error)}`,
      );
      return {
        ...base,
        tier: null,
        rtoSeconds: null,
        rpoSeconds: null,
        drillCadenceDays: 90,
        hasObjectives: false,
        selectors: [],
        scenarios: [],
        problems: [
          {
            code: 'resolution-failed',
            severity: 'error',
            message: `The DR set-up could not be evaluated: ${stringifyError(
              error,
            )}`,
          },
        ],
      };
    }
  }

  async #mapLimited<T, R>(
    items: T[],
    fn: (item: T) => Promise<R>,
  ): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(PLAN_CONCURRENCY, items.length) }, worker),
    );
    return results;
  }
}
