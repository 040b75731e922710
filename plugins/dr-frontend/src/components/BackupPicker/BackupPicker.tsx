/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useApi } from '@backstage/core-plugin-api';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import LinearProgress from '@material-ui/core/LinearProgress';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type {
  BackupRecord,
  BackupType,
  DrApi,
} from '@dr-suite/backstage-plugin-dr-common';
import useAsync from 'react-use/esm/useAsync';
import { drApiRef } from '../../api';
import { formatBytes, formatDateTimeAndAge } from '../../formatting';
import { errorMessage } from '../SectionState';
import type { BackupPickerProps } from './schema';

const DEFAULT_TYPES: BackupType[] = ['full', 'incremental', 'snapshot'];
/** Enough choices for a restore; older backups are rarely what one wants. */
const MAX_CHOICES = 50;

/** The newest successful backups of the given types, newest first. */
export async function loadRestorableBackups(
  api: DrApi,
  entityRef: string,
  types: BackupType[],
): Promise<BackupRecord[]> {
  const page = await api.getBackups(entityRef, {
    status: ['succeeded'],
    type: types,
    limit: MAX_CHOICES,
  });
  return page.items;
}

function describeBackup(backup: BackupRecord, now: number): string {
  const time = backup.completedAt ?? backup.startedAt;
  return [
    backup.type,
    time && formatDateTimeAndAge(time, now),
    backup.sizeBytes !== null && formatBytes(backup.sizeBytes),
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * A scaffolder field listing an entity's restorable backups, newest first,
 * with their age, size and type. The entity comes from another field of the
 * form (`entityRef` unless `ui:options.entityRefField` says otherwise) or
 * from `ui:options.entityRef`. Its value is the chosen backup's id.
 */
export function BackupPicker(props: BackupPickerProps) {
  const {
    formData,
    onChange,
    required,
    rawErrors,
    schema,
    uiSchema,
    formContext,
    idSchema,
  } = props;
  const options = uiSchema['ui:options'] ?? {};
  const entityRef: string | undefined =
    options.entityRef ??
    formContext?.formData?.[options.entityRefField ?? 'entityRef'];
  const types = options.types ?? DEFAULT_TYPES;
  const drApi = useApi(drApiRef);
  const now = Date.now();
  const {
    value: backups,
    loading,
    error,
  } = useAsync(
    async () =>
      entityRef ? loadRestorableBackups(drApi, entityRef, types) : [],
    [drApi, entityRef, types.join()],
  );

  let helperText: string | undefined = schema.description;
  if (!entityRef) {
    helperText = 'Choose the entity first; its backups are listed here.';
  } else if (error) {
    helperText = `Could not list the backups of ${entityRef}: ${errorMessage(
      error,
    )}`;
  } else if (backups && !backups.length) {
    helperText = `${entityRef} has no successful ${types.join(
      ', ',
    )} backup to restore.`;
  }

  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={Boolean(error) || Boolean(rawErrors?.length)}
    >
      <TextField
        select
        id={idSchema?.$id}
        label={schema.title ?? 'Backup'}
        required={required}
        value={backups?.some(b => b.id === formData) ? formData : ''}
        disabled={!entityRef || loading || !backups?.length}
        onChange={event => onChange(String(event.target.value))}
        error={Boolean(error) || Boolean(rawErrors?.length)}
        helperText={helperText}
        SelectProps={{
          renderValue: value =>
            backups?.find(b => b.id === value)?.name ?? String(value),
        }}
      >
        {(backups ?? []).map(backup => (
          <MenuItem key={backup.id} value={backup.id}>
            <ListItemText
              primary={backup.name}
              secondary={describeBackup(backup, now)}
            />
          </MenuItem>
        ))}
      </TextField>
      {loading && <LinearProgress aria-label="Loading backups" />}
      {rawErrors?.map(message => (
        <FormHelperText key={message}>{message}</FormHelperText>
      ))}
    </FormControl>
  );
}
