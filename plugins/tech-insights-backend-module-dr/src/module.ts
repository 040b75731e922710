/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { JsonRulesEngineFactCheckerFactory } from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import {
  techInsightsFactCheckerFactoryExtensionPoint,
  techInsightsFactRetrieversExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';
import { drChecks } from './drChecks';
import { DR_FACT_RETRIEVER_ID, createDrFactRetriever } from './drFactRetriever';

/**
 * Adds the DR fact retriever to Tech Insights. It runs on the cadence set in
 * `techInsights.factRetrievers.drFactRetriever` (Tech Insights runs only
 * retrievers configured there).
 * @public
 */
export const techInsightsModuleDrFactRetriever = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'dr-fact-retriever',
  register(env) {
    env.registerInit({
      deps: { retrievers: techInsightsFactRetrieversExtensionPoint },
      async init({ retrievers }) {
        retrievers.addFactRetrievers({
          [DR_FACT_RETRIEVER_ID]: createDrFactRetriever(),
        });
      },
    });
  },
});

/**
 * Serves the DR checks ("RPO met", "Drill current", "Restore tested in the
 * last 30 days") through a json-rules-engine fact checker. Tech Insights has
 * one fact checker: install this instead of the jsonfc module, or build your
 * own `JsonRulesEngineFactCheckerFactory` with `drChecks` and your checks.
 * @public
 */
export const techInsightsModuleDrChecks = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'dr-checks',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        checkers: techInsightsFactCheckerFactoryExtensionPoint,
      },
      async init({ logger, auth, catalog, checkers }) {
        checkers.setFactCheckerFactory(
          new JsonRulesEngineFactCheckerFactory({
            checks: drChecks,
            logger,
            auth,
            catalog,
          }),
        );
      },
    });
  },
});
