/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type RestoreKind,
  type RestoreParameters,
  restoreParametersSchema,
} from '@dr-suite/backstage-plugin-dr-common';

const PARAMETER_KEYS = restoreParametersSchema.keyof().options;

/**
 * Rebuilds the approved parameters from a restore action's input with the
 * schema the DR API parsed them with, so their hash can be compared: every
 * field of the shared schema is carried over, nothing else.
 */
export function restoreParametersFrom(
  input: Record<string, unknown>,
  kind: RestoreKind,
): RestoreParameters {
  const picked: Record<string, unknown> = { kind };
  for (const key of PARAMETER_KEYS) {
    if (key !== 'kind' && input[key] !== undefined) picked[key] = input[key];
  }
  return restoreParametersSchema.parse(picked);
}
