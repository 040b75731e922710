/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { parseDuration } from '@dr-suite/backstage-plugin-dr-common';
import { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import { ObjectivesResolver } from '../posture/ObjectivesResolver';
import { TierRegistry } from '../posture/TierRegistry';
import { DrAnnotationsProcessor } from './DrAnnotationsProcessor';

/**
 * Catalog module that reports invalid DR annotations (durations, tiers,
 * backup sources and their selectors) as catalog processing errors.
 * @public
 */
export const catalogModuleDrAnnotations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'dr-annotations',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ catalog, config, logger }) {
        catalog.addProcessor(
          new DrAnnotationsProcessor(
            new ObjectivesResolver({
              tiers: TierRegistry.fromConfig(config, logger),
              sources: BackupSourceRegistry.fromConfig(config, { logger }),
              defaultDrillCadenceDays:
                parseDuration(
                  config.getOptionalString('dr.defaults.drillCadence') ?? '90d',
                ) / 86400,
            }),
          ),
        );
      },
    });
  },
});
