/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
export {
  BackupPicker,
  keepRestorableInto,
  loadRestorableBackups,
} from './BackupPicker';
export {
  BackupPickerFieldSchema,
  type BackupPickerProps,
  type BackupPickerUiOptions,
} from './schema';
