/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseWalSegmentName } from './walSegments';

describe('parseWalSegmentName', () => {
  it('reads segments as archive_command scripts name them: compressed, encrypted or plain', () => {
    for (const name of [
      '000000010000000000000003',
      '000000010000000000000003.gz',
      '000000010000000000000003.zst',
      '000000010000000000000003.lz4',
      '000000010000000000000003.gz.enc',
      '000000010000000000000003.zst.gpg',
    ]) {
      expect(parseWalSegmentName(name)).toEqual({ timeline: 1, number: 3 });
    }
    expect(parseWalSegmentName('00000002000000010000000A.gz')).toEqual({
      timeline: 2,
      number: 0x10a,
    });
  });

  it('does not count partial segments, history files or backup markers, compressed or not', () => {
    for (const name of [
      '000000010000000000000003.partial',
      '000000010000000000000003.partial.gz',
      '00000002.history',
      '00000002.history.gz',
      '000000010000000000000002.00000028.backup',
      '000000010000000000000002.00000028.backup.gz',
    ]) {
      expect(parseWalSegmentName(name)).toBeUndefined();
    }
  });
});
