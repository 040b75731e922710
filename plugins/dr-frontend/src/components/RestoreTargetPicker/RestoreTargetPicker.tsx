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
import useAsync from 'react-use/esm/useAsync';
import { drApiRef } from '../../api';
import { pickedId } from '../pickedId';
import { errorMessage } from '../SectionState';
import type { RestoreTargetPickerProps } from './schema';

/**
 * A scaffolder field offering only the restore targets that accept the
 * chosen entity (`allowedEntities` of `dr.restoreTargets`), as the DR
 * backend answers; nothing is preselected, so nobody files a restore into
 * another team's target by default. Its value is the chosen target's id,
 * or, for a field of `type: object`, the id with the target's title, so the
 * review step names the target instead of showing its id.
 */
export function RestoreTargetPicker(props: RestoreTargetPickerProps) {
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
    formContext?.formData?.[options.entityRefField ?? 'entityRef'];
  const kind = options.kind ?? 'postgres';
  const described = schema.type === 'object';
  const chosenId = pickedId(formData);
  const drApi = useApi(drApiRef);
  const {
    value: targets,
    loading,
    error,
  } = useAsync(
    async () =>
      entityRef
        ? (await drApi.getRestoreOptions({ entityRef, kind })).targets
        : [],
    [drApi, entityRef, kind],
  );

  let helperText: string | undefined = schema.description;
  if (!entityRef) {
    helperText =
      'Choose the entity first; the targets that accept it are listed here.';
  } else if (error) {
    helperText = `Could not list the restore targets of ${entityRef}: ${errorMessage(
      error,
    )}`;
  } else if (targets && !targets.length) {
    helperText = `No ${kind} restore target accepts ${entityRef}; ask the platform team to allow it on one (dr.restoreTargets.<id>.allowedEntities).`;
  }
  const chosen = targets?.some(t => t.id === chosenId) ? chosenId : '';

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
        label={schema.title ?? 'Restore target'}
        required={required}
        value={chosen}
        disabled={!entityRef || loading || !targets?.length}
        onChange={event => {
          const id = String(event.target.value);
          const target = targets?.find(t => t.id === id);
          onChange(described && target ? { id, title: target.title } : id);
        }}
        error={Boolean(error) || Boolean(rawErrors?.length)}
        helperText={helperText}
        SelectProps={{
          renderValue: value =>
            targets?.find(t => t.id === value)?.title ?? String(value),
        }}
      >
        {(targets ?? []).map(target => (
          <MenuItem key={target.id} value={target.id}>
            <ListItemText
              primary={target.title}
              secondary={`${target.environment} · ${target.id}`}
            />
          </MenuItem>
        ))}
      </TextField>
      {loading && <LinearProgress aria-label="Loading restore targets" />}
      {rawErrors?.map(message => (
        <FormHelperText key={message}>{message}</FormHelperText>
      ))}
    </FormControl>
  );
}
