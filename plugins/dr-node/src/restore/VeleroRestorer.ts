/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import type { Config } from '@backstage/config';
import {
  type SourceRestoreStatus,
  isRestoringBackupSource,
} from '../sources/types';
import type {
  RestoreExecutionRequest,
  RestoreExecutionResult,
  RestoreValidationRequest,
  Restorer,
} from './Restorer';
import type { VeleroRestoreTarget } from './RestoreTargetRegistry';

/**
 * What a Velero restore reports.
 * @public
 */
export interface VeleroRestoreOutput {
  [key: string]: string | number;
  restoreName: string;
  phase: string;
  warnings: number;
  errors: number;
}

function describeProgress(status: SourceRestoreStatus): string {
  const total = status.itemsTotal;
  const done = status.itemsRestored ?? 0;
  const items = total
    ? ` — ${done} of ${total} items (${Math.floor((done / total) * 100)}%)`
    : '';
  const issues =
    status.warnings || status.errors
      ? `, ${status.warnings} warnings, ${status.errors} errors`
      : '';
  return `Velero restore ${status.name}: ${status.phase}${items}${issues}`;
}

/**
 * Restores a Velero backup into the namespace of a velero restore target, by
 * the source that holds the backup (a `RestoringBackupSource`): a Restore that
 * maps the backed-up namespace into the target's, followed to its end.
 * @public
 */
export class VeleroRestorer
  implements
    Restorer<Record<string, never>, VeleroRestoreOutput, VeleroRestoreTarget>
{
  readonly kind = 'velero';

  /** `sourceId`: the velero source whose cluster runs the restore; `namespace`: where it goes. */
  parseTarget(
    config: Config,
  ): Pick<VeleroRestoreTarget, 'sourceId' | 'namespace'> {
    return {
      sourceId: config.getString('sourceId'),
      namespace: config.getString('namespace'),
    };
  }

  validate({
    parameters,
    target,
    backup,
    source,
  }: RestoreValidationRequest<VeleroRestoreTarget>) {
    if (
      target.kind !== 'velero' ||
      target.sourceId !== backup.sourceId ||
      !source ||
      !isRestoringBackupSource(source)
    ) {
      throw new InputError(
        `A Velero restore needs a Velero backup of the target's cluster (source "${
          target.kind === 'velero' ? target.sourceId : '?'
        }")`,
      );
    }
    if (!parameters.namespace) {
      throw new InputError(
        'A Velero restore needs parameters.namespace: the backed-up namespace to restore',
      );
    }
  }

  async execute(
    request: RestoreExecutionRequest<
      Record<string, never>,
      VeleroRestoreTarget
    >,
  ): Promise<RestoreExecutionResult<VeleroRestoreOutput>> {
    const { target, backup, source, logger, phases } = request;
    const namespace = request.parameters.namespace;
    if (
      target.kind !== 'velero' ||
      !namespace ||
      !isRestoringBackupSource(source)
    ) {
      throw new InputError('Not a valid Velero restore; validate it first');
    }
    const name = `dr-${request.approvalId.slice(0, 8)}-${Date.now().toString(
      36,
    )}`;
    await phases.phase('create', () =>
      source.startRestore({
        name,
        backupKey: backup.key,
        namespaceMapping: { [namespace]: target.namespace },
        labels: { 'dr.backstage.io/approval': request.approvalId },
      }),
    );
    logger.info(
      `Created Velero Restore ${name}: ${backup.key}, namespace ${namespace} → ${target.namespace}`,
    );
    let lastLine = '';
    const status = await phases.phase('restore', () =>
      source.followRestore(name, {
        onProgress: progress => {
          const line = describeProgress(progress);
          if (line !== lastLine) logger.info((lastLine = line));
        },
        signal: request.signal,
      }),
    );
    if (!status.succeeded) {
      const reasons = status.reasons.join('; ');
      throw new Error(
        `Velero restore ${name} ended ${status.phase} with ${
          status.errors
        } errors and ${status.warnings} warnings${
          reasons ? `: ${reasons}` : ''
        }`,
      );
    }
    if (status.warnings) {
      logger.warn(
        `The restore completed with ${status.warnings} warnings; see velero restore describe ${name}`,
      );
    }
    return {
      completedAt: status.completedAt ?? undefined,
      output: {
        restoreName: name,
        phase: status.phase,
        warnings: status.warnings,
        errors: status.errors,
      },
    };
  }
}
