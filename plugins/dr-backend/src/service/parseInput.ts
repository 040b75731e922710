/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/**
 * Parses request input with a schema, or throws an InputError naming each
 * problem so the caller gets a 400 that says what to change.
 * @internal
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(i => `${i.path.join('.') || what} ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}
