/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * DR tab, overview card, audit page, approvals inbox and backup picker for
 * apps on the legacy frontend system; `./alpha` has the new-system plugin.
 *
 * @packageDocumentation
 */
import { hasDrAnnotations } from '@dr-suite/backstage-plugin-dr-common';

export {
  drPlugin,
  BackupPickerFieldExtension,
  PointInTimePickerFieldExtension,
  RestoreTargetPickerFieldExtension,
  DrApprovalsPage,
  DrAuditPage,
  EntityDrContent,
  EntityDrOverviewCard,
  EntityDrScorecardCard,
} from './plugin';
export { drApiRef } from './api';
export {
  approvalsRouteRef,
  rootRouteRef,
  scaffolderTemplateRouteRef,
} from './routes';
export type { EntityDrContentProps } from './components/EntityDrContent';
export type { DrAuditPageProps } from './components/DrRouter';
export {
  BackupPickerFieldSchema,
  type BackupPickerProps,
  type BackupPickerUiOptions,
} from './components/BackupPicker';
export {
  PointInTimePickerFieldSchema,
  type PointInTimePickerProps,
} from './components/PointInTimePicker';
export {
  RestoreTargetPickerFieldSchema,
  type RestoreTargetPickerProps,
} from './components/RestoreTargetPicker';

/**
 * Whether an entity carries DR annotations, for `EntitySwitch` and
 * `EntityLayout.Route` conditions.
 * @public
 */
export const isDrAvailable = hasDrAnnotations;
