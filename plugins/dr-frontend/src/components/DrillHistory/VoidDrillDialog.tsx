/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useState, type FormEvent } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import type { DrillRecord } from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../../api';
import { formatDateTime } from '../../formatting';
import { errorMessage } from '../SectionState';

/** The longest reason the DR backend accepts. */
const MAX_REASON = 1000;

/** Props of {@link VoidDrillDialog}. */
export interface VoidDrillDialogProps {
  entityRef: string;
  /** The drill to void; the dialog is closed without one. */
  drill?: DrillRecord;
  onClose: () => void;
  onVoided: (drill: DrillRecord) => void;
}

function VoidDrillForm(
  props: Omit<VoidDrillDialogProps, 'drill'> & { drill: DrillRecord },
) {
  const { entityRef, drill, onClose, onVoided } = props;
  const drApi = useApi(drApiRef);
  const [reason, setReason] = useState('');
  const [submitError, setSubmitError] = useState<Error>();
  const [submitting, setSubmitting] = useState(false);
  const trimmed = reason.trim();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!trimmed) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      onVoided(await drApi.voidDrill(entityRef, drill.id, { reason: trimmed }));
    } catch (error) {
      setSubmitError(error as Error);
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogContent>
        <DialogContentText>
          The {drill.scenario} drill of {formatDateTime(drill.completedAt)}{' '}
          stays in the history, struck through, and no longer counts towards the
          measured RTO or the drill cadence. This cannot be undone.
        </DialogContentText>
        <TextField
          fullWidth
          multiline
          minRows={2}
          required
          id="dr-void-drill-reason"
          label="Reason"
          value={reason}
          onChange={event => setReason(event.target.value)}
          inputProps={{ maxLength: MAX_REASON }}
          helperText="Why this drill must not count, e.g. recorded against the wrong service"
        />
        {submitError && (
          <Alert severity="error">
            The drill was not voided: {errorMessage(submitError)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        <Button
          type="submit"
          color="secondary"
          variant="contained"
          disabled={submitting || !trimmed}
        >
          {submitting ? 'Voiding…' : 'Void drill'}
        </Button>
      </DialogActions>
    </form>
  );
}

/** Asks why a drill must no longer count, then voids it. */
export function VoidDrillDialog(props: VoidDrillDialogProps) {
  const { drill, ...formProps } = props;
  return (
    <Dialog
      open={Boolean(drill)}
      onClose={props.onClose}
      aria-labelledby="dr-void-drill-title"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="dr-void-drill-title">Void this drill?</DialogTitle>
      {/* Mounted only while open, so every opening starts without a reason. */}
      {drill && <VoidDrillForm drill={drill} {...formProps} />}
    </Dialog>
  );
}
