/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { DrRunbookCollatorFactory } from './DrRunbookCollatorFactory';

/**
 * Search module indexing DR plans and runbooks as `dr-runbook` documents,
 * on `search.collators.dr.schedule` (default every 10 minutes).
 * @public
 */
export const searchModuleDrCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'dr-collator',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        auth,
        config,
        discovery,
        logger,
        scheduler,
        catalog,
        indexRegistry,
      }) {
        const scheduleConfig = config.getOptionalConfig(
          'search.collators.dr.schedule',
        );
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(
            scheduleConfig
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  scheduleConfig,
                )
              : {
                  frequency: { minutes: 10 },
                  timeout: { minutes: 15 },
                  initialDelay: { seconds: 30 },
                },
          ),
          factory: new DrRunbookCollatorFactory({
            auth,
            catalog,
            discovery,
            logger,
          }),
        });
      },
    });
  },
});
