/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useState, type ReactNode } from 'react';
import { InfoCard, Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  drDrillVoidPermission,
  formatDuration,
  type DrillRecord,
  type EntityPosture,
} from '@dr-suite/backstage-plugin-dr-common';
import { formatAge, formatDateTime } from '../../formatting';
import { useCursorPagination } from '../../hooks/useCursorPagination';
import { useDrApi } from '../../hooks/useDrApi';
import { AsyncSection, SectionEmpty } from '../SectionState';
import { DrillOutcomeChip } from '../StatusChip';
import { VoidDrillDialog } from './VoidDrillDialog';

const useStyles = makeStyles(theme => ({
  met: { color: theme.palette.status.ok },
  breached: { color: theme.palette.status.error },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  done: { textDecoration: 'line-through' },
  notes: { display: 'block', maxWidth: 420 },
  // A voided drill no longer counts: everything it says is struck through.
  voided: {
    '& > td': {
      textDecoration: 'line-through',
      color: theme.palette.text.secondary,
    },
  },
  // Inline blocks escape the row's line-through, so the reason stays legible.
  voidNote: {
    display: 'inline-block',
    textDecoration: 'none',
    marginTop: theme.spacing(0.5),
  },
}));

/** Participants are usually user refs, but people type names too. */
function Participant({ name }: { name: string }) {
  if (!/\s/.test(name)) {
    try {
      const ref = parseEntityRef(name, {
        defaultKind: 'user',
        defaultNamespace: 'default',
      });
      return <EntityRefLink entityRef={ref} hideIcon />;
    } catch {
      // Not an entity ref: show the name as it was recorded.
    }
  }
  return <>{name}</>;
}

function Measured(props: { seconds: number | null; target: number | null }) {
  const classes = useStyles();
  const { seconds, target } = props;
  if (seconds === null) {
    return <>—</>;
  }
  let verdict: ReactNode = null;
  if (target !== null) {
    const met = seconds <= target;
    verdict = (
      <Typography
        variant="caption"
        display="block"
        className={met ? classes.met : classes.breached}
      >
        {met ? 'within' : 'over'} target {formatDuration(target)}
      </Typography>
    );
  }
  return (
    <>
      {formatDuration(seconds)}
      {verdict}
    </>
  );
}

function DrillRow(props: {
  drill: DrillRecord;
  posture?: EntityPosture;
  now: number;
  /** Set when the user may void drills; shows a Void action on counted ones. */
  onVoid?: (drill: DrillRecord) => void;
}) {
  const { drill, posture, now, onVoid } = props;
  const classes = useStyles();
  const scenario = posture?.scenarios.find(s => s.scenario === drill.scenario);
  return (
    <TableRow className={drill.voided ? classes.voided : undefined}>
      <TableCell>
        <Typography variant="body2">
          {formatDateTime(drill.completedAt)}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {formatAge(drill.completedAt, now)}
        </Typography>
      </TableCell>
      <TableCell>
        <Typography variant="body2">
          {scenario?.title ?? drill.scenario}
        </Typography>
        {drill.notes && (
          <Typography
            variant="caption"
            color="textSecondary"
            className={classes.notes}
          >
            {drill.notes}
          </Typography>
        )}
        {drill.evidenceUrl && (
          <Typography variant="caption" className={classes.notes}>
            <Link to={drill.evidenceUrl}>Evidence</Link>
          </Typography>
        )}
        {drill.voided && (
          <Typography
            variant="caption"
            color="error"
            className={classes.voidNote}
          >
            Voided by {drill.voided.by}: {drill.voided.reason}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <DrillOutcomeChip status={drill.outcome} />
        {drill.source === 'manual' && (
          // Recorded by a person, not measured by a restore task.
          <Typography variant="caption" display="block" color="textSecondary">
            Manual
          </Typography>
        )}
        {drill.kind === 'restore-test' && (
          // Run by a restore-test plan on its schedule, without a person.
          <Typography variant="caption" display="block" color="textSecondary">
            Restore test ({drill.restoreTestPlan})
          </Typography>
        )}
        {drill.checks?.some(c => !c.passed) && (
          <Typography variant="caption" display="block" color="error">
            {drill.checks
              .filter(c => !c.passed)
              .map(c => `${c.name}: ${c.detail}`)
              .join('; ')}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {drill.outcome === 'unverified' ? (
          // No check ran: the restore's duration is not a measured RTO.
          <>
            {formatDuration(drill.measuredRtoSeconds)}
            <Typography variant="caption" display="block" color="textSecondary">
              not verified: no checks ran, not counted as RTO
            </Typography>
          </>
        ) : (
          <Measured
            seconds={drill.measuredRtoSeconds}
            target={
              scenario?.rto.targetSeconds ?? posture?.rto.targetSeconds ?? null
            }
          />
        )}
        {drill.phases?.length ? (
          <Typography variant="caption" display="block" color="textSecondary">
            {drill.phases
              .map(p => `${p.name} ${formatDuration(p.durationSeconds)}`)
              .join(' · ')}
          </Typography>
        ) : null}
      </TableCell>
      <TableCell>
        <Measured
          seconds={drill.measuredRpoSeconds}
          target={
            scenario?.rpo.targetSeconds ?? posture?.rpo.targetSeconds ?? null
          }
        />
      </TableCell>
      <TableCell>
        {drill.participants.length ? (
          <ul className={classes.list}>
            {drill.participants.map(participant => (
              <li key={participant}>
                <Participant name={participant} />
              </li>
            ))}
          </ul>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell>
        {drill.actionItems.length ? (
          <ul className={classes.list}>
            {drill.actionItems.map((item, index) => (
              <li key={index}>
                <span className={item.done ? classes.done : undefined}>
                  {item.title}
                </span>
                {item.done && ' (done)'}
                {item.owner && (
                  <Typography variant="caption" color="textSecondary">
                    {' '}
                    — {item.owner}
                  </Typography>
                )}
              </li>
            ))}
          </ul>
        ) : (
          '—'
        )}
      </TableCell>
      {onVoid && (
        <TableCell>
          {!drill.voided && (
            <Button
              size="small"
              onClick={() => onVoid(drill)}
              aria-label={`Void the ${drill.scenario} drill of ${formatDateTime(
                drill.completedAt,
              )}`}
            >
              Void
            </Button>
          )}
        </TableCell>
      )}
    </TableRow>
  );
}

/** Props of {@link DrillHistory}. */
export interface DrillHistoryProps {
  entityRef: string;
  /** Supplies scenario titles and targets; the table works without it. */
  posture?: EntityPosture;
  now: number;
  /** Called after a drill was voided, e.g. to reload the posture it changed. */
  onVoided?: (drill: DrillRecord) => void;
}

/**
 * The entity's drills, newest first: outcome, measured RTO and RPO against
 * their targets, who took part and what is left to do. Voided drills stay,
 * struck through with who voided them and why; users the permission
 * framework allows can void a drill, with a reason.
 */
export function DrillHistory(props: DrillHistoryProps) {
  const { entityRef, posture, now, onVoided } = props;
  const pagination = useCursorPagination(10);
  const { pageSize, cursor } = pagination;
  const state = useDrApi(
    api => api.getDrills(entityRef, { limit: pageSize, cursor }),
    [entityRef, pageSize, cursor],
  );
  const canVoid = usePermission({
    permission: drDrillVoidPermission,
    resourceRef: entityRef,
  }).allowed;
  const [voiding, setVoiding] = useState<DrillRecord>();
  return (
    <InfoCard title="Drill history" subheader="Newest first">
      <AsyncSection state={state} what="the drill history">
        {({ items, nextCursor }) =>
          items.length ? (
            <>
              <TableContainer>
                <Table size="small" aria-label="Drill history">
                  <TableHead>
                    <TableRow>
                      <TableCell>Completed</TableCell>
                      <TableCell>Scenario</TableCell>
                      <TableCell>Outcome</TableCell>
                      <TableCell>Measured RTO</TableCell>
                      <TableCell>Measured RPO</TableCell>
                      <TableCell>Participants</TableCell>
                      <TableCell>Action items</TableCell>
                      {canVoid && (
                        <TableCell>
                          <Typography variant="srOnly">Actions</Typography>
                        </TableCell>
                      )}
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {items.map(drill => (
                      <DrillRow
                        key={drill.id}
                        drill={drill}
                        posture={posture}
                        now={now}
                        onVoid={canVoid ? setVoiding : undefined}
                      />
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
              <TablePagination
                component="div"
                {...pagination.paginationProps(items.length, nextCursor)}
              />
            </>
          ) : (
            <SectionEmpty title="No drill has been recorded yet.">
              A drill restores a backup the way the runbook says and measures
              how long it took: that measurement is the RTO. Run one with the DR
              drill template, or record one you ran by hand.
            </SectionEmpty>
          )
        }
      </AsyncSection>
      <VoidDrillDialog
        entityRef={entityRef}
        drill={voiding}
        onClose={() => setVoiding(undefined)}
        onVoided={drill => {
          setVoiding(undefined);
          state.retry();
          onVoided?.(drill);
        }}
      />
    </InfoCard>
  );
}
