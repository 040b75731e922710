/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { formatDuration, parseDuration } from './duration';

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

describe('formatDuration', () => {
  it.each([
    [45, '45 s'],
    [900, '15 min'],
    [3600, '1 h'],
    [5400, '1 h 30 min'],
    [86400 * 3 + 4 * 3600 + 120, '3 d 4 h'],
    [86400 * 90, '90 d'],
    [-120, '-2 min'],
  ])('shows %p seconds as %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
