/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { compatWrapper } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { hasDrAnnotations } from '@dr-suite/backstage-plugin-dr-common';

/** The DR summary card on the Overview tab of entities with DR annotations. */
export const drOverviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    type: 'info',
    filter: hasDrAnnotations,
    loader: () =>
      import('../components/EntityDrOverviewCard').then(m =>
        compatWrapper(<m.EntityDrOverviewCard />),
      ),
  },
});
