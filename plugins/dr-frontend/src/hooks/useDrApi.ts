/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { DependencyList } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { DrApi } from '@dr-suite/backstage-plugin-dr-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { drApiRef } from '../api';

/**
 * Calls the DR API and tracks the call's state; `retry` calls it again.
 * The call is repeated whenever one of `deps` changes.
 */
export function useDrApi<T>(
  request: (api: DrApi) => Promise<T>,
  deps: DependencyList,
) {
  const api = useApi(drApiRef);
  // The request closure changes on every render; deps say when it matters.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useAsyncRetry(() => request(api), [api, ...deps]);
}
