/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ApprovalStatus } from './types';

/**
 * The signals channel on which the DR backend says that a restore approval
 * changed: filed, decided, claimed by the restore task or finished.
 * @public
 */
export const DR_APPROVALS_SIGNAL_CHANNEL = 'dr:approvals';

/**
 * The signals channel for one entity's DR tab: its restores' progress.
 * @public
 */
export function drEntitySignalChannel(entityRef: string): string {
  return `dr:entity:${entityRef}`;
}

/**
 * What a DR signal carries: which approval changed and how, never its
 * parameters, people or reasons. Clients re-read what they show through the
 * API, which applies the reader's permissions.
 * @public
 */
export type DrApprovalSignal = {
  approvalId: string;
  status: ApprovalStatus;
  /** How the restore ended, once it has. */
  outcome: 'succeeded' | 'failed' | null;
};
