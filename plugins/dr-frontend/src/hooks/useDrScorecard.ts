/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseEntityRef } from '@backstage/catalog-model';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { drTechInsightsCheckIds } from '@dr-suite/backstage-plugin-dr-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** One DR check as the Tech Insights backend ran it on the entity. */
export interface DrCheckResult {
  check: { id: string; name: string; description: string };
  /** Whether the entity passes the check. */
  result: boolean;
}

/**
 * The DR scorecard of an entity: `installed: false` when this Backstage has
 * no Tech Insights backend (it answers 404), else the DR checks that had
 * facts to run on (a check without facts for the entity is left out).
 */
export type DrScorecard =
  | { installed: false }
  | { installed: true; results: DrCheckResult[] };

/**
 * Runs the DR checks on the entity through the Tech Insights backend's REST
 * API (`POST /checks/run/:namespace/:kind/:name`), so the scorecard needs
 * no Tech Insights frontend package.
 */
export function useDrScorecard(entityRef: string) {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useAsyncRetry(async (): Promise<DrScorecard> => {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const baseUrl = await discoveryApi.getBaseUrl('tech-insights');
    const response = await fetchApi.fetch(
      `${baseUrl}/checks/run/${[namespace, kind, name]
        .map(encodeURIComponent)
        .join('/')}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          checks: Object.values(drTechInsightsCheckIds),
        }),
      },
    );
    if (response.status === 404) return { installed: false };
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return {
      installed: true,
      results: (await response.json()) as DrCheckResult[],
    };
  }, [discoveryApi, fetchApi, entityRef]);
}
