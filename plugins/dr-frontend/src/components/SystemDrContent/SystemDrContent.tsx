/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { EntityPosture } from '@dr-suite/backstage-plugin-dr-common';
import { formatAge } from '../../formatting';
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
 * The DR tab of a system without objectives of its own: its parts' postures,
 * worst first, each linking to its own DR tab, then the system's plan.
 */
export function SystemDrContent(props: {
  entityRef: string;
  posture: EntityPosture;
  now: number;
}) {
  const { entityRef, posture, now } = props;
  const { t } = useTranslationRef(drTranslationRef);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={12}>
          <Typography variant="h5" component="h2">
            {t('entityTab.heading')}
          </Typography>
          {posture.dependenciesOverall && (
            <OverallStatusChip
              status={posture.dependenciesOverall}
              size="medium"
            />
          )}
          <Typography variant="body2" color="textSecondary">
            {[
              posture.dependencies.length
                ? t('entityTab.judgedByParts')
                : t('entityTab.noParts'),
              t('entityTab.evaluated', {
                age: formatAge(posture.evaluatedAt, now),
              }),
            ].join(' · ')}
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
