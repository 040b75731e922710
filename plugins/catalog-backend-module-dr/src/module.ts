/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { drBackupSourceRegistryServiceRef } from '@dr-suite/backstage-plugin-dr-node';
import { DrAnnotationsProcessor } from './DrAnnotationsProcessor';

/**
 * Catalog module that logs broken `dr.backstage.io/*` annotations once per
 * change, and never blocks an entity: the DR tab and the DR posture API show
 * the problems with how to fix each.
 * @public
 */
export const catalogModuleDr = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'dr',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        logger: coreServices.logger,
        // The DR plugin's sources, so entries are checked against them.
        sources: drBackupSourceRegistryServiceRef,
      },
      async init({ catalog, logger, sources }) {
        catalog.addProcessor(new DrAnnotationsProcessor({ logger, sources }));
      },
    });
  },
});
