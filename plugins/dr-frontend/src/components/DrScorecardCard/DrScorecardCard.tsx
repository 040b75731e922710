/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InfoCard, StatusError, StatusOK } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { drTechInsightsCheckIds } from '@dr-suite/backstage-plugin-dr-common';
import { type DrCheckResult, useDrScorecard } from '../../hooks/useDrScorecard';
import { AsyncSection, SectionEmpty } from '../SectionState';

const CHECK_ORDER: string[] = Object.values(drTechInsightsCheckIds);

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  check: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  status: { whiteSpace: 'nowrap' },
}));

function CheckList(props: { results: DrCheckResult[] }) {
  const classes = useStyles();
  const results = [...props.results].sort(
    (a, b) => CHECK_ORDER.indexOf(a.check.id) - CHECK_ORDER.indexOf(b.check.id),
  );
  const missing = CHECK_ORDER.length - results.length;
  if (!results.length) {
    return (
      <SectionEmpty title="No DR scores yet">
        Tech Insights has not retrieved DR facts for this entity; its DR fact
        retriever (drFactRetriever) runs on the schedule set under
        techInsights.factRetrievers.
      </SectionEmpty>
    );
  }
  return (
    <>
      <ul className={classes.list} aria-label="DR checks">
        {results.map(({ check, result }) => (
          <li key={check.id} className={classes.check}>
            <Box>
              <Typography variant="body2" component="p">
                <strong>{check.name}</strong>
              </Typography>
              <Typography variant="body2" color="textSecondary" component="p">
                {check.description}
              </Typography>
            </Box>
            <Typography
              variant="body2"
              component="span"
              className={classes.status}
            >
              {result ? (
                <StatusOK>Passed</StatusOK>
              ) : (
                <StatusError>Failed</StatusError>
              )}
            </Typography>
          </li>
        ))}
      </ul>
      {missing > 0 && (
        <Typography variant="body2" color="textSecondary">
          {missing === 1 ? '1 DR check has' : `${missing} DR checks have`} no
          result: its facts are missing for this entity.
        </Typography>
      )}
    </>
  );
}

/**
 * The entity's DR scorecard: the Tech Insights DR checks (RPO met, drill
 * current, restore tested in the last 30 days), each passed or failed with
 * what it checks. Optional: without the Tech Insights backend the card says
 * so and nothing else on the page changes.
 */
export function DrScorecardCard() {
  const { entity } = useEntity();
  const scorecard = useDrScorecard(stringifyEntityRef(entity));
  return (
    <section aria-label="DR scorecard">
      <InfoCard title="DR scorecard" subheader="Tech Insights checks">
        <AsyncSection state={scorecard} what="the DR scorecard">
          {value =>
            value.installed ? (
              <CheckList results={value.results} />
            ) : (
              <Alert severity="info">
                <AlertTitle>Tech Insights is not installed</AlertTitle>
                The DR checks show here once this Backstage runs the Tech
                Insights backend with the DR module
                (@dr-suite/backstage-plugin-tech-insights-backend-module-dr).
              </Alert>
            )
          }
        </AsyncSection>
      </InfoCard>
    </section>
  );
}
