/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InfoCard } from '@backstage/core-components';
import type { EntityPosture } from '@dr-suite/backstage-plugin-dr-common';
import { useDrApi } from '../../hooks/useDrApi';
import { AsyncSection, SectionEmpty } from '../SectionState';
import { RtoTrendChart, rtoSeries } from './RtoTrendChart';

/** How many recent drills the trend reads. */
const TREND_DRILLS = 200;

/**
 * The trend of measured RTO per scenario, from the entity's verified drills
 * and restore tests (unverified, failed and voided ones do not measure RTO).
 */
export function RtoTrend(props: {
  entityRef: string;
  posture?: EntityPosture;
}) {
  const { entityRef } = props;
  const state = useDrApi(
    api => api.getDrills(entityRef, { limit: TREND_DRILLS }),
    [entityRef],
  );
  return (
    <InfoCard
      title="Measured RTO over time"
      subheader="Verified drills and restore tests, per scenario"
    >
      <AsyncSection state={state} what="the RTO trend">
        {({ items }) =>
          rtoSeries(items).size ? (
            <RtoTrendChart
              drills={items}
              targetSeconds={props.posture?.rto.targetSeconds ?? null}
            />
          ) : (
            <SectionEmpty title="No verified drill has measured the RTO yet.">
              A drill or restore test whose checks all passed measures how long
              a restore takes; each one adds a point here.
            </SectionEmpty>
          )
        }
      </AsyncSection>
    </InfoCard>
  );
}
