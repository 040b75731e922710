/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

/** Unit words of the one-amount form (`90 days`, `500ms`), in milliseconds. */
const WORD_UNITS: Array<[RegExp, number]> = [
  [/^(?:ms|msecs?|milliseconds?)$/i, 1],
  [/^(?:s|secs?|seconds?)$/i, 1000],
  [/^(?:m|mins?|minutes?)$/i, 60_000],
  [/^(?:h|hrs?|hours?)$/i, 3_600_000],
  [/^(?:d|days?)$/i, 86_400_000],
  [/^(?:w|wks?|weeks?)$/i, 604_800_000],
];

const SHORT_FORM = /^(?:(\d+(?:\.\d+)?)([smhdw]))+$/i;
const SHORT_PART = /(\d+(?:\.\d+)?)([smhdw])/gi;
const WORD_FORM = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i;
// Years and months have no fixed length, so ISO durations using them are refused.
const ISO_FORM =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Keys of a Backstage `HumanDuration` object, in milliseconds. */
const OBJECT_UNITS: Record<string, number> = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

/**
 * How a duration is read.
 * @public
 */
export interface DurationOptions {
  /** Accept zero, for settings where none is meaningful (an initial delay). */
  allowZero?: boolean;
}

/**
 * A duration as config may hold it: text in any form {@link parseDuration}
 * reads, or a Backstage `HumanDuration` object such as `{ days: 90 }`.
 * @public
 */
export type DurationValue =
  | string
  | {
      weeks?: number;
      days?: number;
      hours?: number;
      minutes?: number;
      seconds?: number;
      milliseconds?: number;
    };

/**
 * Thrown when a duration cannot be parsed.
 * @public
 */
export class DurationFormatError extends Error {
  readonly input: string;
  constructor(input: string, reason: string) {
    super(`"${input}" is not a valid duration: ${reason}`);
    this.name = 'DurationFormatError';
    this.input = input;
  }
}

/**
 * Parses a duration into milliseconds. The one grammar of the suite, for
 * annotations, plans and every duration in config:
 * - compact: `30m`, `4h`, `90d`, `2w`, `1h30m`, `1.5h`, `90s`;
 * - one amount with a unit word: `90 days`, `15 minutes`, `2 hours`, `500ms`;
 * - ISO 8601 weeks, days and time: `PT15M`, `P1DT2H`, `P2W`.
 *
 * @throws DurationFormatError when the text is not a positive duration.
 * @public
 */
export function parseDurationMs(
  text: string,
  options: DurationOptions = {},
): number {
  const input = String(text ?? '').trim();
  if (!input) {
    throw new DurationFormatError(input, 'it is empty');
  }
  let ms: number;
  const word = WORD_FORM.exec(input);
  const wordUnit = word && WORD_UNITS.find(([unit]) => unit.test(word[2]));
  if (/^p/i.test(input)) {
    const match = ISO_FORM.exec(input);
    if (
      !match ||
      input.toUpperCase() === 'P' ||
      input.toUpperCase().endsWith('T')
    ) {
      throw new DurationFormatError(
        input,
        'use ISO 8601 weeks, days, hours, minutes or seconds, e.g. PT15M or P1D',
      );
    }
    const [, w, d, h, m, s] = match.map(v => (v ? Number(v) : 0));
    ms = (w * 604800 + d * 86400 + h * 3600 + m * 60 + s) * 1000;
  } else if (SHORT_FORM.test(input)) {
    ms = 0;
    for (const [, amount, unit] of input.matchAll(SHORT_PART)) {
      ms += Number(amount) * UNIT_SECONDS[unit.toLowerCase()] * 1000;
    }
  } else if (word && wordUnit) {
    ms = Number(word[1]) * wordUnit[1];
  } else {
    throw new DurationFormatError(
      input,
      'use a number with a unit (s, m, h, d, w) such as 30m, 4h, 1d or 90 days, or ISO 8601 such as PT15M',
    );
  }
  if (!Number.isFinite(ms) || ms < 0 || (ms === 0 && !options.allowZero)) {
    throw new DurationFormatError(input, 'it must be greater than zero');
  }
  return Math.round(ms);
}

/**
 * Parses `30m`, `4h`, `1d`, `90 days`, `1h30m` or ISO 8601 (`PT15M`,
 * `P1DT2H`) into whole seconds; see {@link parseDurationMs} for the grammar.
 *
 * @throws DurationFormatError when the text is not a positive duration.
 * @public
 */
export function parseDuration(text: string): number {
  const ms = parseDurationMs(text);
  if (ms < 500) {
    throw new DurationFormatError(
      String(text).trim(),
      'it must be at least one second',
    );
  }
  return Math.round(ms / 1000);
}

/**
 * Reads a duration value from config, text or a `{ days: 90 }` object,
 * into milliseconds, with the same grammar everywhere.
 *
 * @throws DurationFormatError when the value is not a positive duration
 * (or zero, when `allowZero` is set).
 * @public
 */
export function durationValueToMs(
  value: unknown,
  options: DurationOptions = {},
): number {
  if (typeof value === 'string') return parseDurationMs(value, options);
  const shown = JSON.stringify(value) ?? String(value);
  if (typeof value === 'number') {
    throw new DurationFormatError(
      shown,
      'add a unit, such as 30m, 90 days or { minutes: 30 }',
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new DurationFormatError(
      shown,
      'use text such as 30m or 90 days, or an object such as { days: 90 }',
    );
  }
  let ms = 0;
  const entries = Object.entries(value);
  for (const [key, amount] of entries) {
    if (key === 'years' || key === 'months') {
      throw new DurationFormatError(
        shown,
        `${key} have no fixed length; use weeks or days`,
      );
    }
    if (!(key in OBJECT_UNITS)) {
      throw new DurationFormatError(
        shown,
        `unknown unit "${key}"; use ${Object.keys(OBJECT_UNITS).join(', ')}`,
      );
    }
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
      throw new DurationFormatError(
        shown,
        `${key} must be a number of zero or more`,
      );
    }
    ms += amount * OBJECT_UNITS[key];
  }
  if (ms === 0 && !options.allowZero) {
    throw new DurationFormatError(shown, 'it must be greater than zero');
  }
  return Math.round(ms);
}

/**
 * Formats seconds for people: `45 s`, `15 min`, `4 h`, `1 h 30 min`,
 * `1 d 4 h`, `4 d`. The one rule for every duration and age the DR suite
 * shows: minutes stop mattering once a duration is measured in days, and
 * hours once it is two days or more (rounded to the nearest day), so a
 * headline and a timeline never disagree about the same stretch.
 * @public
 */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds)) {
    return '—';
  }
  const sign = totalSeconds < 0 ? '-' : '';
  let rest = Math.round(Math.abs(totalSeconds));
  if (rest < 60) {
    return `${sign}${rest} s`;
  }
  if (rest >= 2 * 86400) {
    return `${sign}${Math.round(rest / 86400)} d`;
  }
  const parts: string[] = [];
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes && !days) parts.push(`${minutes} min`);
  return sign + (parts.length ? parts.slice(0, 2).join(' ') : '0 min');
}
