/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import Chip from '@material-ui/core/Chip';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import type {
  ApprovalStatus,
  BackupStatus,
  DrillOutcome,
  DrillStatus,
  ObjectiveStatus,
  OverallStatus,
} from '@dr-suite/backstage-plugin-dr-common';

/** The Backstage status colours a chip can take. */
export type StatusTone =
  | 'ok'
  | 'warning'
  | 'error'
  | 'pending'
  | 'running'
  | 'aborted';

const toneStyle = (theme: Theme, tone: StatusTone) => ({
  backgroundColor: theme.palette.status[tone],
  color: theme.palette.getContrastText(theme.palette.status[tone]),
});

const useStyles = makeStyles(theme => ({
  chip: { fontWeight: theme.typography.fontWeightMedium as number },
  ok: toneStyle(theme, 'ok'),
  warning: toneStyle(theme, 'warning'),
  error: toneStyle(theme, 'error'),
  pending: toneStyle(theme, 'pending'),
  running: toneStyle(theme, 'running'),
  aborted: toneStyle(theme, 'aborted'),
}));

/** Props of {@link StatusChip}. */
export interface StatusChipProps {
  tone: StatusTone;
  label: string;
  size?: 'small' | 'medium';
}

/** A status word in the Backstage status colours. */
export function StatusChip(props: StatusChipProps) {
  const { tone, label, size = 'small' } = props;
  const classes = useStyles();
  return (
    <Chip
      size={size}
      label={label}
      className={`${classes.chip} ${classes[tone]}`}
    />
  );
}

type Presentation = { tone: StatusTone; label: string };

function chipFor<S extends string>(presentations: Record<S, Presentation>) {
  return (props: { status: S; size?: 'small' | 'medium' }) => (
    <StatusChip {...presentations[props.status]} size={props.size} />
  );
}

/** Labels and tones of the overall DR statuses. */
export const overallStatusPresentation: Record<OverallStatus, Presentation> = {
  ok: { tone: 'ok', label: 'OK' },
  'at-risk': { tone: 'warning', label: 'At risk' },
  breach: { tone: 'error', label: 'Breach' },
  none: { tone: 'aborted', label: 'No objectives' },
};

/** The entity's DR posture in one word. */
export const OverallStatusChip = chipFor(overallStatusPresentation);

/** Whether an RPO or RTO is met. */
export const ObjectiveStatusChip = chipFor<ObjectiveStatus>({
  met: { tone: 'ok', label: 'Met' },
  breached: { tone: 'error', label: 'Breached' },
  unknown: { tone: 'pending', label: 'Unknown' },
});

/** Whether drills happen as often as required. */
export const DrillStatusChip = chipFor<DrillStatus>({
  current: { tone: 'ok', label: 'Current' },
  overdue: { tone: 'warning', label: 'Overdue' },
  never: { tone: 'warning', label: 'Never drilled' },
});

/** How a drill ended. */
export const DrillOutcomeChip = chipFor<DrillOutcome>({
  succeeded: { tone: 'ok', label: 'Succeeded' },
  failed: { tone: 'error', label: 'Failed' },
  unverified: { tone: 'warning', label: 'Unverified' },
});

/** How a backup ended. */
export const BackupStatusChip = chipFor<BackupStatus>({
  succeeded: { tone: 'ok', label: 'Succeeded' },
  'partially-failed': { tone: 'warning', label: 'Partially failed' },
  failed: { tone: 'error', label: 'Failed' },
  'in-progress': { tone: 'running', label: 'In progress' },
});

/** Where a restore approval stands. */
export const ApprovalStatusChip = chipFor<ApprovalStatus>({
  pending: { tone: 'pending', label: 'Pending' },
  approved: { tone: 'ok', label: 'Approved' },
  executed: { tone: 'ok', label: 'Executed' },
  rejected: { tone: 'error', label: 'Rejected' },
  expired: { tone: 'aborted', label: 'Expired' },
});
