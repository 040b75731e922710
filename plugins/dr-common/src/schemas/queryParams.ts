/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { z } from 'zod';

/**
 * A query parameter given once or repeated (`?status=a&status=b`), parsed
 * as a list of at most `max` items.
 * @internal
 */
export const repeatedParam = <T extends z.ZodTypeAny>(item: T, max: number) =>
  z.preprocess(
    value => (value === undefined ? undefined : [value].flat()),
    z.array(item).max(max).optional(),
  );

/**
 * A page size parameter: an integer from 1 to `max`, `fallback` when absent.
 * @internal
 */
export const limitParam = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
