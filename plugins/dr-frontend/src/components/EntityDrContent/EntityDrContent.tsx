/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useMemo, useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  type EntityPosture,
  drEntitySignalChannel,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatAge } from '../../formatting';
import { useDrSignal } from '../../hooks/useDrSignal';
import { drTranslationRef } from '../../translation';
import { useEntityPosture } from '../../hooks/useEntityPosture';
import { useNow } from '../../hooks/useNow';
import { BackupCopies } from '../BackupCopies';
import { BackupsTable } from '../BackupsTable';
import { BackupTimeline } from '../BackupTimeline';
import { DependenciesCard } from '../DependenciesCard';
import { DrActions } from '../DrActions';
import { DrillHistory } from '../DrillHistory';
import { PostureProblems } from '../PostureProblems';
import { PostureSummary, PostureSummarySkeleton } from '../PostureSummary';
import { RecordDrillDialog } from '../RecordDrillDialog';
import { RtoTrend } from '../RtoTrend';
import { Runbooks } from '../Runbooks';
import { StatedObjectives } from '../StatedObjectives';
import { POSTURE_FORBIDDEN, SectionError, errorStatus } from '../SectionState';
import { SystemDrContent, isSystemRollUp } from '../SystemDrContent';
import { OverallStatusChip } from '../StatusChip';

/**
 * Props of the DR tab.
 * @public
 */
export interface EntityDrContentProps {
  /** Template "Restore to staging" opens; `template:default/restore-to-staging` by default. */
  restoreTemplateRef?: string;
  /** Template "Run a DR drill" opens; `template:default/dr-drill` by default. */
  drillTemplateRef?: string;
}

function PostureHeadline(props: { posture?: EntityPosture; now: number }) {
  const { posture, now } = props;
  const { t } = useTranslationRef(drTranslationRef);
  if (!posture) {
    return null;
  }
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={12}>
      <Typography variant="h5" component="h2">
        {t('entityTab.heading')}
      </Typography>
      <OverallStatusChip status={posture.overall} size="medium" />
      {posture.dependenciesOverall && (
        <Box display="flex" alignItems="center" gridGap={6}>
          <Typography variant="body2" color="textSecondary">
            Dependencies
          </Typography>
          <OverallStatusChip status={posture.dependenciesOverall} />
        </Box>
      )}
      <Typography variant="body2" color="textSecondary">
        {[
          posture.objectives.tier && `Tier: ${posture.objectives.tier}`,
          t('entityTab.evaluated', {
            age: formatAge(posture.evaluatedAt, now),
          }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography>
    </Box>
  );
}

/**
 * The DR tab of an entity: RPO, RTO and drills at a glance with what is
 * wrong and how to fix it, then the backups, drills, runbooks and the
 * posture of what the entity depends on. The posture loads first; every
 * other section loads, fails and retries on its own.
 */
export function EntityDrContent(props: EntityDrContentProps) {
  const { entityRef, posture } = useEntityPosture();
  const alertApi = useApi(alertApiRef);
  const now = useNow();
  const [recording, setRecording] = useState(false);
  // Remounts the drill history after a drill was recorded, back on its first page.
  const [drillsVersion, setDrillsVersion] = useState(0);
  const { t } = useTranslationRef(drTranslationRef);
  // A restore of this entity moving on (approved, running, finished) shows
  // without a reload: said once, then the posture and drills are re-read.
  useDrSignal(drEntitySignalChannel(entityRef), signal => {
    alertApi.post({
      message: t(
        `entityTab.restoreProgress.${signal.outcome ?? signal.status}`,
      ),
      severity: signal.outcome === 'failed' ? 'error' : 'info',
      display: 'transient',
    });
    posture.retry();
    if (signal.outcome) setDrillsVersion(version => version + 1);
  });

  // The sections below do not depend on the drill dialog: opening and closing
  // it re-renders the headline and the dialog only.
  const sections = useMemo(
    () => (
      <>
        {posture.value && (
          <Grid item xs={12}>
            <StatedObjectives posture={posture.value} now={now} />
          </Grid>
        )}
        {posture.value && posture.value.sources.length > 0 && (
          <Grid item xs={12}>
            <BackupCopies posture={posture.value} now={now} />
          </Grid>
        )}
        <Grid item xs={12}>
          <BackupTimeline entityRef={entityRef} />
        </Grid>
        <Grid item xs={12}>
          <BackupsTable
            entityRef={entityRef}
            posture={posture.value}
            now={now}
          />
        </Grid>
        <Grid item xs={12}>
          <RtoTrend
            key={drillsVersion}
            entityRef={entityRef}
            posture={posture.value}
          />
        </Grid>
        <Grid item xs={12}>
          <DrillHistory
            key={drillsVersion}
            entityRef={entityRef}
            posture={posture.value}
            now={now}
          />
        </Grid>
        <Grid item xs={12}>
          <Runbooks entityRef={entityRef} posture={posture.value} />
        </Grid>
        {posture.value && (
          <Grid item xs={12}>
            <DependenciesCard posture={posture.value} />
          </Grid>
        )}
      </>
    ),
    [entityRef, posture.value, now, drillsVersion],
  );

  const status = posture.error && errorStatus(posture.error);
  if (posture.error && (status === 401 || status === 403 || status === 404)) {
    // Every other section would fail the same way: say it once.
    return (
      <SectionError
        error={posture.error}
        what="this entity's DR posture"
        forbiddenMessage={POSTURE_FORBIDDEN}
      />
    );
  }

  if (posture.value && isSystemRollUp(entityRef, posture.value)) {
    return (
      <SystemDrContent entityRef={entityRef} posture={posture.value} now={now} />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          justifyContent="space-between"
          gridGap={16}
        >
          <PostureHeadline posture={posture.value} now={now} />
          <DrActions
            entityRef={entityRef}
            hasBackups={posture.value ? posture.value.sources.length > 0 : true}
            restoreTemplateRef={props.restoreTemplateRef}
            drillTemplateRef={props.drillTemplateRef}
            onRecordDrill={() => setRecording(true)}
          />
        </Box>
      </Grid>
      <Grid item xs={12}>
        {posture.value && <PostureSummary posture={posture.value} now={now} />}
        {!posture.value && posture.error && (
          <SectionError
            error={posture.error}
            what="the DR posture"
            onRetry={posture.retry}
          />
        )}
        {!posture.value && !posture.error && <PostureSummarySkeleton />}
      </Grid>
      {posture.value && posture.value.problems.length > 0 && (
        <Grid item xs={12}>
          <PostureProblems problems={posture.value.problems} />
        </Grid>
      )}
      {sections}
      <RecordDrillDialog
        open={recording}
        entityRef={entityRef}
        scenarios={posture.value?.scenarios ?? []}
        onClose={() => setRecording(false)}
        onRecorded={drill => {
          setRecording(false);
          alertApi.post({
            message: `Drill "${drill.scenario}" recorded.`,
            severity: 'success',
            display: 'transient',
          });
          posture.retry();
          setDrillsVersion(version => version + 1);
        }}
      />
    </Grid>
  );
}
