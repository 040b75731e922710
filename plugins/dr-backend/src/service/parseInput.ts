/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/**
 * The path of the first string (or object key) in a JSON-like value that
 * contains a NUL character, or undefined. PostgreSQL cannot store NUL in
 * text, so such input would otherwise fail as a 500 on PostgreSQL only.
 * Iterative, so deeply nested bodies cannot overflow the stack.
 */
function findNul(value: unknown): Array<string | number> | undefined {
  const pending: Array<[unknown, Array<string | number>]> = [[value, []]];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path;
    } else if (Array.isArray(item)) {
      item.forEach((child, i) => pending.push([child, [...path, i]]));
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes('\u0000')) return path;
        pending.push([child, [...path, key]]);
      }
    }
  }
  return undefined;
}

/**
 * Throws an InputError naming the field when a request value holds a NUL
 * character, e.g. `Invalid drill: notes must not contain NUL characters`.
 * @internal
 */
export function rejectNul(value: unknown, what: string): void {
  const path = findNul(value);
  if (path) {
    throw new InputError(
      `Invalid ${what}: ${
        path.join('.') || what
      } must not contain NUL characters`,
    );
  }
}

/**
 * Parses request input with a schema, or throws an InputError naming each
 * problem so the caller gets a 400 that says what to change. Strings
 * containing NUL are refused at any depth, whatever the schema says.
 * @internal
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  rejectNul(value, what);
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
