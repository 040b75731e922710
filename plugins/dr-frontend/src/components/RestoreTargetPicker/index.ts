/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
export { RestoreTargetPicker } from './RestoreTargetPicker';
export {
  RestoreTargetPickerFieldSchema,
  type RestoreTargetPickerProps,
} from './schema';
