/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// SQLite hands timestamps back as epoch milliseconds or strings, PostgreSQL as
// Date; booleans as 0/1 or true/false; bigints as strings. These read both.

export function readDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const date =
    typeof value === 'number' ? new Date(value) : new Date(String(value));
  if (Number.isNaN(date.getTime())) {
    // SQLite's CURRENT_TIMESTAMP format lacks the zone designator.
    const utc = new Date(`${String(value).replace(' ', 'T')}Z`);
    return Number.isNaN(utc.getTime()) ? null : utc;
  }
  return date;
}

export function readIso(value: unknown): string | null {
  return readDate(value)?.toISOString() ?? null;
}

export function readBoolean(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  return (
    value === true ||
    value === 1 ||
    value === '1' ||
    value === 't' ||
    value === 'true'
  );
}

export function readNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

export function readJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}
