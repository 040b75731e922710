/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { compatWrapper } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { hasDrAnnotations } from '@dr-suite/backstage-plugin-dr-common';

/** The DR tab, on entities with any `dr.backstage.io/*` annotation. */
export const drEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'dr',
    title: 'DR',
    group: 'operation',
    filter: hasDrAnnotations,
    loader: () =>
      import('../components/EntityDrContent').then(m =>
        compatWrapper(<m.EntityDrContent />),
      ),
  },
});
