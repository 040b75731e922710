/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { ConfigReader } from '@backstage/config';
import { SourcePolicies } from './SourcePolicies';

describe('SourcePolicies', () => {
  it('reads locations and backup checks, per source over the defaults', () => {
    const policies = SourcePolicies.fromConfig(
      new ConfigReader({
        dr: {
          backupChecks: { maxSizeChange: 0.3, sizeHistory: 5 },
          sources: {
            local: {
              type: 'filesystem',
              directory: '/b',
              location: 'us-east-1',
            },
            mail: {
              type: 's3',
              bucket: 'b',
              requireEncryption: true,
              backupChecks: { minSizeBytes: 1024, maxSizeChange: false },
            },
          },
        },
      }),
    );
    expect(policies.location('local')).toBe('us-east-1');
    expect(policies.location('mail')).toBeNull();
    expect(policies.soundness('local')).toEqual({
      minSizeBytes: 1,
      maxSizeChange: 0.3,
      sizeHistory: 5,
      requireEncryption: false,
    });
    expect(policies.soundness('mail')).toEqual({
      minSizeBytes: 1024,
      maxSizeChange: null,
      sizeHistory: 5,
      requireEncryption: true,
    });
    expect(policies.problems()).toEqual([]);
  });

  it('ignores bad values with a problem each, keeping the defaults', () => {
    const logger = { error: jest.fn() } as any;
    const policies = SourcePolicies.fromConfig(
      new ConfigReader({
        dr: {
          backupChecks: { maxSizeChange: -1, sizeHistory: 2.5 },
          sources: {
            odd: {
              type: 'filesystem',
              location: ['eu'],
              requireEncryption: 3,
              backupChecks: { minSizeBytes: 'big' },
            },
          },
        },
      }),
      logger,
    );
    expect(policies.soundness('odd')).toEqual({
      minSizeBytes: 1,
      maxSizeChange: 0.5,
      sizeHistory: 7,
      requireEncryption: false,
    });
    expect(policies.location('odd')).toBeNull();
    expect(policies.problems()).toHaveLength(5);
    expect(logger.error).toHaveBeenCalledTimes(5);
    expect(policies.problems()).toContainEqual(
      expect.stringMatching(
        /^dr\.backupChecks\.maxSizeChange is ignored: it must be a fraction/,
      ),
    );
  });
});
