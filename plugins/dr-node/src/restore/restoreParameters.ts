/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createHash } from 'node:crypto';
import {
  type RestoreParametersInput,
  restoreParametersSchema,
} from '@dr-suite/backstage-plugin-dr-common';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/**
 * The hash an approval is bound to: SHA-256 of the parameters as parsed by
 * the shared `restoreParametersSchema` (trimmed, defaults filled in), as
 * canonical JSON (sorted keys, undefined left out). The API and the restore
 * actions both hash through here, so the same restore always hashes the
 * same and any change to it does not. Throws a ZodError on parameters the
 * API would refuse.
 * @public
 */
export function hashRestoreParameters(
  parameters: RestoreParametersInput,
): string {
  const parsed = restoreParametersSchema.parse(parameters);
  return createHash('sha256')
    .update(JSON.stringify(canonical(parsed)))
    .digest('hex');
}
