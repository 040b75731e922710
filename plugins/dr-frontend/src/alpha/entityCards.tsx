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

/**
 * The DR scorecard on the Overview tab: the Tech Insights DR checks, run
 * through the Tech Insights backend (says so when it is not installed).
 */
export const drScorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    type: 'info',
    filter: hasDrAnnotations,
    loader: () =>
      import('../components/DrScorecardCard').then(m =>
        compatWrapper(<m.DrScorecardCard />),
      ),
  },
});
