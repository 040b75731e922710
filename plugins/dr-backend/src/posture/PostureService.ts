/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  type EntityRelation,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type DependencyPosture,
  type EntityPosture,
  drPostureReadPermission,
  worstOverall,
} from '@dr-suite/backstage-plugin-dr-common';
import type { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import type { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import type { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import type { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';
import type {
  DatabaseEntityStore,
  StoredPostureRow,
} from '../database/DatabaseEntityStore';
import type { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import type { StoredPlan } from '../database/DatabasePlanStore';
import type { PlanService } from '../plan/PlanService';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import type {
  ObjectivesResolver,
  ResolvedObjectives,
} from './ObjectivesResolver';
import { assemblePosture } from './PostureAssembler';
import { advancePosture } from './PostureCalculator';
import type { PostureRefresher } from './PostureRefresher';
import { entityFingerprint, inputsOf, snapshotOf } from './entitySnapshot';
import { rollUpSystem } from './systemRollup';
import type { VerifiedRestorablePostures } from './VerifiedRestorablePosture';

const MAX_DEPENDENCIES = 50;
/** The kinds the catalog sync stores; others are assembled per request. */
const STORED_KINDS = ['component', 'resource', 'system'];

/**
 * One entity's posture with what it was computed from.
 * @internal
 */
export interface EntityEvaluation {
  posture: EntityPosture;
  resolved: ResolvedObjectives;
  plan: StoredPlan | undefined;
}

/**
 * Serves an entity's posture and the posture of what it depends on from
 * the postures stored per entity (see PostureRefresher), assembling and
 * storing it first when the stored row is missing, was resolved from other
 * catalog data or no longer holds.
 *
 * Dependencies are one level deep: the entity's `dependsOn` targets and, for
 * a System, its parts (`hasPart`). Each is judged on its own objectives; the
 * entity's own `overall` follows only its own objectives, and
 * `dependenciesOverall` is the worst overall among the dependencies the caller
 * may see, so a healthy service on a database in breach stays visible as such.
 * @internal
 */
export class PostureService {
  readonly #resolver: ObjectivesResolver;
  readonly #plans: PlanService;
  readonly #backups: DatabaseBackupStore;
  readonly #drills: DatabaseDrillStore;
  readonly #sources: DatabaseSourceStore;
  readonly #registry: BackupSourceRegistry;
  readonly #catalog: CatalogService;
  readonly #authorizer: DrAuthorizer;
  readonly #restoreProofs: VerifiedRestorablePostures | undefined;
  readonly #stored:
    | {
        entities: DatabaseEntityStore;
        facts: DatabaseEntityFactsStore;
        refresher: PostureRefresher;
      }
    | undefined;

  constructor(options: {
    resolver: ObjectivesResolver;
    plans: PlanService;
    backups: DatabaseBackupStore;
    drills: DatabaseDrillStore;
    sources: DatabaseSourceStore;
    registry: BackupSourceRegistry;
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    /**
     * Where postures are stored and kept current. Without it every request
     * assembles the posture from the live facts.
     */
    stored?: {
      entities: DatabaseEntityStore;
      facts: DatabaseEntityFactsStore;
      refresher: PostureRefresher;
    };
    /** Verified restorable backups and restore tests, added to the posture. */
    restoreProofs?: VerifiedRestorablePostures;
  }) {
    this.#resolver = options.resolver;
    this.#plans = options.plans;
    this.#backups = options.backups;
    this.#drills = options.drills;
    this.#sources = options.sources;
    this.#registry = options.registry;
    this.#catalog = options.catalog;
    this.#authorizer = options.authorizer;
    this.#stored = options.stored;
    this.#restoreProofs = options.restoreProofs;
  }

  /**
   * The entity's own posture, without dependencies, assembled now from the
   * live facts. Also returns what it was computed from.
   */
  async evaluate(entity: Entity, now = new Date()): Promise<EntityEvaluation> {
    const { evaluation } = await this.#evaluateLive(entity, now);
    return evaluation;
  }

  async #evaluateLive(entity: Entity, now: Date) {
    const entityRef = stringifyEntityRef(entity);
    const plan = await this.#plans.getForEntity(entity);
    const resolved = this.#resolver.resolve(entity, plan?.plan ?? null);
    const [newestBackupAt, points, drillFacts, sourceRows] = await Promise.all([
      this.#backups.newestSuccessful(resolved.selectors),
      this.#backups.recoveryWindows.restorablePoints(resolved.selectors),
      this.#drills.facts(entityRef),
      this.#sources.list(),
    ]);
    // A continuously archived store counts up to its recovery window's end.
    const lastSuccessfulBackupAt =
      points.newest === undefined ? newestBackupAt : points.newest;
    const recoveryWindows = points.windows;
    const snapshot = snapshotOf(entity, resolved, plan);
    const assembled = assemblePosture({
      inputs: inputsOf(snapshot),
      facts: {
        lastSuccessfulBackupAt,
        lastSuccessfulDrill: drillFacts.lastSuccessful,
        lastDrill: drillFacts.last,
        scenarioDrills: drillFacts.byScenario,
        recoveryWindows,
      },
      sourceRows,
      sourceType: id => this.#registry.get(id)?.type,
      now,
    });
    return {
      evaluation: { resolved, plan, posture: assembled.posture },
      snapshot,
      lastSuccessfulBackupAt,
      recoveryWindows,
      drillFacts,
    };
  }

  /**
   * The entity's own posture as stored, when the stored row was resolved
   * from this very entity and still holds at `now`; otherwise assembled
   * again and stored, so the next request and the audit read the same.
   */
  async #current(
    entity: Entity,
    stored: StoredPostureRow | undefined,
    now: Date,
  ): Promise<EntityPosture> {
    if (stored && stored.entityFingerprint === entityFingerprint(entity)) {
      if (!stored.nextChangeAt || stored.nextChangeAt > now) {
        return advancePosture(stored.posture, now);
      }
      // Past a threshold the sweep has not reached yet: the stored inputs
      // and facts still hold, only the judgement is due again.
      const recomputed = await this.#stored?.refresher.recomputeOne(
        stringifyEntityRef(entity),
      );
      if (recomputed) return recomputed;
    }
    const live = await this.#evaluateLive(entity, now);
    if (!this.#stored) return live.evaluation.posture;
    const { entities, facts } = this.#stored;
    if (STORED_KINDS.includes(entity.kind.toLocaleLowerCase('en-US'))) {
      // The catalog sync would write the same row; this writes it sooner.
      await entities.upsert(live.snapshot, now);
      await facts.setBackupFacts(
        new Map([[live.snapshot.entityRef, live.lastSuccessfulBackupAt]]),
        new Map([[live.snapshot.entityRef, live.recoveryWindows]]),
      );
      // Writing the facts recomputes the stored posture (the facts listener).
      await facts.setDrillFacts(live.snapshot.entityRef, live.drillFacts);
    }
    return live.evaluation.posture;
  }

  /**
   * The full posture, with the dependencies the caller may read. With
   * `authorizeEntity`, the caller's permission to read the entity itself is
   * checked in the same batch as its dependencies' (one round trip to the
   * permission framework), and a denial throws before anything is returned.
   */
  async getPosture(
    entity: Entity,
    credentials: BackstageCredentials,
    options: { authorizeEntity?: boolean } = {},
  ): Promise<EntityPosture> {
    const now = this.#stored?.refresher.now() ?? new Date();
    const entityRef = stringifyEntityRef(entity);
    const relations = (entity.relations ?? [])
      .filter(
        r => r.type === RELATION_DEPENDS_ON || r.type === RELATION_HAS_PART,
      )
      .slice(0, MAX_DEPENDENCIES);
    const refs = relations.map(r => r.targetRef);
    // One primary-key lookup for the entity and its dependencies, while the
    // catalog and the permission framework say which of them to show.
    const [stored, targets, allowed] = await Promise.all([
      this.#stored
        ? this.#stored.entities.getPostures([entityRef, ...refs])
        : new Map<string, StoredPostureRow>(),
      refs.length
        ? this.#catalog
            .getEntitiesByRefs({ entityRefs: refs }, { credentials })
            .then(r => r.items)
        : [],
      this.#authorizer.allowedEntities(
        drPostureReadPermission,
        options.authorizeEntity ? [entityRef, ...refs] : refs,
        credentials,
      ),
    ]);
    if (options.authorizeEntity && !allowed.has(entityRef)) {
      throw new NotAllowedError(
        `You are not allowed to ${drPostureReadPermission.name} for ${entityRef}`,
      );
    }
    const visible = relations.flatMap((relation, index) => {
      const target = targets[index];
      return target && allowed.has(relation.targetRef)
        ? [{ relation, target }]
        : [];
    });
    const own = stored.get(entityRef);
    const [posture, dependencies] = await Promise.all([
      this.#current(entity, own, now),
      this.#dependencies(visible, stored, now),
    ]);
    const rollup = rollUpSystem(entity.kind, posture.overall, dependencies);
    const full: EntityPosture = {
      ...posture,
      dependencies,
      dependenciesOverall: worstOverall(dependencies.map(d => d.overall)),
      ...(rollup ? { rollup } : {}),
    };
    // After the posture: assembling it may have just stored the entity's plan.
    return this.#restoreProofs
      ? this.#restoreProofs.addTo(
          full,
          entity,
          { verifiedBackups: own?.hasVerifiedBackups },
          now,
        )
      : full;
  }

  async #dependencies(
    visible: Array<{ relation: EntityRelation; target: Entity }>,
    stored: Map<string, StoredPostureRow>,
    now: Date,
  ): Promise<DependencyPosture[]> {
    return Promise.all(
      visible.map(async ({ relation, target }) => {
        const posture = await this.#current(
          target,
          stored.get(relation.targetRef),
          now,
        );
        return {
          entityRef: relation.targetRef,
          relation:
            relation.type === RELATION_HAS_PART ? 'hasPart' : 'dependsOn',
          title: target.metadata.title ?? null,
          overall: posture.overall,
          rpoStatus: posture.rpo.status,
          rtoStatus: posture.rto.status,
          drillStatus: posture.drills.status,
        } satisfies DependencyPosture;
      }),
    );
  }
}
