/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { buildBackupTimeline } from './BackupTimelineBuilder';

const to = new Date('2026-11-21T00:00:00Z');
const from = new Date('2026-10-22T00:00:00Z');
const at = (iso: string, succeeded = true) => ({
  completedAt: new Date(iso),
  succeeded,
});

describe('buildBackupTimeline', () => {
  it('buckets 30 days into 6-hour buckets with successes and failures', () => {
    const timeline = buildBackupTimeline({
      from,
      to,
      rpoTargetSeconds: null,
      lastSuccessBefore: null,
      completions: [
        at('2026-10-22T01:00:00Z'),
        at('2026-10-22T02:00:00Z', false),
        at('2026-11-20T23:59:00Z'),
      ],
    });
    expect(timeline.bucketSeconds).toBe(6 * 3600);
    expect(timeline.buckets).toHaveLength(120);
    expect(timeline.buckets[0]).toEqual({
      start: '2026-10-22T00:00:00.000Z',
      end: '2026-10-22T06:00:00.000Z',
      succeeded: 1,
      failed: 1,
    });
    expect(timeline.buckets[119].succeeded).toBe(1);
    expect(timeline.gaps).toEqual([]);
  });

  it('finds stretches longer than the RPO, including the one still open now', () => {
    const timeline = buildBackupTimeline({
      from,
      to,
      rpoTargetSeconds: 86400,
      lastSuccessBefore: new Date('2026-10-21T12:00:00Z'),
      completions: [
        at('2026-10-22T06:00:00Z'),
        at('2026-10-25T06:00:00Z', false),
        at('2026-10-26T06:00:00Z'),
        at('2026-11-17T00:00:00Z'),
      ],
    });
    expect(timeline.gaps).toEqual([
      {
        from: '2026-10-22T06:00:00.000Z',
        to: '2026-10-26T06:00:00.000Z',
        seconds: 4 * 86400,
      },
      {
        from: '2026-10-26T06:00:00.000Z',
        to: '2026-11-17T00:00:00.000Z',
        seconds: 21 * 86400 + 18 * 3600,
      },
      {
        from: '2026-11-17T00:00:00.000Z',
        to: '2026-11-21T00:00:00.000Z',
        seconds: 4 * 86400,
      },
    ]);
  });

  it('does not count the time before the oldest indexed backup as a gap', () => {
    const timeline = buildBackupTimeline({
      from,
      to,
      rpoTargetSeconds: 86400,
      lastSuccessBefore: null,
      completions: [
        at('2026-11-14T00:00:00Z'),
        at('2026-11-15T00:00:00Z'),
        at('2026-11-20T12:00:00Z'),
      ],
    });
    expect(timeline.gaps).toEqual([
      {
        from: '2026-11-15T00:00:00.000Z',
        to: '2026-11-20T12:00:00.000Z',
        seconds: 5.5 * 86400,
      },
    ]);
  });

  it('starts a gap at the window when there was never a backup', () => {
    const timeline = buildBackupTimeline({
      from,
      to,
      rpoTargetSeconds: 3600,
      lastSuccessBefore: null,
      completions: [],
    });
    expect(timeline.gaps).toEqual([
      { from: from.toISOString(), to: to.toISOString(), seconds: 30 * 86400 },
    ]);
  });
});
