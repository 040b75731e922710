/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  RestoreParameters,
  VerifyCheck,
} from '@dr-suite/backstage-plugin-dr-common';

/**
 * Rebuilds the approved parameters from a restore action's input, exactly as
 * the DR backend stored them, so their hash can be compared.
 */
export function restoreParametersFrom(input: {
  kind: RestoreParameters['kind'];
  entityRef: string;
  backupId: string;
  targetId: string;
  scenario: string;
  checks?: VerifyCheck[];
  namespace?: string;
}): RestoreParameters {
  return {
    kind: input.kind,
    entityRef: input.entityRef,
    backupId: input.backupId,
    targetId: input.targetId,
    scenario: input.scenario,
    checks: input.checks ?? [],
    ...(input.namespace ? { namespace: input.namespace } : {}),
  };
}
