/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import ButtonBase from '@material-ui/core/ButtonBase';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  AuditSummary as AuditSummaryData,
  OverallStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import { overallStatusPresentation, type StatusTone } from '../StatusChip';

const useStyles = makeStyles(theme => ({
  tile: {
    width: '100%',
    height: '100%',
    display: 'block',
    textAlign: 'left',
    borderRadius: theme.shape.borderRadius,
  },
  paper: {
    height: '100%',
    padding: theme.spacing(1.5, 2),
    borderLeftWidth: 6,
    borderLeftStyle: 'solid',
  },
  selected: { boxShadow: `inset 0 0 0 2px ${theme.palette.primary.main}` },
  ok: { borderLeftColor: theme.palette.status.ok },
  warning: { borderLeftColor: theme.palette.status.warning },
  error: { borderLeftColor: theme.palette.status.error },
  aborted: { borderLeftColor: theme.palette.status.aborted },
  pending: { borderLeftColor: theme.palette.status.pending },
  running: { borderLeftColor: theme.palette.status.running },
  count: { fontWeight: theme.typography.fontWeightBold as number },
  bar: { marginTop: theme.spacing(1), height: 6, borderRadius: 3 },
}));

const TILES: Array<{
  status: OverallStatus;
  key: 'ok' | 'atRisk' | 'breach' | 'none';
}> = [
  { status: 'ok', key: 'ok' },
  { status: 'at-risk', key: 'atRisk' },
  { status: 'breach', key: 'breach' },
  { status: 'none', key: 'none' },
];

function StatusTile(props: {
  label: string;
  count: number;
  total: number;
  tone: StatusTone;
  selected: boolean;
  onClick: () => void;
}) {
  const classes = useStyles();
  const share = props.total ? Math.round((props.count / props.total) * 100) : 0;
  return (
    <ButtonBase
      className={classes.tile}
      onClick={props.onClick}
      aria-pressed={props.selected}
      aria-label={`${props.label}: ${props.count}. ${
        props.selected ? 'Shown' : 'Show only these'
      }`}
    >
      <Paper
        variant="outlined"
        className={`${classes.paper} ${classes[props.tone]} ${
          props.selected ? classes.selected : ''
        }`}
      >
        <Typography variant="body2" color="textSecondary">
          {props.label}
        </Typography>
        <Typography variant="h4" component="p" className={classes.count}>
          {props.count.toLocaleString()}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {share}% of {props.total.toLocaleString()}
        </Typography>
      </Paper>
    </ButtonBase>
  );
}

function ShareTile(props: { label: string; met: number; total: number }) {
  const classes = useStyles();
  const { label, met, total } = props;
  const percent = total ? Math.round((met / total) * 100) : 0;
  return (
    <Paper
      variant="outlined"
      className={`${classes.paper} ${
        classes[percent === 100 ? 'ok' : 'warning']
      }`}
    >
      <Typography variant="body2" color="textSecondary">
        {label}
      </Typography>
      <Typography variant="h4" component="p" className={classes.count}>
        {total ? `${percent}%` : '—'}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {total ? `${met} of ${total}` : 'none in this view'}
      </Typography>
      {total > 0 && (
        <LinearProgress
          className={classes.bar}
          variant="determinate"
          value={percent}
          aria-label={label}
        />
      )}
    </Paper>
  );
}

/** Props of {@link AuditSummary}. */
export interface AuditSummaryProps {
  summary: AuditSummaryData;
  /** The overall statuses the table is filtered to. */
  selected: OverallStatus[];
  onToggle: (status: OverallStatus) => void;
}

/**
 * How many entities are OK, at risk, in breach or without objectives
 * (each a filter toggle), and the share of critical-tier entities meeting
 * their RPO and RTO.
 */
export function AuditSummary(props: AuditSummaryProps) {
  const { summary, selected, onToggle } = props;
  const tier = summary.criticalTier;
  return (
    <Grid container spacing={2} component="section" aria-label="Summary">
      {TILES.map(({ status, key }) => (
        <Grid item xs={6} sm={4} md={2} key={status}>
          <StatusTile
            label={overallStatusPresentation[status].label}
            tone={overallStatusPresentation[status].tone}
            count={summary[key]}
            total={summary.total}
            selected={selected.includes(status)}
            onClick={() => onToggle(status)}
          />
        </Grid>
      ))}
      <Grid item xs={6} sm={4} md={2}>
        <ShareTile
          label={`${tier.tier} meeting RPO`}
          met={tier.rpoMet}
          total={tier.total}
        />
      </Grid>
      <Grid item xs={6} sm={4} md={2}>
        <ShareTile
          label={`${tier.tier} meeting RTO`}
          met={tier.rtoMet}
          total={tier.total}
        />
      </Grid>
    </Grid>
  );
}
