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

/** The PointInTimePicker field, registered with the scaffolder's form fields. */
export const pointInTimePickerFormField = FormFieldBlueprint.make({
  name: 'point-in-time-picker',
  params: {
    field: () =>
      import('../components/PointInTimePicker').then(m =>
        createFormField({
          name: 'PointInTimePicker',
          component: m.PointInTimePicker,
          validation: m.validatePointInTime,
          schema: m.PointInTimePickerFieldSchema,
        }),
      ),
  },
});

/** The RestoreTargetPicker field, registered with the scaffolder's form fields. */
export const restoreTargetPickerFormField = FormFieldBlueprint.make({
  name: 'restore-target-picker',
  params: {
    field: () =>
      import('../components/RestoreTargetPicker').then(m =>
        createFormField({
          name: 'RestoreTargetPicker',
          component: m.RestoreTargetPicker,
          schema: m.RestoreTargetPickerFieldSchema,
        }),
      ),
  },
});
