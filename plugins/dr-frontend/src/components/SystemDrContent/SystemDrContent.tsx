/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { EntityPosture } from '@dr-suite/backstage-plugin-dr-common';
import { formatAge } from '../../formatting';
import { useDrTabLink } from '../../hooks/useDrTabLink';
import { drTranslationRef } from '../../translation';
import { DependenciesCard } from '../DependenciesCard';
import { PostureProblems } from '../PostureProblems';
import { Runbooks } from '../Runbooks';
import { OverallStatusChip } from '../StatusChip';

/**
 * Whether the DR tab shows a system by its parts: a system without
 * objectives of its own has no backups or drills to show, only the posture
 * of what it is made of.
 */
export function isSystemRollUp(
  entityRef: string,
  posture: EntityPosture,
): boolean {
  return (
    parseEntityRef(entityRef).kind.toLocaleLowerCase('en-US') === 'system' &&
    posture.overall === 'none'
  );
}

/**
 * The part that drives the system's rolled-up posture, linking to its DR
 * tab, by the title it has among the parts.
 */
function DrivingPart(props: { posture: EntityPosture; partRef: string }) {
  const { posture, partRef } = props;
  const { t } = useTranslationRef(drTranslationRef);
  const drTabLink = useDrTabLink();
  const title =
    posture.dependencies.find(d => d.entityRef === partRef)?.title ??
    humanizeEntityRef(parseEntityRef(partRef));
  return (
    <Typography variant="body2">
      {t('entityTab.drivenBy')} <Link to={drTabLink(partRef)}>{title}</Link>
    </Typography>
  );
}

/**
 * The DR tab of a system without objectives of its own: its posture rolled
 * up over its parts, with the part that drives it, then its parts' postures,
 * worst first, each linking to its own DR tab, then the system's plan.
 */
export function SystemDrContent(props: {
  entityRef: string;
  posture: EntityPosture;
  now: number;
}) {
  const { entityRef, posture, now } = props;
  const { t } = useTranslationRef(drTranslationRef);
  // Backends before the rollup only judged the parts together.
  const status = posture.rollup?.overall ?? posture.dependenciesOverall;
  const drivenBy = posture.rollup?.drivenBy ?? null;
  let summary: string | null = null;
  if (!drivenBy) {
    summary =
      posture.dependencies.length && !posture.rollup
        ? t('entityTab.judgedByParts')
        : t('entityTab.noParts');
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          gridGap={12}
          role="group"
          aria-label={t('entityTab.rollup')}
        >
          <Typography variant="h5" component="h2">
            {t('entityTab.heading')}
          </Typography>
          {status && <OverallStatusChip status={status} size="medium" />}
          {drivenBy && <DrivingPart posture={posture} partRef={drivenBy} />}
          <Typography variant="body2" color="textSecondary">
            {[
              summary,
              t('entityTab.evaluated', {
                age: formatAge(posture.evaluatedAt, now),
              }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
        </Box>
      </Grid>
      {posture.problems.length > 0 && (
        <Grid item xs={12}>
          <PostureProblems problems={posture.problems} />
        </Grid>
      )}
      <Grid item xs={12}>
        <DependenciesCard posture={posture} variant="parts" />
      </Grid>
      <Grid item xs={12}>
        <Runbooks entityRef={entityRef} posture={posture} />
      </Grid>
    </Grid>
  );
}
