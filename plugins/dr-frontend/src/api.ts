/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createApiRef } from '@backstage/core-plugin-api';
import type { DrApi } from '@dr-suite/backstage-plugin-dr-common';

/**
 * The DR API of the dr-backend, implemented by `DrClient` from
 * `@dr-suite/backstage-plugin-dr-common`.
 * @public
 */
export const drApiRef = createApiRef<DrApi>({ id: 'plugin.dr.service' });
