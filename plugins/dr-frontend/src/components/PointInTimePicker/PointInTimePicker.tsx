/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useApi } from '@backstage/core-plugin-api';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import useAsync from 'react-use/esm/useAsync';
import { drApiRef } from '../../api';
import { errorMessage } from '../SectionState';
import {
  formatInZone,
  isoToLocalInput,
  loadRecoveryWindow,
  localInputToIso,
  pointInTimeProblem,
  requesterTimeZone,
} from './pointInTimeWindow';
import type { PointInTimePickerProps } from './schema';

type Options = { entityRefField?: string; backupField?: string } | undefined;

/** The entity and backup the form has chosen, as the other fields hold them. */
function chosen(formData: Record<string, any> | undefined, options: Options) {
  const entityRef: string | undefined =
    formData?.[options?.entityRefField ?? 'entityRef'];
  const backup = formData?.[options?.backupField ?? 'backupId'];
  const backupId: string | undefined =
    typeof backup === 'string' ? backup : backup?.id;
  return { entityRef, backupId };
}

/**
 * A scaffolder field for the instant a point-in-time restore recovers to:
 * shows the chosen base backup's recovery window in the requester's time
 * zone and says at once when a time lies outside it. Left empty, the
 * backup is restored as it is.
 */
export function PointInTimePicker(props: PointInTimePickerProps) {
  const {
    formData,
    onChange,
    rawErrors,
    schema,
    uiSchema,
    formContext,
    idSchema,
  } = props;
  const { entityRef, backupId } = chosen(
    formContext?.formData,
    uiSchema['ui:options'],
  );
  const drApi = useApi(drApiRef);
  const timeZone = requesterTimeZone();
  const {
    value: found,
    loading,
    error,
  } = useAsync(
    async () =>
      entityRef && backupId
        ? loadRecoveryWindow(drApi, entityRef, backupId)
        : undefined,
    [drApi, entityRef, backupId],
  );
  const targetTime = formData?.targetTime;
  const window = found?.window;

  let helperText: string;
  if (!entityRef || !backupId) {
    helperText = 'Choose the entity and a base backup first.';
  } else if (error) {
    helperText = `Could not read the recovery window: ${errorMessage(error)}`;
  } else if (loading || !found) {
    helperText = 'Reading the recovery window…';
  } else if (targetTime) {
    helperText =
      pointInTimeProblem(targetTime, found, timeZone) ??
      `Recovers to ${formatInZone(targetTime, timeZone)} (${timeZone}).`;
  } else if (window?.from && window.to) {
    helperText = `Recovery window: ${formatInZone(
      window.from,
      timeZone,
    )} to ${formatInZone(
      window.to,
      timeZone,
    )} (${timeZone}). Leave empty to restore the backup as it is.`;
  } else {
    helperText = `${
      found.backup?.name ?? 'This backup'
    } has no recovery window; leave this empty to restore it as it is.`;
  }
  const invalid =
    Boolean(error) ||
    Boolean(rawErrors?.length) ||
    Boolean(
      targetTime && found && pointInTimeProblem(targetTime, found, timeZone),
    );

  return (
    <FormControl fullWidth margin="normal" error={invalid}>
      <TextField
        type="datetime-local"
        id={idSchema?.$id ?? 'point-in-time'}
        label={schema.title ?? 'Recover to a point in time'}
        value={isoToLocalInput(targetTime)}
        disabled={!entityRef || !backupId}
        InputLabelProps={{ shrink: true }}
        inputProps={{ step: 1 }}
        onChange={event => {
          const iso = localInputToIso(event.target.value);
          onChange(iso ? { targetTime: iso } : undefined);
        }}
        error={invalid}
        helperText={helperText}
      />
      {rawErrors?.map(message => (
        <FormHelperText key={message}>{message}</FormHelperText>
      ))}
    </FormControl>
  );
}

/**
 * Refuses, before the request is filed, a time outside the chosen backup's
 * recovery window; the scaffolder runs it when the step is submitted.
 */
export const validatePointInTime: CustomFieldValidator<
  { targetTime: string } | undefined,
  { entityRefField?: string; backupField?: string }
> = async (value, validation, context) => {
  if (!value?.targetTime) return;
  const api = context.apiHolder.get(drApiRef);
  const { entityRef, backupId } = chosen(
    context.formData,
    context.uiSchema?.['ui:options'],
  );
  if (!api || !entityRef || !backupId) return;
  const problem = pointInTimeProblem(
    value.targetTime,
    await loadRecoveryWindow(api, entityRef, backupId),
    requesterTimeZone(),
  );
  if (problem) validation.addError(problem);
};
