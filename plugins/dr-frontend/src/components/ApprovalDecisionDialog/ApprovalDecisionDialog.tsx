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
import type { Approval } from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../../api';
import { errorMessage } from '../SectionState';

/** A decision about to be made. */
export interface PendingDecision {
  approval: Approval;
  decision: 'approve' | 'reject';
}

/** Props of {@link ApprovalDecisionDialog}. */
export interface ApprovalDecisionDialogProps {
  pending?: PendingDecision;
  onClose: () => void;
  onDecided: (approval: Approval) => void;
}

function DecisionForm(props: {
  pending: PendingDecision;
  onClose: () => void;
  onDecided: (approval: Approval) => void;
}) {
  const { pending, onClose, onDecided } = props;
  const { approval, decision } = pending;
  const drApi = useApi(drApiRef);
  const [comment, setComment] = useState('');
  const [missingComment, setMissingComment] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const rejecting = decision === 'reject';
  let helperText = rejecting
    ? 'Required: why the restore should not run.'
    : 'Optional.';
  if (missingComment) {
    helperText = 'Say why, so the requester can fix the request.';
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // A rejection without a reason leaves the requester guessing.
    if (rejecting && !comment.trim()) {
      setMissingComment(true);
      return;
    }
    setSubmitting(true);
    setError(undefined);
    try {
      onDecided(
        await drApi.decideApproval(approval.id, {
          decision,
          comment: comment.trim() || undefined,
        }),
      );
    } catch (e) {
      setError(e as Error);
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogContent>
        <DialogContentText>
          {rejecting ? 'Reject' : 'Approve'} restoring {approval.backup.name} of{' '}
          {approval.entityRef} to {approval.target.title} (
          {approval.target.environment}), requested by {approval.requester}.
        </DialogContentText>
        <TextField
          fullWidth
          multiline
          minRows={3}
          id="dr-decision-comment"
          label="Comment"
          required={rejecting}
          value={comment}
          onChange={event => {
            setComment(event.target.value);
            setMissingComment(false);
          }}
          error={missingComment}
          helperText={helperText}
        />
        {error && (
          <Alert severity="error">
            The decision was not saved: {errorMessage(error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="contained"
          color={rejecting ? 'secondary' : 'primary'}
          disabled={submitting}
        >
          {rejecting ? 'Reject restore' : 'Approve restore'}
        </Button>
      </DialogActions>
    </form>
  );
}

/** Asks for a comment and sends an approval decision. */
export function ApprovalDecisionDialog(props: ApprovalDecisionDialogProps) {
  const { pending, onClose, onDecided } = props;
  return (
    <Dialog
      open={Boolean(pending)}
      onClose={onClose}
      aria-labelledby="dr-decision-title"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="dr-decision-title">
        {pending?.decision === 'reject' ? 'Reject' : 'Approve'} this restore?
      </DialogTitle>
      {pending && (
        <DecisionForm
          key={`${pending.approval.id}-${pending.decision}`}
          pending={pending}
          onClose={onClose}
          onDecided={onDecided}
        />
      )}
    </Dialog>
  );
}
