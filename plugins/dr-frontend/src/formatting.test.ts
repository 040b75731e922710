/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { formatAge, formatBytes, formatOptionalDuration } from './formatting';

describe('formatAge', () => {
  const now = Date.parse('2026-03-12T10:00:00Z');

  it('says how long ago a time was', () => {
    expect(formatAge('2026-03-12T09:53:00Z', now)).toBe('7 min ago');
    expect(formatAge('2026-03-11T06:00:00Z', now)).toBe('1 d 4 h ago');
    expect(formatAge('2026-03-09T06:00:00Z', now)).toBe('3 d ago');
  });

  it('says how far ahead a future time is', () => {
    expect(formatAge('2026-03-13T12:00:00Z', now)).toBe('in 1 d 2 h');
  });

  it('calls anything within a minute "just now"', () => {
    expect(formatAge('2026-03-12T09:59:30Z', now)).toBe('just now');
    expect(formatAge('2026-03-12T10:00:20Z', now)).toBe('just now');
  });
});

describe('formatBytes', () => {
  it('uses SI units with one decimal below 100', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(345_000_000_000)).toBe('345 GB');
  });
});

describe('formatOptionalDuration', () => {
  it('shows a dash without a value', () => {
    expect(formatOptionalDuration(null)).toBe('—');
    expect(formatOptionalDuration(900)).toBe('15 min');
  });
});
