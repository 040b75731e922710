/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type DependencyPosture,
  type EntityPosture,
  type PostureProblem,
  type PostureSource,
  drPostureReadPermission,
  worstOverall,
} from '@dr-suite/backstage-plugin-dr-common';
import type { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import type { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import type { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import type { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import type { StoredPlan } from '../database/DatabasePlanStore';
import type { PlanService } from '../plan/PlanService';
import type { DrAuthorizer } from '../service/DrAuthorizer';
import type {
  ObjectivesResolver,
  ResolvedObjectives,
} from './ObjectivesResolver';
import { calculatePosture } from './PostureCalculator';

const MAX_DEPENDENCIES = 50;

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
 * Computes an entity's posture from its annotations, plan, indexed backups
 * and recorded drills, and the posture of what it depends on.
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

  constructor(options: {
    resolver: ObjectivesResolver;
    plans: PlanService;
    backups: DatabaseBackupStore;
    drills: DatabaseDrillStore;
    sources: DatabaseSourceStore;
    registry: BackupSourceRegistry;
    catalog: CatalogService;
    authorizer: DrAuthorizer;
  }) {
    this.#resolver = options.resolver;
    this.#plans = options.plans;
    this.#backups = options.backups;
    this.#drills = options.drills;
    this.#sources = options.sources;
    this.#registry = options.registry;
    this.#catalog = options.catalog;
    this.#authorizer = options.authorizer;
  }

  /** The entity's own posture, without dependencies. */
  async evaluate(entity: Entity, now = new Date()): Promise<EntityEvaluation> {
    const entityRef = stringifyEntityRef(entity);
    const plan = await this.#plans.getForEntity(entity);
    const resolved = this.#resolver.resolve(entity, plan?.plan ?? null);
    const [lastSuccessfulBackupAt, drillFacts, sourceRows] = await Promise.all([
      this.#backups.newestSuccessful(resolved.selectors),
      this.#drills.facts(entityRef),
      this.#sources.list(),
    ]);
    const calculated = calculatePosture(
      {
        rtoSeconds: resolved.objectives.rtoSeconds,
        rpoSeconds: resolved.objectives.rpoSeconds,
        drillCadenceDays: resolved.objectives.drillCadenceDays,
        scenarios: plan?.plan?.spec.objectives ?? [],
      },
      {
        lastSuccessfulBackupAt,
        lastSuccessfulDrill: drillFacts.lastSuccessful,
        lastDrill: drillFacts.last,
        scenarioDrills: drillFacts.byScenario,
      },
      now,
    );

    const problems: PostureProblem[] = [
      ...resolved.problems,
      ...(plan?.problems ?? []),
    ];
    const sources: PostureSource[] = resolved.declaredSources.map(
      ({ sourceId, selector }) => {
        const row = sourceRows.find(r => r.sourceId === sourceId);
        const configured = this.#registry.get(sourceId);
        if (!configured) {
          return {
            sourceId,
            selector,
            type: null,
            status: 'unknown-source',
            lastIndexedAt: null,
            lastError: null,
          };
        }
        if (row?.status === 'stale') {
          problems.push({
            code: 'source-stale',
            severity: 'warning',
            field: sourceId,
            message: `Backup source "${sourceId}" has failed to index since ${
              row.lastSuccessAt ?? 'it was added'
            }: ${row.lastError}. The last good index is shown.`,
            fix: 'Check that the source is reachable and its credentials are valid; it is retried automatically with backoff.',
          });
        } else if (!row || row.status === 'pending') {
          problems.push({
            code: 'source-pending',
            severity: 'info',
            field: sourceId,
            message: `Backup source "${sourceId}" has not been indexed yet.`,
            fix: 'Wait for the first indexing run, or trigger one with POST /api/dr/refresh.',
          });
        }
        return {
          sourceId,
          selector,
          type: configured.type,
          status: row?.status ?? 'pending',
          lastIndexedAt: row?.lastIndexedAt ?? null,
          lastError: row?.lastError ?? null,
        };
      },
    );
    if (
      resolved.selectors.length &&
      !lastSuccessfulBackupAt &&
      sources.every(s => s.status === 'ok')
    ) {
      problems.push({
        code: 'no-backups',
        severity: 'warning',
        field: 'dr.backstage.io/backup-sources',
        message: `No successful backup was found for ${resolved.declaredSources
          .map(s => `${s.sourceId}:${s.selector}`)
          .join(', ')}.`,
        fix: 'Check that the selector matches where the backups are written (a key prefix such as orders-db/ for s3 and filesystem sources).',
      });
    }

    return {
      resolved,
      plan,
      posture: {
        entityRef,
        overall: calculated.overall,
        objectives: resolved.objectives,
        rpo: calculated.rpo,
        rto: calculated.rto,
        drills: calculated.drills,
        scenarios: calculated.scenarios,
        sources,
        dependencies: [],
        dependenciesOverall: null,
        problems,
        evaluatedAt: now.toISOString(),
      },
    };
  }

  /** The full posture, with the dependencies the caller may read. */
  async getPosture(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<EntityPosture> {
    const now = new Date();
    const [{ posture }, dependencies] = await Promise.all([
      this.evaluate(entity, now),
      this.#dependencies(entity, credentials, now),
    ]);
    return {
      ...posture,
      dependencies,
      dependenciesOverall: worstOverall(dependencies.map(d => d.overall)),
    };
  }

  async #dependencies(
    entity: Entity,
    credentials: BackstageCredentials,
    now: Date,
  ): Promise<DependencyPosture[]> {
    const relations = (entity.relations ?? [])
      .filter(
        r => r.type === RELATION_DEPENDS_ON || r.type === RELATION_HAS_PART,
      )
      .slice(0, MAX_DEPENDENCIES);
    if (!relations.length) return [];
    const refs = relations.map(r => r.targetRef);
    const { items } = await this.#catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    const allowed = await this.#authorizer.allowedEntities(
      drPostureReadPermission,
      refs,
      credentials,
    );
    const results = await Promise.all(
      relations.map(async (relation, index) => {
        const target = items[index];
        if (!target || !allowed.has(relation.targetRef)) return undefined;
        const { posture } = await this.evaluate(target, now);
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
    return results.filter((d): d is DependencyPosture => Boolean(d));
  }
}
