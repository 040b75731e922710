/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The RestoreTargetPicker's value (the target id) and its `ui:options`.
 * @public
 */
export const RestoreTargetPickerFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      entityRefField: z
        .string()
        .optional()
        .describe(
          'The form field holding the entity to restore; entityRef by default',
        ),
      kind: z
        .string()
        .optional()
        .describe(
          'The restore kind whose targets are offered; postgres by default',
        ),
    }),
});

/**
 * Props of the RestoreTargetPicker field.
 * @public
 */
export type RestoreTargetPickerProps =
  typeof RestoreTargetPickerFieldSchema.TProps;
