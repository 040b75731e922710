/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { CodeSnippet, InfoCard, Link } from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  DR_ANNOTATION_PLAN,
  formatDuration,
  type DrPlan,
  type EntityPosture,
  type PlanContact,
  type PlanRunbook,
  type PlanResponse,
} from '@dr-suite/backstage-plugin-dr-common';
import { useDrApi } from '../../hooks/useDrApi';
import { AsyncSection, SectionEmpty } from '../SectionState';
import { ObjectiveStatusChip } from '../StatusChip';

const PLAN_EXAMPLE = `metadata:
  annotations:
    ${DR_ANNOTATION_PLAN}: ./dr-plan.yaml`;

const useStyles = makeStyles(theme => ({
  summary: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  details: { flexDirection: 'column', gap: theme.spacing(2) },
  steps: {
    margin: 0,
    paddingLeft: theme.spacing(3),
    '& > li': { marginBottom: theme.spacing(2) },
  },
  symptoms: { margin: 0, paddingLeft: theme.spacing(3) },
  contact: { overflowWrap: 'anywhere' },
  line: { display: 'block' },
}));

function RunbookSection(props: {
  runbook: PlanRunbook;
  plan: DrPlan;
  posture?: EntityPosture;
}) {
  const { runbook, plan, posture } = props;
  const classes = useStyles();
  const objective = plan.spec.objectives.find(
    o => o.scenario === runbook.scenario,
  );
  const scenarioPosture = posture?.scenarios.find(
    s => s.scenario === runbook.scenario,
  );
  const headingId = `dr-runbook-${runbook.scenario}`;
  const facts = [
    runbook.expectedRtoSeconds !== null &&
      `Expected RTO ${formatDuration(runbook.expectedRtoSeconds)}`,
    objective?.rtoSeconds &&
      `RTO target ${formatDuration(objective.rtoSeconds)}`,
    objective?.maxRtoSeconds &&
      `RTO max ${formatDuration(objective.maxRtoSeconds)}`,
    objective?.rpoSeconds === 0 && 'RPO target 0 (no data loss)',
    objective?.rpoSeconds &&
      `RPO target ${formatDuration(objective.rpoSeconds)}`,
  ].filter(Boolean);

  return (
    <Accordion defaultExpanded component="section" aria-labelledby={headingId}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <div className={classes.summary}>
          <Typography variant="h6" component="h3" id={headingId}>
            {runbook.title}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {objective?.title ?? runbook.scenario}
            {facts.length ? ` · ${facts.join(' · ')}` : ''}
          </Typography>
          {scenarioPosture && (
            <div className={classes.chips}>
              <Typography variant="caption">RPO</Typography>
              <ObjectiveStatusChip status={scenarioPosture.rpo.status} />
              <Typography variant="caption">RTO</Typography>
              <ObjectiveStatusChip status={scenarioPosture.rto.status} />
            </div>
          )}
        </div>
      </AccordionSummary>
      <AccordionDetails className={classes.details}>
        {runbook.symptoms.length > 0 && (
          <div>
            <Typography variant="subtitle2" component="h4">
              Symptoms
            </Typography>
            <ul className={classes.symptoms}>
              {runbook.symptoms.map(symptom => (
                <li key={symptom}>
                  <Typography variant="body2">{symptom}</Typography>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div>
          <Typography variant="subtitle2" component="h4" gutterBottom>
            Steps
          </Typography>
          {runbook.steps.length ? (
            <ol className={classes.steps}>
              {runbook.steps.map((step, index) => (
                <li key={index}>
                  <Typography variant="body1">{step.title}</Typography>
                  {step.description && (
                    <Typography variant="body2" color="textSecondary">
                      {step.description}
                    </Typography>
                  )}
                  {step.command && (
                    <Box mt={1}>
                      <CodeSnippet
                        language="bash"
                        text={step.command}
                        showCopyCodeButton
                      />
                    </Box>
                  )}
                </li>
              ))}
            </ol>
          ) : (
            <Typography variant="body2" color="textSecondary">
              This runbook has no steps yet.
            </Typography>
          )}
        </div>
      </AccordionDetails>
    </Accordion>
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function Contact({ contact }: { contact: PlanContact }) {
  const classes = useStyles();
  const reach = contact.contact;
  return (
    <ListItem disableGutters>
      <ListItemText
        className={classes.contact}
        primary={contact.name}
        secondary={
          <>
            {(contact.level || contact.role) && (
              <span className={classes.line}>
                {[contact.level, contact.role].filter(Boolean).join(' · ')}
              </span>
            )}
            {contact.responseTimeSeconds ? (
              <span className={classes.line}>
                Responds within {formatDuration(contact.responseTimeSeconds)}
              </span>
            ) : null}
            {reach && (
              <span className={classes.line}>
                {EMAIL.test(reach) ? (
                  <Link to={`mailto:${reach}`}>{reach}</Link>
                ) : (
                  reach
                )}
              </span>
            )}
          </>
        }
      />
    </ListItem>
  );
}

function PlanCards(props: { response: PlanResponse; posture?: EntityPosture }) {
  const { response, posture } = props;
  const { plan } = response;
  if (!response.location) {
    return (
      <InfoCard title="Runbooks">
        <SectionEmpty
          title="No DR plan is linked to this entity, so there are no runbooks for an incident."
          action={<CodeSnippet language="yaml" text={PLAN_EXAMPLE} />}
        >
          Write a DisasterRecoveryPlan document with one runbook per failure
          scenario, then point the {DR_ANNOTATION_PLAN} annotation at it
          (relative to the entity file, or a URL).
        </SectionEmpty>
      </InfoCard>
    );
  }
  if (!plan) {
    return (
      <InfoCard title="Runbooks">
        <SectionEmpty
          title={`The DR plan at ${response.location} could not be read.`}
        >
          <ul>
            {response.problems.map((problem, index) => (
              <li key={index}>
                {problem.message} {problem.fix}
              </li>
            ))}
          </ul>
        </SectionEmpty>
      </InfoCard>
    );
  }
  const title = plan.metadata.title ?? plan.metadata.name ?? 'DR plan';
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={8}>
        <InfoCard title="Runbooks" subheader={`From ${title}`}>
          {plan.spec.runbooks.length ? (
            plan.spec.runbooks.map(runbook => (
              <RunbookSection
                key={runbook.scenario}
                runbook={runbook}
                plan={plan}
                posture={posture}
              />
            ))
          ) : (
            <SectionEmpty title="The DR plan has no runbooks yet.">
              Add spec.runbooks to {response.location}: for each failure
              scenario, its symptoms and the ordered steps to recover.
            </SectionEmpty>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={4}>
        <InfoCard title="Escalation" subheader="Who to call, in order">
          {plan.spec.escalation.length ? (
            <List dense aria-label="Escalation contacts">
              {plan.spec.escalation.map(contact => (
                <Contact key={contact.name} contact={contact} />
              ))}
            </List>
          ) : (
            <SectionEmpty title="The DR plan names no one to call.">
              Add spec.escalation to {response.location}.
            </SectionEmpty>
          )}
        </InfoCard>
        <PlanExtras plan={plan} />
      </Grid>
    </Grid>
  );
}

/**
 * What else the plan keeps: service levels, communication, other runbooks.
 */
function PlanExtras({ plan }: { plan: DrPlan }) {
  const { serviceLevels = [], communication = [], links = [] } = plan.spec;
  return (
    <>
      {serviceLevels.length > 0 && (
        <Box mt={3}>
          <InfoCard title="Service levels">
            <List dense aria-label="Service levels">
              {serviceLevels.map(level => (
                <ListItem key={level.name} disableGutters>
                  <ListItemText primary={level.target} secondary={level.name} />
                </ListItem>
              ))}
            </List>
          </InfoCard>
        </Box>
      )}
      {communication.length > 0 && (
        <Box mt={3}>
          <InfoCard title="Communication">
            <List dense aria-label="Communication plan">
              {communication.map(entry => (
                <ListItem key={entry.audience} disableGutters>
                  <ListItemText
                    primary={entry.audience}
                    secondary={[
                      entry.channel,
                      entry.updateEverySeconds
                        ? `updates every ${formatDuration(
                            entry.updateEverySeconds,
                          )}`
                        : null,
                      ...entry.steps,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  />
                </ListItem>
              ))}
            </List>
          </InfoCard>
        </Box>
      )}
      {links.length > 0 && (
        <Box mt={3}>
          <InfoCard title="Related runbooks">
            <List dense aria-label="Related runbooks">
              {links.map(link => (
                <ListItem key={link.url} disableGutters>
                  <Link to={link.url}>{link.title}</Link>
                </ListItem>
              ))}
            </List>
          </InfoCard>
        </Box>
      )}
    </>
  );
}

/**
 * The runbooks of the entity's DR plan, one section per failure scenario,
 * and who to call.
 */
export function Runbooks(props: {
  entityRef: string;
  posture?: EntityPosture;
}) {
  const { entityRef, posture } = props;
  const state = useDrApi(api => api.getPlan(entityRef), [entityRef]);
  if (state.value && !state.error) {
    return <PlanCards response={state.value} posture={posture} />;
  }
  return (
    <InfoCard title="Runbooks">
      <AsyncSection state={state} what="the DR plan">
        {() => null}
      </AsyncSection>
    </InfoCard>
  );
}
