/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Who is calling, as recorded on drills and approvals: the user's entity ref,
 * or the service's subject (`plugin:scaffolder`, `external:ci`).
 * @internal
 */
export function principalRef(credentials: BackstageCredentials): string {
  const { principal } = credentials as BackstageCredentials<any>;
  if (principal.type === 'user') return principal.userEntityRef;
  if (principal.type === 'service') return principal.subject;
  return 'unknown';
}
