/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  DEFAULT_SOUNDNESS_POLICY,
  judgeSeries,
  seriesOf,
} from './backupSoundness';

const sized = (...sizes: Array<number | null>) =>
  sizes.map((sizeBytes, i) => ({ id: `b${i}`, sizeBytes, encrypted: null }));

describe('judgeSeries', () => {
  it('flags a backup that changed by more than the fraction against the median of its series', () => {
    const verdicts = judgeSeries(
      sized(1000, 1010, 990, 1005, 300, 1000, 2600),
      DEFAULT_SOUNDNESS_POLICY,
      'volume',
    );
    expect(verdicts.map(v => v !== null)).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
      true,
    ]);
    expect(verdicts[4]).toBe(
      'Suspicious: its size, 300 bytes, is 70% smaller than the median 1003 bytes of the previous 4 backups of its series (at most 50% is expected).',
    );
    expect(verdicts[6]).toMatch(/is 160% larger than the median 1000 bytes/);
  });

  it('holds incremental backups, whose size follows the churn, only to the floor', () => {
    const full = (sizeBytes: number, i: number) => ({
      id: `f${i}`,
      type: 'full',
      sizeBytes,
      encrypted: null,
    });
    const incr = (sizeBytes: number, i: number) => ({
      id: `i${i}`,
      type: 'incremental',
      sizeBytes,
      encrypted: null,
    });
    expect(
      judgeSeries(
        [
          full(1000, 0),
          incr(10, 1),
          incr(900, 2),
          incr(40, 3),
          full(1010, 4),
          incr(0, 5),
        ],
        DEFAULT_SOUNDNESS_POLICY,
        'pgbackrest',
      ),
    ).toEqual([
      null,
      null,
      null,
      null,
      null,
      'Suspicious: its size, 0 bytes, is below the floor of 1 bytes.',
    ]);
  });

  it('holds the first backups of a series and unknown sizes only to the floor', () => {
    expect(
      judgeSeries(sized(1000, 10, 0, null), DEFAULT_SOUNDNESS_POLICY, 'volume'),
    ).toEqual([
      null,
      null,
      'Suspicious: its size, 0 bytes, is below the floor of 1 bytes.',
      null,
    ]);
  });

  it('turns the size comparison off and demands encryption when the policy says so', () => {
    const policy = {
      ...DEFAULT_SOUNDNESS_POLICY,
      maxSizeChange: null,
      requireEncryption: true,
    };
    const verdicts = judgeSeries(
      [
        { id: 'a', sizeBytes: 1000, encrypted: true },
        { id: 'b', sizeBytes: 1000, encrypted: false },
        { id: 'c', sizeBytes: 1000, encrypted: null },
        { id: 'd', sizeBytes: 1, encrypted: true },
      ],
      policy,
      'mailblast',
    );
    expect(verdicts).toEqual([
      null,
      'Suspicious: it is not encrypted, although source "mailblast" requires encryption.',
      'Suspicious: its encryption could not be detected, although source "mailblast" requires encryption.',
      null,
    ]);
  });

  it('puts nightly dumps of one database in one series', () => {
    expect(seriesOf('db/orders_full_20261130_020000.sql.gz')).toBe(
      seriesOf('db/orders_full_20261201_020000.sql.gz'),
    );
    expect(seriesOf('db/orders_full_20261130_020000.sql.gz')).not.toBe(
      seriesOf('db/orders_custom_20261130_020000.dump'),
    );
  });
});
