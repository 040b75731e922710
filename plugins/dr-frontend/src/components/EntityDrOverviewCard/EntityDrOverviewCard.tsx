/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import type { EntityPosture } from '@dr-suite/backstage-plugin-dr-common';
import { useDrTabLink } from '../../hooks/useDrTabLink';
import { useEntityPosture } from '../../hooks/useEntityPosture';
import { useNow } from '../../hooks/useNow';
import {
  nextDrillSentence,
  rpoSentence,
  rtoSentence,
} from '../../postureSentences';
import { POSTURE_FORBIDDEN, SectionError } from '../SectionState';
import {
  DrillStatusChip,
  ObjectiveStatusChip,
  OverallStatusChip,
  overallStatusPresentation,
} from '../StatusChip';

const useStyles = makeStyles(theme => ({
  list: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'max-content auto 1fr',
    alignItems: 'center',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(1.5),
  },
  term: { fontWeight: theme.typography.fontWeightMedium as number },
  value: { margin: 0, display: 'contents' },
}));

function Row(props: { term: string; chip: ReactNode; text?: string }) {
  const classes = useStyles();
  return (
    <>
      <Typography component="dt" variant="body2" className={classes.term}>
        {props.term}
      </Typography>
      <dd className={classes.value}>
        <span>{props.chip}</span>
        <Typography variant="body2" color="textSecondary" component="span">
          {props.text}
        </Typography>
      </dd>
    </>
  );
}

function PostureRows({
  posture,
  now,
}: {
  posture: EntityPosture;
  now: number;
}) {
  const classes = useStyles();
  const { rpo, rto } = posture;
  return (
    <dl className={classes.list}>
      <Row
        term="Overall"
        chip={<OverallStatusChip status={posture.overall} />}
        text={
          posture.dependenciesOverall &&
          posture.dependenciesOverall !== posture.overall
            ? `Dependencies: ${
                overallStatusPresentation[posture.dependenciesOverall].label
              }`
            : undefined
        }
      />
      <Row
        term="RPO"
        chip={<ObjectiveStatusChip status={rpo.status} />}
        text={rpoSentence(rpo, now)}
      />
      <Row
        term="RTO"
        chip={<ObjectiveStatusChip status={rto.status} />}
        text={rtoSentence(rto)}
      />
      <Row
        term="Drills"
        chip={<DrillStatusChip status={posture.drills.status} />}
        text={nextDrillSentence(posture.drills, now)}
      />
    </dl>
  );
}

/**
 * A compact DR summary for the entity's Overview tab: overall status, RPO
 * and RTO, when the next drill is due, and a link to the DR tab.
 */
export function EntityDrOverviewCard() {
  const { entityRef, posture } = useEntityPosture();
  const drTabLink = useDrTabLink();
  const now = useNow();

  let content: ReactNode;
  if (posture.value) {
    content = <PostureRows posture={posture.value} now={now} />;
  } else if (posture.error) {
    content = (
      <SectionError
        error={posture.error}
        what="the DR posture"
        forbiddenMessage={POSTURE_FORBIDDEN}
        onRetry={posture.retry}
      />
    );
  } else {
    content = (
      <div role="progressbar" aria-label="Loading the DR posture">
        {[0, 1, 2, 3].map(index => (
          <Skeleton key={index} height={28} />
        ))}
      </div>
    );
  }

  return (
    <section aria-label="Disaster recovery">
      <InfoCard
        title="Disaster recovery"
        deepLink={{ title: 'Open the DR tab', link: drTabLink(entityRef) }}
      >
        {content}
      </InfoCard>
    </section>
  );
}
