/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  durationValueToMs,
  formatDuration,
  parseDuration,
  parseDurationMs,
} from './duration';

describe('parseDuration', () => {
  it.each([
    ['30m', 1800],
    ['4h', 14400],
    ['1d', 86400],
    ['2w', 1209600],
    ['1h30m', 5400],
    ['90s', 90],
    ['1.5h', 5400],
    [' 15M ', 900],
    ['PT15M', 900],
    ['P1D', 86400],
    ['P1DT2H', 93600],
    ['PT0.5H', 1800],
    ['P2W', 1209600],
  ])('reads %p as %p seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['', /empty/],
    ['soon', /number with a unit/],
    ['15', /number with a unit/],
    ['-5m', /number with a unit/],
    ['0m', /greater than zero/],
    ['P1M', /ISO 8601/],
    ['P1Y', /ISO 8601/],
    ['P', /ISO 8601/],
    ['PT', /ISO 8601/],
    ['1h 30m', /number with a unit/],
  ])('refuses %p with a message saying what to write', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });
});

describe('one duration grammar', () => {
  it.each([
    ['15m', 900_000],
    ['4h', 14_400_000],
    ['90d', 7_776_000_000],
    ['90 days', 7_776_000_000],
    ['1 day', 86_400_000],
    ['15 minutes', 900_000],
    ['2 hours', 7_200_000],
    ['30 sec', 30_000],
    ['2 weeks', 1_209_600_000],
    ['500ms', 500],
    ['PT15M', 900_000],
    ['P90D', 7_776_000_000],
  ])('reads %p as %p ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
    expect(durationValueToMs(text)).toBe(ms);
  });

  it('accepts zero only where asked to', () => {
    expect(durationValueToMs({ seconds: 0 }, { allowZero: true })).toBe(0);
    expect(durationValueToMs('0s', { allowZero: true })).toBe(0);
  });

  it('gives annotations and plans the same forms in seconds', () => {
    expect(parseDuration('90 days')).toBe(7_776_000);
    expect(parseDuration('15 minutes')).toBe(900);
    expect(() => parseDuration('100ms')).toThrow(/at least one second/);
  });

  it.each([
    [{ days: 90 }, 7_776_000_000],
    [{ hours: 1, minutes: 30 }, 5_400_000],
    [{ weeks: 2 }, 1_209_600_000],
    [{ milliseconds: 250 }, 250],
  ])('reads the Backstage object %p as %p ms', (value, ms) => {
    expect(durationValueToMs(value)).toBe(ms);
  });

  it.each([
    ['90 fortnights', /number with a unit/],
    [90, /add a unit/],
    [{ months: 1 }, /no fixed length/],
    [{ days: 'ninety' }, /days must be a number/],
    [{ lightyears: 1 }, /unknown unit "lightyears"/],
    [{}, /greater than zero/],
    ['0m', /greater than zero/],
    [['1h'], /use text such as 30m/],
  ])('refuses %p with a message saying what to write', (value, message) => {
    expect(() => durationValueToMs(value)).toThrow(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [45, '45 s'],
    [900, '15 min'],
    [3600, '1 h'],
    [5400, '1 h 30 min'],
    [86400 + 4 * 3600 + 120, '1 d 4 h'],
    // From two days on, whole days: the same stretch reads the same in a
    // headline ("4 d ago") and in the timeline ("4 d").
    [86400 * 3 + 20 * 3600, '4 d'],
    [86400 * 3 + 4 * 3600 + 120, '3 d'],
    [86400 * 90, '90 d'],
    [-120, '-2 min'],
  ])('shows %p seconds as %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
