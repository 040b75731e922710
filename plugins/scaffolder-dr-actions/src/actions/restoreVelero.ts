/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type BackupSourceRegistry,
  type RestoreTargetRegistry,
  VeleroRestorer,
} from '@dr-suite/backstage-plugin-dr-node';
import type { DrBackendAccess } from '../DrBackendAccess';
import { createRestoreAction } from './createRestoreAction';
import { restoreVeleroInputSchema } from './inputSchemas';
import { restoreVeleroExamples } from './restoreVelero.examples';

/**
 * Creates the `dr:restore:velero` action: claims the approval, creates a
 * Velero Restore that maps the backed-up namespace into the target's, and
 * follows it to completion, reporting progress, warnings and errors.
 * @public
 */
export function createDrRestoreVeleroAction(options: {
  access: DrBackendAccess;
  sources: BackupSourceRegistry;
  targets: RestoreTargetRegistry;
}) {
  return createRestoreAction({
    id: 'dr:restore:velero',
    description:
      'Restores an approved Velero backup into the staging namespace of a restore target',
    examples: restoreVeleroExamples,
    inputSchema: restoreVeleroInputSchema,
    output: {
      restoreName: z => z.string(),
      phase: z => z.string(),
      warnings: z => z.number(),
      errors: z => z.number(),
    },
    restorer: new VeleroRestorer(),
    runOptions: () => ({}),
    access: options.access,
    sources: options.sources,
    targets: options.targets,
  });
}
