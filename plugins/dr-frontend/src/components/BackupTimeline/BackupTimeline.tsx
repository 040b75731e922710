/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InfoCard } from '@backstage/core-components';
import { useDrApi } from '../../hooks/useDrApi';
import { AsyncSection, SectionEmpty } from '../SectionState';
import { BackupTimelineChart } from './BackupTimelineChart';

/** Days of backups the timeline covers. */
export const TIMELINE_DAYS = 30;

/** The entity's backups over the last 30 days, with its RPO gaps. */
export function BackupTimeline(props: { entityRef: string }) {
  const { entityRef } = props;
  const state = useDrApi(
    api => api.getBackupTimeline(entityRef, { days: TIMELINE_DAYS }),
    [entityRef],
  );
  return (
    <InfoCard title="Backup timeline" subheader={`Last ${TIMELINE_DAYS} days`}>
      <AsyncSection state={state} what="the backup timeline">
        {timeline => {
          const empty = timeline.buckets.every(b => !b.succeeded && !b.failed);
          if (empty && timeline.rpoTargetSeconds === null) {
            return (
              <SectionEmpty
                title={`No backups completed in the last ${TIMELINE_DAYS} days.`}
              >
                The backups table below says where backups are looked for.
              </SectionEmpty>
            );
          }
          return <BackupTimelineChart timeline={timeline} />;
        }}
      </AsyncSection>
    </InfoCard>
  );
}
