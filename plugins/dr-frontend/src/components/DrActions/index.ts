/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
export {
  DrActions,
  DEFAULT_DRILL_TEMPLATE,
  DEFAULT_RESTORE_TEMPLATE,
  type DrActionsProps,
} from './DrActions';
