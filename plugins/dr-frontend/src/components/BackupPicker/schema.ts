/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The BackupPicker's value (a backup id) and its `ui:options`.
 * @public
 */
export const BackupPickerFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      entityRefField: z
        .string()
        .optional()
        .describe(
          'The form field holding the entity whose backups are listed; entityRef by default',
        ),
      entityRef: z
        .string()
        .optional()
        .describe('A fixed entity ref, instead of reading it from a field'),
      types: z
        .array(z.enum(['full', 'incremental', 'wal', 'snapshot']))
        .optional()
        .describe(
          'Backup types a restore can start from; full, incremental and snapshot by default',
        ),
    }),
});

/**
 * Props of the BackupPicker field.
 * @public
 */
export type BackupPickerProps = typeof BackupPickerFieldSchema.TProps;

/**
 * The BackupPicker's `ui:options`.
 * @public
 */
export type BackupPickerUiOptions = NonNullable<
  BackupPickerProps['uiSchema']['ui:options']
>;
