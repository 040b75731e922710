/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  type Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import {
  DR_ANNOTATION_PLAN,
  type DrApi,
  DrClient,
  type PlanResponse,
  drPostureReadPermission,
} from '@dr-suite/backstage-plugin-dr-common';
import { Readable } from 'node:stream';
import type { DrRunbookDocument } from './DrRunbookDocument';

/** Entities read from the catalog per page. */
const PAGE_SIZE = 200;

/** The entity whose DR tab a plan's documents link to, when several share it. */
const KIND_PREFERENCE = ['component', 'system', 'resource'];

function kindRank(entity: Entity): number {
  const rank = KIND_PREFERENCE.indexOf(entity.kind.toLocaleLowerCase('en-US'));
  return rank === -1 ? KIND_PREFERENCE.length : rank;
}

function ownerOf(entity: Entity): string | null {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return relation.targetRef;
  const owner = entity.spec?.owner;
  return typeof owner === 'string' ? owner : null;
}

function drTabOf(entity: Entity): string {
  const namespace = entity.metadata.namespace ?? 'default';
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    entity.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(entity.metadata.name)}/dr`;
}

/**
 * Indexes DR plans and their runbooks as `dr-runbook` documents: one per
 * runbook (scenario, symptoms, steps with their commands, entity, owner),
 * read from the DR API with the backend's own service credentials. A plan
 * named by several entities is indexed once. Results are shown to those who
 * may read the entity's DR posture.
 * @public
 */
export class DrRunbookCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'dr-runbook';
  readonly visibilityPermission = drPostureReadPermission;

  readonly #auth: AuthService;
  readonly #catalog: CatalogService;
  readonly #dr: DrApi;
  readonly #logger: LoggerService;

  constructor(options: {
    auth: AuthService;
    catalog: CatalogService;
    logger: LoggerService;
    /** The DR API; by default a DrClient found through discovery. */
    dr?: DrApi;
    discovery?: DiscoveryService;
  }) {
    if (!options.dr && !options.discovery) {
      throw new Error('DrRunbookCollatorFactory needs dr or discovery');
    }
    this.#auth = options.auth;
    this.#catalog = options.catalog;
    this.#logger = options.logger;
    this.#dr = options.dr ?? new DrClient({ discoveryApi: options.discovery! });
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.#documents());
  }

  async *#documents(): AsyncGenerator<DrRunbookDocument> {
    const byPlan = await this.#entitiesByPlan();
    for (const entities of byPlan.values()) {
      // Link to a Component or System before the databases under it.
      const sorted = [...entities].sort((a, b) => kindRank(a) - kindRank(b));
      const main = sorted[0];
      const entityRef = stringifyEntityRef(main);
      let plan: PlanResponse;
      try {
        const { token } = await this.#auth.getPluginRequestToken({
          onBehalfOf: await this.#auth.getOwnServiceCredentials(),
          targetPluginId: 'dr',
        });
        plan = await this.#dr.getPlan(entityRef, { token });
      } catch (error) {
        // One unreadable plan never stops the others from being indexed.
        this.#logger.warn(
          `Could not read the DR plan of ${entityRef} for search: ${error}`,
        );
        continue;
      }
      yield* toDocuments(plan, main, sorted.map(stringifyEntityRef));
    }
  }

  /** Entities naming a DR plan, grouped by what they name. */
  async #entitiesByPlan(): Promise<Map<string, Entity[]>> {
    const credentials = await this.#auth.getOwnServiceCredentials();
    const byPlan = new Map<string, Entity[]>();
    let cursor: string | undefined;
    do {
      const page = await this.#catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE_SIZE }
          : {
              filter: {
                [`metadata.annotations.${DR_ANNOTATION_PLAN}`]:
                  CATALOG_FILTER_EXISTS,
              },
              limit: PAGE_SIZE,
            },
        { credentials },
      );
      for (const entity of page.items) {
        const plan = entity.metadata.annotations?.[DR_ANNOTATION_PLAN];
        if (!plan) continue;
        // Relative plans are relative to the entity's own file.
        const base =
          entity.metadata.annotations?.['backstage.io/managed-by-location'] ??
          stringifyEntityRef(entity);
        const key = /^[a-z]+:\/\//i.test(plan) ? plan : `${base}#${plan}`;
        byPlan.set(key, [...(byPlan.get(key) ?? []), entity]);
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return byPlan;
  }
}

function toDocuments(
  response: PlanResponse,
  entity: Entity,
  entityRefs: string[],
): DrRunbookDocument[] {
  const plan = response.plan;
  if (!plan) return [];
  const entityRef = stringifyEntityRef(entity);
  const common = {
    entityRef,
    entityRefs,
    entityTitle: entity.metadata.title ?? null,
    owner: ownerOf(entity),
    planTitle: plan.metadata.title ?? plan.metadata.name ?? null,
    authorization: { resourceRef: entityRef },
  };
  const who = [common.entityTitle ?? entity.metadata.name, common.owner]
    .filter(Boolean)
    .join(', ');
  if (!plan.spec.runbooks.length) {
    return [
      {
        ...common,
        location: drTabOf(entity),
        title: common.planTitle ?? `DR plan of ${entityRef}`,
        text: [
          who,
          plan.metadata.description,
          ...plan.spec.objectives.map(o => o.title ?? o.scenario),
        ]
          .filter(Boolean)
          .join('\n'),
        scenario: null,
        scenarioTitle: null,
        symptoms: [],
        steps: [],
        expectedRtoSeconds: null,
        rtoSeconds: null,
        rpoSeconds: null,
      },
    ];
  }
  return plan.spec.runbooks.map(runbook => {
    const objective = plan.spec.objectives.find(
      o => o.scenario === runbook.scenario,
    );
    const steps = runbook.steps.map(step =>
      [step.title, step.description, step.command && `$ ${step.command}`]
        .filter(Boolean)
        .join(' — '),
    );
    return {
      ...common,
      // Unique per runbook: search engines key documents by location.
      location: `${drTabOf(entity)}#runbook-${encodeURIComponent(
        runbook.scenario,
      )}`,
      title: `${runbook.title} (${
        entity.metadata.title ?? entity.metadata.name
      })`,
      text: [
        `${runbook.scenario.replace(/-/g, ' ')}: ${
          objective?.title ?? runbook.title
        }`,
        who,
        ...runbook.symptoms.map(s => `Symptom: ${s}`),
        ...steps.map((s, i) => `${i + 1}. ${s}`),
      ].join('\n'),
      scenario: runbook.scenario,
      scenarioTitle: objective?.title ?? null,
      symptoms: runbook.symptoms,
      steps,
      expectedRtoSeconds: runbook.expectedRtoSeconds,
      rtoSeconds: objective?.rtoSeconds ?? null,
      rpoSeconds: objective?.rpoSeconds ?? null,
    };
  });
}
