/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ReactNode } from 'react';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  DR_ANNOTATION_RPO,
  DR_ANNOTATION_RTO,
  formatDuration,
  type EntityPosture,
  type ObjectiveOrigin,
  type PostureSource,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatAge, formatDateAndAge, formatDateTime } from '../../formatting';
import {
  nextDrillSentence,
  rpoSentence,
  rtoSentence,
} from '../../postureSentences';
import { DrillStatusChip, ObjectiveStatusChip } from '../StatusChip';

const useStyles = makeStyles(theme => ({
  card: {
    height: '100%',
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  },
  title: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
  },
}));

function GlanceCard(props: {
  id: string;
  title: string;
  chip?: ReactNode;
  headline: ReactNode;
  details?: ReactNode[];
}) {
  const classes = useStyles();
  const headingId = `dr-glance-${props.id}`;
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      className={classes.card}
      variant="outlined"
    >
      <div className={classes.title}>
        <Typography variant="h6" component="h3" id={headingId}>
          {props.title}
        </Typography>
        {props.chip}
      </div>
      <Typography variant="body1">{props.headline}</Typography>
      {props.details?.filter(Boolean).map((detail, index) => (
        <Typography key={index} variant="body2" color="textSecondary">
          {detail}
        </Typography>
      ))}
    </Paper>
  );
}

function originText(
  origin: ObjectiveOrigin | null,
  tier: string | null,
  annotation: string,
): string | undefined {
  switch (origin) {
    case 'annotation':
      return `Target set by the ${annotation} annotation.`;
    case 'tier':
      return `Target of the tier ${tier}.`;
    case 'plan':
      return 'Target from the DR plan (its strictest scenario).';
    case 'default':
      return 'Default target of this Backstage installation.';
    default:
      return undefined;
  }
}

/**
 * What a continuously archived data store can be restored to, in words:
 * the window, where a gap cuts it, or why nothing can be restored.
 */
function recoveryWindowSentence(source: PostureSource): string | undefined {
  const window = source.recoveryWindow;
  if (!window) return undefined;
  const store = `${source.sourceId}:${source.selector}`;
  if (window.from && window.to) {
    const range = `Recoverable from ${formatDateTime(
      window.from,
    )} to ${formatDateTime(window.to)} (${store}).`;
    return window.gapAt
      ? `${range} WAL segment ${window.gapAt} is missing: WAL archived after it cannot be replayed.`
      : range;
  }
  if (window.gapAt)
    return `Nothing is recoverable from ${store}: ${window.reason}`;
  return `Nothing is recoverable from ${store}: WAL is archived but there is no base backup to replay it onto.`;
}

/** What restores proved beside what backups promise: the verified RPO. */
function verifiedRpoSentences(posture: EntityPosture, now: number): string[] {
  const verified = posture.verifiedRestorable;
  if (!verified) return [];
  const last = verified.lastVerifiedBackup;
  const sentences = [
    last
      ? `Verified RPO ${
          verified.verifiedRpo.actualSeconds === null
            ? 'unknown'
            : formatDuration(verified.verifiedRpo.actualSeconds)
        }: the newest backup proven restorable${
          last.completedAt
            ? ` completed ${formatDateTime(last.completedAt)}`
            : ''
        }, verified ${formatAge(last.verifiedAt, now)} by ${
          last.restoreTestPlan
            ? `restore-test plan ${last.restoreTestPlan}`
            : 'a drill'
        }.`
      : 'Verified RPO unknown: no backup has been proven restorable yet.',
  ];
  for (const test of verified.restoreTests) {
    sentences.push(
      test.lastRunAt
        ? `Restore test ${test.plan}: last ran ${formatAge(
            test.lastRunAt,
            now,
          )}, ${test.lastOutcome}${
            test.status === 'overdue' ? ' (overdue)' : ''
          }.`
        : `Restore test ${test.plan}: has not run yet.`,
    );
  }
  return sentences;
}

function RpoCard({ posture, now }: { posture: EntityPosture; now: number }) {
  const { rpo, objectives } = posture;
  return (
    <GlanceCard
      id="rpo"
      title="RPO"
      chip={<ObjectiveStatusChip status={rpo.status} />}
      headline={rpoSentence(rpo, now)}
      details={[
        rpo.lastSuccessfulBackupAt &&
          `Newest successful backup completed ${formatDateTime(
            rpo.lastSuccessfulBackupAt,
          )}.`,
        rpo.targetSeconds === null &&
          `Set ${DR_ANNOTATION_RPO} or a tier to judge the backups.`,
        originText(objectives.origins.rpo, objectives.tier, DR_ANNOTATION_RPO),
        ...posture.sources.map(recoveryWindowSentence),
        ...verifiedRpoSentences(posture, now),
      ]}
    />
  );
}

function RtoCard({ posture, now }: { posture: EntityPosture; now: number }) {
  const { rto, objectives } = posture;
  return (
    <GlanceCard
      id="rto"
      title="RTO"
      chip={<ObjectiveStatusChip status={rto.status} />}
      headline={rtoSentence(rto)}
      details={[
        rto.lastSuccessfulDrillAt
          ? `In the last successful drill, ${formatDateAndAge(
              rto.lastSuccessfulDrillAt,
              now,
            )}.`
          : 'Record a successful drill to measure how long a restore takes.',
        rto.targetSeconds === null &&
          `Set ${DR_ANNOTATION_RTO} or a tier to judge the drills.`,
        originText(objectives.origins.rto, objectives.tier, DR_ANNOTATION_RTO),
      ]}
    />
  );
}

function DrillsCard({ posture, now }: { posture: EntityPosture; now: number }) {
  const { drills } = posture;
  return (
    <GlanceCard
      id="drills"
      title="Drills"
      chip={<DrillStatusChip status={drills.status} />}
      headline={nextDrillSentence(drills, now)}
      details={[
        `A successful drill is due every ${formatDuration(
          drills.cadenceDays * 86400,
        )}.`,
        drills.lastDrillAt &&
          `Last drill ${formatAge(drills.lastDrillAt, now)}: ${
            drills.lastDrillOutcome === 'failed' ? 'failed' : 'succeeded'
          }.`,
      ]}
    />
  );
}

/**
 * RPO, RTO and drill cadence at a glance: targets against what was measured,
 * in plain words.
 */
export function PostureSummary(props: { posture: EntityPosture; now: number }) {
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <RpoCard {...props} />
      </Grid>
      <Grid item xs={12} md={4}>
        <RtoCard {...props} />
      </Grid>
      <Grid item xs={12} md={4}>
        <DrillsCard {...props} />
      </Grid>
    </Grid>
  );
}

/** The glance cards' shape while the posture loads, so nothing jumps. */
export function PostureSummarySkeleton() {
  return (
    <Grid
      container
      spacing={2}
      role="progressbar"
      aria-label="Loading the DR posture"
    >
      {[0, 1, 2].map(index => (
        <Grid item xs={12} md={4} key={index}>
          <Skeleton variant="rect" height={132} />
        </Grid>
      ))}
    </Grid>
  );
}
