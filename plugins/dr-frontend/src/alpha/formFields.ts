/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/** The BackupPicker field, registered with the scaffolder's form fields. */
export const backupPickerFormField = FormFieldBlueprint.make({
  name: 'backup-picker',
  params: {
    field: () =>
      import('../components/BackupPicker').then(m =>
        createFormField({
          name: 'BackupPicker',
          component: m.BackupPicker,
          schema: m.BackupPickerFieldSchema,
        }),
      ),
  },
});
