/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The id a picker field holds: its value when `type: string`, or the `id`
 * of its value when `type: object` (the id with what the review shows).
 */
export function pickedId(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === 'string' && id ? id : undefined;
  }
  return undefined;
}
