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
import {
  formatBytes,
  formatDateTime,
  formatDateTimeAndAge,
} from '../../formatting';
import { pickedId } from '../pickedId';
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

/**
 * The backups that can restore into the target, as the DR backend judges
 * them (the same rules as filing the request), and how many it left out.
 */
export async function keepRestorableInto(
  api: DrApi,
  query: { entityRef: string; kind: string; targetId: string },
  backups: BackupRecord[],
): Promise<{ backups: BackupRecord[]; refused: number }> {
  if (!backups.length) return { backups, refused: 0 };
  const judged = await api.getRestoreOptions({
    ...query,
    backupId: backups.map(b => b.id),
  });
  const restorable = new Set(
    judged.backups.filter(b => b.restorable).map(b => b.backupId),
  );
  const kept = backups.filter(b => restorable.has(b.id));
  return { backups: kept, refused: backups.length - kept.length };
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

/** The value an object-typed field holds: what the review step shows. */
function describedValue(backup: BackupRecord) {
  const time = backup.completedAt ?? backup.startedAt;
  return {
    id: backup.id,
    name: backup.name,
    takenAt: time ? formatDateTime(time) : '—',
    size: backup.sizeBytes === null ? '—' : formatBytes(backup.sizeBytes),
  };
}

/**
 * A scaffolder field listing an entity's restorable backups, newest first,
 * with their age, size and type. The entity comes from another field of the
 * form (`entityRef` unless `ui:options.entityRefField` says otherwise) or
 * from `ui:options.entityRef`. Its value is the chosen backup's id, or,
 * for a field of `type: object`, the id with the backup's name, time and
 * size, so the review step names the backup instead of showing its id.
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
  const targetId = options.targetIdField
    ? pickedId(formContext?.formData?.[options.targetIdField])
    : undefined;
  const needsTarget = Boolean(options.targetIdField) && !targetId;
  const kind = options.kind ?? 'postgres';
  const described = schema.type === 'object';
  const chosenId = pickedId(formData);
  const drApi = useApi(drApiRef);
  const now = Date.now();
  const {
    value: loaded,
    loading,
    error,
  } = useAsync(async () => {
    if (!entityRef || needsTarget) return { backups: [], refused: 0 };
    const listed = await loadRestorableBackups(drApi, entityRef, types);
    return targetId
      ? keepRestorableInto(drApi, { entityRef, kind, targetId }, listed)
      : { backups: listed, refused: 0 };
  }, [drApi, entityRef, types.join(), targetId, needsTarget, kind]);
  const backups = loaded?.backups;

  let helperText: string | undefined = schema.description;
  if (!entityRef) {
    helperText = 'Choose the entity first; its backups are listed here.';
  } else if (needsTarget) {
    helperText =
      'Choose the restore target first; only backups that can restore into it are listed.';
  } else if (error) {
    helperText = `Could not list the backups of ${entityRef}: ${errorMessage(
      error,
    )}`;
  } else if (backups && !backups.length && loaded?.refused) {
    helperText = `None of the ${loaded.refused} newest backups of ${entityRef} can restore into ${targetId}; pick another target.`;
  } else if (backups && !backups.length) {
    helperText = `${entityRef} has no successful ${types.join(
      ', ',
    )} backup to restore.`;
  } else if (loaded?.refused) {
    helperText = `${loaded.refused} ${
      loaded.refused === 1 ? 'backup that cannot' : 'backups that cannot'
    } restore into ${targetId} ${
      loaded.refused === 1 ? 'is' : 'are'
    } not offered (a WAL segment, another format, a wrong key, flagged suspicious).`;
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
        value={backups?.some(b => b.id === chosenId) ? chosenId : ''}
        disabled={!entityRef || loading || !backups?.length}
        onChange={event => {
          const id = String(event.target.value);
          const backup = backups?.find(b => b.id === id);
          onChange(described && backup ? describedValue(backup) : id);
        }}
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
