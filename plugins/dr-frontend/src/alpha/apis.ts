/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { DrClient } from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../api';

/** The DR API client, talking to the dr-backend. */
export const drApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: drApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DrClient({ discoveryApi, fetchApi }),
    }),
});
