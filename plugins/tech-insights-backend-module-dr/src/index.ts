/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Tech Insights module of the DR suite: DR facts and the checks on them, so
 * DR shows up in the scorecards teams already watch.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import {
  techInsightsModuleDrChecks,
  techInsightsModuleDrFactRetriever,
} from './module';

/**
 * Both modules: the DR fact retriever and the DR checks.
 * @public
 */
export default createBackendFeatureLoader({
  *loader() {
    yield techInsightsModuleDrFactRetriever;
    yield techInsightsModuleDrChecks;
  },
});
export { techInsightsModuleDrChecks, techInsightsModuleDrFactRetriever };
export { drChecks } from './drChecks';
export { DR_FACT_RETRIEVER_ID, createDrFactRetriever } from './drFactRetriever';
