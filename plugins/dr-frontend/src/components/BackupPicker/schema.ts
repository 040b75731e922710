/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The BackupPicker's value and its `ui:options`. With `type: string` the
 * value is the backup's id; with `type: object` it is the id with the
 * backup's name, time and size, which the template's review step shows
 * instead of the id (see the package README).
 * @public
 */
export const BackupPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.union([
      z.string(),
      z.object({
        id: z.string().describe('The backup id a restore request takes'),
        name: z.string().describe('The backup as its source names it'),
        takenAt: z
          .string()
          .describe("When it completed, in the requester's locale"),
        size: z.string().describe('Its size, e.g. 12.3 MB'),
      }),
    ]),
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
      targetIdField: z
        .string()
        .optional()
        .describe(
          'The form field holding the restore target; when set, only backups that can restore into it are offered',
        ),
      kind: z
        .string()
        .optional()
        .describe(
          'The restore kind judged against the target; postgres by default',
        ),
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
