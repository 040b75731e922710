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

const SHORT_FORM = /^(?:(\d+(?:\.\d+)?)([smhdw]))+$/i;
const SHORT_PART = /(\d+(?:\.\d+)?)([smhdw])/gi;
// Years and months have no fixed length, so ISO durations using them are refused.
const ISO_FORM =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

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
 * Parses `30m`, `4h`, `1d`, `1h30m` or ISO 8601 (`PT15M`, `P1DT2H`) into seconds.
 *
 * @throws DurationFormatError when the text is not a positive duration.
 * @public
 */
export function parseDuration(text: string): number {
  const input = String(text ?? '').trim();
  if (!input) {
    throw new DurationFormatError(input, 'it is empty');
  }
  let seconds: number;
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
    seconds = w * 604800 + d * 86400 + h * 3600 + m * 60 + s;
  } else if (SHORT_FORM.test(input)) {
    seconds = 0;
    for (const [, amount, unit] of input.matchAll(SHORT_PART)) {
      seconds += Number(amount) * UNIT_SECONDS[unit.toLowerCase()];
    }
  } else {
    throw new DurationFormatError(
      input,
      'use a number with a unit (s, m, h, d, w) such as 30m, 4h or 1d, or ISO 8601 such as PT15M',
    );
  }
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new DurationFormatError(input, 'it must be greater than zero');
  }
  return Math.round(seconds);
}

/**
 * Formats seconds for people: `45 s`, `15 min`, `4 h`, `1 h 30 min`, `3 d 4 h`.
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
  const parts: string[] = [];
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  // Minutes stop mattering once a duration is measured in days.
  if (minutes && !days) parts.push(`${minutes} min`);
  return sign + (parts.length ? parts.slice(0, 2).join(' ') : '0 min');
}
