/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * An in-memory catalog indexed by ref, so entity lookups cost what a catalog
 * lookup by primary key costs and the benchmark measures the DR plugin. The
 * catalog test mock rebuilds its index on every call, which would dominate.
 */
export class BenchCatalog {
  readonly #byRef = new Map<string, Entity>();
  readonly #entities: Entity[];

  constructor(entities: Entity[]) {
    this.#entities = entities;
    for (const entity of entities)
      this.#byRef.set(stringifyEntityRef(entity), entity);
  }

  asService(): CatalogService {
    const byRef = this.#byRef;
    const entities = this.#entities;
    const service: Partial<CatalogService> = {
      async getEntityByRef(ref) {
        return byRef.get(
          stringifyEntityRef(
            typeof ref === 'string' ? parseEntityRef(ref) : ref,
          ),
        );
      },
      async getEntitiesByRefs(request) {
        return { items: request.entityRefs.map(ref => byRef.get(ref)) };
      },
      async queryEntities(request) {
        const offset =
          request && 'cursor' in request ? Number(request.cursor) : 0;
        const limit = request?.limit ?? entities.length;
        const items = entities.slice(offset, offset + limit);
        const next =
          offset + limit < entities.length ? String(offset + limit) : undefined;
        return {
          items,
          totalItems: entities.length,
          pageInfo: next ? { nextCursor: next } : {},
        };
      },
    };
    return service as CatalogService;
  }
}
