/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { formatDuration } from '@dr-suite/backstage-plugin-dr-common';

/**
 * How long ago (or how far ahead) a time is, for people: `7 min ago`,
 * `in 1 d 4 h`, `in 78 d`, `just now`; the duration reads as
 * `formatDuration` writes every other one.
 */
export function formatAge(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (Math.abs(seconds) < 60) {
    return 'just now';
  }
  return seconds > 0
    ? `${formatDuration(seconds)} ago`
    : `in ${formatDuration(-seconds)}`;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A date and time in the reader's locale and time zone. */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** A date in the reader's locale and time zone. */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

/** A date and how far away it is: `Feb 7, 2027 (in 78 d)`. */
export function formatDateAndAge(iso: string, now: number): string {
  return `${formatDate(iso)} (${formatAge(iso, now)})`;
}

/** A date and time and how far away it is: `Mar 12, 2026, 9:53 AM (7 min ago)`. */
export function formatDateTimeAndAge(iso: string, now: number): string {
  return `${formatDateTime(iso)} (${formatAge(iso, now)})`;
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** A size in SI units: `512 B`, `12.3 MB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** A target or measured duration, `—` when there is none. */
export function formatOptionalDuration(seconds: number | null | undefined) {
  return seconds === null || seconds === undefined
    ? '—'
    : formatDuration(seconds);
}

/**
 * An owner as the audit names it, sorts it and filters by it: its ref
 * without the default kind and namespace (`team-orders`, `user:alice`).
 */
export function formatOwner(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
}
