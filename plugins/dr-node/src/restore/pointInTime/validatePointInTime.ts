/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import { postgresPointInTimeParametersSchema } from '@dr-suite/backstage-plugin-dr-common';
import type { z } from 'zod';
import {
  isDataDirectoryRestoringBackupSource,
  isReadableBackupSource,
} from '../../sources/types';
import type { RestoreValidationRequest } from '../Restorer';

/**
 * The point-in-time parameters of a postgres restore.
 * @public
 */
export type PostgresPointInTimeParameters = z.output<
  typeof postgresPointInTimeParametersSchema
>;

/**
 * The point-in-time parameters of a request, when it asks for a point in
 * time (`kindParameters.targetTime`).
 * @throws InputError naming the parameter that is wrong
 */
export function readPointInTimeParameters(
  kindParameters: unknown,
): PostgresPointInTimeParameters | undefined {
  if (kindParameters === undefined) return undefined;
  const parsed = postgresPointInTimeParametersSchema.safeParse(kindParameters);
  if (!parsed.success) {
    throw new InputError(
      `Invalid parameters.kindParameters: ${parsed.error.issues
        .map(issue => `${issue.path.join('.') || 'value'} ${issue.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * Judges a point-in-time restore before it is approved: a base backup
 * (pg_basebackup set or a source whose tool restores one, pgBackRest)
 * that completed before the target time, and a target time inside the
 * data store's recovery window.
 * @throws InputError saying what is wrong and what to pick instead
 */
export function validatePointInTime(
  request: RestoreValidationRequest,
  parameters: PostgresPointInTimeParameters,
): void {
  const { backup, source } = request;
  const at = new Date(parameters.targetTime);
  const layout = backup.details?.layout;
  const fromTool = source && isDataDirectoryRestoringBackupSource(source);
  if (!fromTool && layout !== 'pg_basebackup') {
    throw new InputError(
      `Point-in-time recovery needs a base backup (a pg_basebackup set or a pgBackRest backup) and ${backup.key} is not one; pick a base backup, or leave out the time to restore this backup as it is`,
    );
  }
  if (!fromTool && (!source || !isReadableBackupSource(source))) {
    throw new InputError(
      `The base backup ${backup.key} cannot be read from source "${backup.sourceId}"; pick a base backup of a filesystem or s3 source`,
    );
  }
  if (backup.completedAt && at.getTime() < Date.parse(backup.completedAt)) {
    throw new InputError(
      `The time ${at.toISOString()} is before the base backup ${
        backup.key
      } completed (${new Date(
        backup.completedAt,
      ).toISOString()}): recovery can only go forward from a base backup; pick a later time or an older base backup`,
    );
  }
  const window = backup.recoveryWindow;
  if (!window) {
    if (fromTool) return; // the tool keeps its own archive and judges it
    throw new InputError(
      `No WAL archive is indexed for the data store of ${backup.key}, so it has no recovery window; index its WAL segments (same source, same entity) or leave out the time to restore the base backup as it is`,
    );
  }
  if (!window.from || !window.to) {
    throw new InputError(
      `The data store of ${backup.key} has no recovery window: ${
        window.reason ?? 'nothing can be recovered to a point in time'
      }`,
    );
  }
  if (
    at.getTime() < Date.parse(window.from) ||
    at.getTime() > Date.parse(window.to)
  ) {
    throw new InputError(
      `The time ${at.toISOString()} is outside the recovery window of ${
        backup.key
      }'s data store, from ${window.from} to ${window.to}${
        window.reason ? ` (${window.reason})` : ''
      }; pick a time inside it`,
    );
  }
}
