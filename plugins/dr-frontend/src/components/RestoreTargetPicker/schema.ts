/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The RestoreTargetPicker's value and its `ui:options`. With `type: string`
 * the value is the target's id; with `type: object` it is the id with the
 * target's title, which the template's review step shows instead of the id
 * (see the package README).
 * @public
 */
export const RestoreTargetPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.union([
      z.string(),
      z.object({
        id: z.string().describe('The target id a restore request takes'),
        title: z.string().describe('The target as dr.restoreTargets names it'),
      }),
    ]),
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
