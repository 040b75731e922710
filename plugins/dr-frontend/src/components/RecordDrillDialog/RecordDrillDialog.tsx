/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { memo, useCallback, useState, type FormEvent } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField, { type TextFieldProps } from '@material-ui/core/TextField';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  DrillInput,
  DrillRecord,
} from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../../api';
import { errorMessage } from '../SectionState';
import {
  drillConfirmation,
  emptyDrillForm,
  toDrillInput,
  type DrillForm,
  type DrillFormErrors,
} from './drillForm';

const OTHER = '__other__';

/** Shrinks the label of date inputs, whose placeholder would overlap it. */
const SHRUNK_LABEL = { shrink: true };

type DrillTextFieldProps = Omit<TextFieldProps, 'name' | 'onChange'> & {
  name: keyof DrillForm;
  onFieldChange: (name: keyof DrillForm, value: string) => void;
};

/**
 * A form field that re-renders only when its own props change: typing in one
 * field must not re-measure the auto-growing notes and action items, which
 * reads the layout on every render.
 */
const DrillTextField = memo(function MemoizedDrillTextField(
  props: DrillTextFieldProps,
) {
  const { name, onFieldChange, ...textFieldProps } = props;
  return (
    <TextField
      {...textFieldProps}
      onChange={event => onFieldChange(name, event.target.value)}
    />
  );
});

/** A failure scenario the entity's DR plan names. */
export interface DrillScenarioOption {
  scenario: string;
  title: string | null;
}

/** Props of {@link RecordDrillDialog}. */
export interface RecordDrillDialogProps {
  open: boolean;
  entityRef: string;
  /** The plan's scenarios, offered first; any other can be typed. */
  scenarios: DrillScenarioOption[];
  onClose: () => void;
  onRecorded: (drill: DrillRecord) => void;
}

function RecordDrillForm(props: Omit<RecordDrillDialogProps, 'open'>) {
  const { entityRef, scenarios, onClose, onRecorded } = props;
  const drApi = useApi(drApiRef);
  // Starts empty: the user says what happened, nothing is assumed.
  const [form, setForm] = useState<DrillForm>(emptyDrillForm);
  const [choice, setChoice] = useState(scenarios.length ? '' : OTHER);
  /** Set once the form is valid: the drill to confirm before recording. */
  const [confirming, setConfirming] = useState<DrillInput>();
  const [errors, setErrors] = useState<DrillFormErrors>({});
  const [submitError, setSubmitError] = useState<Error>();
  const [submitting, setSubmitting] = useState(false);

  const onFieldChange = useCallback(
    (name: keyof DrillForm, value: string) =>
      setForm(current => ({ ...current, [name]: value })),
    [],
  );
  const field = (name: keyof DrillForm) => ({
    name,
    value: form[name],
    error: Boolean(errors[name]),
    onFieldChange,
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!confirming) {
      const result = toDrillInput(form);
      setErrors(result.errors);
      setConfirming(result.input);
      return;
    }
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      onRecorded(await drApi.recordDrill(entityRef, confirming));
    } catch (error) {
      setSubmitError(error as Error);
      setSubmitting(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogContent>
        {confirming ? (
          <>
            <Typography variant="body1">
              {drillConfirmation(confirming)}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              It will be labelled manual in the drill history.
            </Typography>
            {submitError && (
              <Alert severity="error">
                The drill was not recorded: {errorMessage(submitError)}
              </Alert>
            )}
          </>
        ) : (
          <Grid container spacing={2}>
            {scenarios.length > 0 && (
              <Grid item xs={12}>
                <TextField
                  select
                  fullWidth
                  id="dr-drill-scenario-choice"
                  label="Scenario"
                  required
                  value={choice}
                  error={Boolean(errors.scenario) && choice !== OTHER}
                  onChange={event => {
                    const value = String(event.target.value);
                    setChoice(value);
                    setForm(current => ({
                      ...current,
                      scenario: value === OTHER ? '' : value,
                    }));
                  }}
                  helperText={
                    (choice !== OTHER && errors.scenario) ||
                    'The failure scenario from the DR plan that was drilled'
                  }
                >
                  {scenarios.map(option => (
                    <MenuItem key={option.scenario} value={option.scenario}>
                      {option.title
                        ? `${option.title} (${option.scenario})`
                        : option.scenario}
                    </MenuItem>
                  ))}
                  <MenuItem value={OTHER}>Another scenario…</MenuItem>
                </TextField>
              </Grid>
            )}
            {choice === OTHER && (
              <Grid item xs={12}>
                <DrillTextField
                  fullWidth
                  required
                  id="dr-drill-scenario"
                  label={scenarios.length ? 'Other scenario' : 'Scenario'}
                  {...field('scenario')}
                  helperText={
                    errors.scenario ?? 'A short id, e.g. database-corruption'
                  }
                />
              </Grid>
            )}
            <Grid item xs={12} sm={6}>
              <DrillTextField
                fullWidth
                required
                type="datetime-local"
                id="dr-drill-started"
                label="Started"
                InputLabelProps={SHRUNK_LABEL}
                {...field('startedAt')}
                helperText={errors.startedAt}
              />
            </Grid>
            <Grid item xs={12} sm={6}>
              <DrillTextField
                fullWidth
                required
                type="datetime-local"
                id="dr-drill-completed"
                label="Completed"
                InputLabelProps={SHRUNK_LABEL}
                {...field('completedAt')}
                helperText={errors.completedAt}
              />
            </Grid>
            <Grid item xs={12}>
              <FormControl
                component="fieldset"
                required
                error={Boolean(errors.outcome)}
              >
                <FormLabel component="legend">Outcome</FormLabel>
                <RadioGroup
                  row
                  name="outcome"
                  value={form.outcome}
                  onChange={event =>
                    setForm(current => ({
                      ...current,
                      outcome: event.target.value as DrillForm['outcome'],
                    }))
                  }
                >
                  <FormControlLabel
                    value="succeeded"
                    control={<Radio />}
                    label="Succeeded"
                  />
                  <FormControlLabel
                    value="failed"
                    control={<Radio />}
                    label="Failed"
                  />
                </RadioGroup>
                {errors.outcome && (
                  <FormHelperText>{errors.outcome}</FormHelperText>
                )}
              </FormControl>
            </Grid>
            <Grid item xs={12} sm={6}>
              <DrillTextField
                fullWidth
                id="dr-drill-rto"
                label="Measured RTO"
                placeholder="e.g. 42m"
                {...field('measuredRto')}
                helperText={
                  errors.measuredRto ??
                  'Restore start to verified. Defaults to completed minus started.'
                }
              />
            </Grid>
            <Grid item xs={12} sm={6}>
              <DrillTextField
                fullWidth
                id="dr-drill-rpo"
                label="Measured RPO"
                placeholder="e.g. 6m"
                {...field('measuredRpo')}
                helperText={
                  errors.measuredRpo ?? 'Age of the backup that was restored.'
                }
              />
            </Grid>
            <Grid item xs={12}>
              <DrillTextField
                fullWidth
                id="dr-drill-participants"
                label="Participants"
                placeholder="user:default/alice, bob"
                {...field('participants')}
                helperText="Separated by commas"
              />
            </Grid>
            <Grid item xs={12}>
              <DrillTextField
                fullWidth
                id="dr-drill-evidence"
                label="Evidence link"
                placeholder="https://…"
                {...field('evidenceUrl')}
                helperText={
                  errors.evidenceUrl ??
                  'A runbook log, ticket or recording; or describe the drill in the notes'
                }
              />
            </Grid>
            <Grid item xs={12}>
              <DrillTextField
                fullWidth
                multiline
                minRows={2}
                id="dr-drill-notes"
                label="Notes"
                {...field('notes')}
              />
            </Grid>
            <Grid item xs={12}>
              <DrillTextField
                fullWidth
                multiline
                minRows={2}
                id="dr-drill-action-items"
                label="Action items"
                {...field('actionItems')}
                helperText="One per line"
              />
            </Grid>
          </Grid>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        {confirming && (
          <Button
            onClick={() => {
              setConfirming(undefined);
              setSubmitError(undefined);
            }}
            disabled={submitting}
          >
            Back
          </Button>
        )}
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={submitting}
        >
          {confirming && (submitting ? 'Recording…' : 'Record drill')}
          {!confirming && 'Review'}
        </Button>
      </DialogActions>
    </form>
  );
}

/**
 * Records a drill run outside the drill template: scenario, when, outcome,
 * evidence, measured RTO and RPO, who took part and what to follow up. The
 * form starts empty and shows what will be recorded before recording it.
 */
export function RecordDrillDialog(props: RecordDrillDialogProps) {
  const { open, ...formProps } = props;
  return (
    <Dialog
      open={open}
      onClose={props.onClose}
      aria-labelledby="dr-record-drill-title"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="dr-record-drill-title">Record a drill</DialogTitle>
      {/* Mounted only while open, so every opening starts from a fresh form. */}
      {open && <RecordDrillForm {...formProps} />}
    </Dialog>
  );
}
