/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Entity } from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  type CatalogProcessor,
  type CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { hasDrAnnotations } from '@dr-suite/backstage-plugin-dr-common';
import type { ObjectivesResolver } from '../posture/ObjectivesResolver';

/**
 * Shows broken `dr.backstage.io/*` annotations where catalog errors are shown
 * (the entity page's processing errors), using the same rules as the DR
 * posture. The entity is still stored: a DR mistake never hides a service.
 * @internal
 */
export class DrAnnotationsProcessor implements CatalogProcessor {
  readonly #resolver: ObjectivesResolver;

  constructor(resolver: ObjectivesResolver) {
    this.#resolver = resolver;
  }

  getProcessorName(): string {
    return 'DrAnnotationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!hasDrAnnotations(entity)) return entity;
    for (const problem of this.#resolver.resolve(entity, null).problems) {
      if (problem.severity !== 'error') continue;
      emit(
        processingResult.inputError(
          location,
          `${problem.message}${problem.fix ? ` ${problem.fix}` : ''}`,
        ),
      );
    }
    return entity;
  }
}
