/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { ConfigReader } from '@backstage/config';
import { readIntervalMs } from './readIntervalMs';
import { readSourceTimeouts } from './timeouts';

describe('readIntervalMs', () => {
  it.each([
    ['15m', 900_000],
    ['4h', 14_400_000],
    ['90d', 7_776_000_000],
    ['90 days', 7_776_000_000],
    ['PT15M', 900_000],
    ['1h30m', 5_400_000],
    [{ days: 90 }, 7_776_000_000],
    [{ minutes: 1, seconds: 30 }, 90_000],
  ])('reads %p like every other duration in config', (value, ms) => {
    const config = new ConfigReader({ dr: { approvals: { expiry: value } } });
    expect(readIntervalMs(config, 'dr.approvals.expiry')).toBe(ms);
  });

  it('answers undefined for a missing key', () => {
    expect(
      readIntervalMs(new ConfigReader({}), 'dr.plans.refreshInterval'),
    ).toBe(undefined);
  });

  it.each([
    [
      'soon',
      /Invalid duration in config at 'fullIndexInterval'.*number with a unit/,
    ],
    [15, /at 'fullIndexInterval'.*add a unit/],
    [{ months: 1 }, /at 'fullIndexInterval'.*no fixed length/],
  ])('refuses %p naming the key', (value, message) => {
    const config = new ConfigReader({ fullIndexInterval: value });
    expect(() => readIntervalMs(config, 'fullIndexInterval')).toThrow(message);
  });

  it('reads source timeouts with the same grammar', () => {
    const config = new ConfigReader({
      timeouts: { connect: '10 seconds', request: { minutes: 2 } },
    });
    expect(readSourceTimeouts(config)).toMatchObject({
      connectMs: 10_000,
      requestMs: 120_000,
    });
  });
});
