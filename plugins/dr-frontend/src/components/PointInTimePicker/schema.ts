/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The PointInTimePicker's value and its `ui:options`. The value is the
 * restore's kind parameters for point-in-time recovery, `{ targetTime }`
 * (ISO 8601 with the requester's offset), or undefined to restore the
 * backup as it is; pass it on as `kindParameters`.
 * @public
 */
export const PointInTimePickerFieldSchema = makeFieldSchema({
  output: z =>
    z
      .object({
        targetTime: z
          .string()
          .describe('The instant to recover to, with its zone offset'),
      })
      .optional(),
  uiOptions: z =>
    z.object({
      entityRefField: z
        .string()
        .optional()
        .describe('The form field holding the entity; entityRef by default'),
      backupField: z
        .string()
        .optional()
        .describe(
          'The form field holding the chosen base backup (a BackupPicker); backupId by default',
        ),
    }),
});

/**
 * Props of the PointInTimePicker field.
 * @public
 */
export type PointInTimePickerProps = typeof PointInTimePickerFieldSchema.TProps;
