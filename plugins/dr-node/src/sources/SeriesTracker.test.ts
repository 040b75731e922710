/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { BackupKeyParser } from './BackupKeyParser';
import { SeriesTracker } from './SeriesTracker';

const parser = new BackupKeyParser();
const HOUR = 3600_000;

describe('SeriesTracker', () => {
  it('learns each series’ bounds and cadence and asks only due series', () => {
    const tracker = new SeriesTracker();
    const t0 = Date.parse('2026-11-20T00:00:00Z');
    for (let i = 0; i < 4; i++) {
      const key = `db/app_full_20261120_${String(i * 2).padStart(
        2,
        '0',
      )}0000.sql.gz`;
      tracker.observe(key, parser.parse(key), t0 + i * 2 * HOUR);
    }
    tracker.observe('misc/latest.sql', parser.parse('misc/latest.sql'), t0);
    const [[series, state]] = tracker.dueSeries(t0 + 6 * HOUR + HOUR, false);
    expect(series).toBe('db/app_full_');
    expect(state).toMatchObject({
      count: 4,
      intervalMs: 2 * HOUR,
      lastTime: t0 + 6 * HOUR,
    });
    // Half an interval after the newest backup the series is due again.
    expect(tracker.dueSeries(t0 + 6 * HOUR + 0.5 * HOUR, false)).toEqual([]);
    expect(tracker.dueSeries(t0 + 6 * HOUR + 0.5 * HOUR, true)).toHaveLength(1);
    // Once asked, a series that did not grow waits another half interval.
    tracker.markChecked('db/app_full_', t0 + 7 * HOUR);
    expect(tracker.dueSeries(t0 + 7.5 * HOUR, false)).toEqual([]);
    expect(
      tracker.dueSeries(t0 + 8 * HOUR, false).map(([due]) => due),
    ).toEqual(['db/app_full_']);
  });

  it('survives a round trip through JSON and only shrinks the interval incrementally', () => {
    const key = (h: number) =>
      `db/app_full_20261120_${String(h).padStart(2, '0')}0000.sql.gz`;
    const tracker = new SeriesTracker();
    const t0 = Date.parse('2026-11-20T00:00:00Z');
    tracker.observe(key(0), parser.parse(key(0)), t0);
    tracker.observe(key(6), parser.parse(key(6)), t0 + 6 * HOUR);
    const restored = SeriesTracker.fromJSON(
      JSON.parse(JSON.stringify(tracker.toJSON())),
    );
    // A three-day pause must not make the series be asked less often.
    restored.observe(key(23), parser.parse(key(23)), t0 + 72 * HOUR);
    expect(restored.toJSON()['db/app_full_']).toMatchObject({
      last: key(23),
      intervalMs: 6 * HOUR,
    });
    restored.setFirst('db/app_full_', undefined);
    expect(restored.toJSON()).toEqual({});
  });
});
