/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { TierRegistry } from './TierRegistry';

describe('TierRegistry', () => {
  it.each([
    ['90d', 90],
    ['90 days', 90],
    ['P90D', 90],
    ['2160h', 90],
    [{ days: 90 }, 90],
    [{ weeks: 2 }, 14],
  ])(
    'reads the tier duration %p like every other duration in config',
    (value, days) => {
      const tiers = TierRegistry.fromConfig(
        new ConfigReader({
          dr: {
            tiers: { gold: { rto: value, rpo: value, drillCadence: value } },
          },
        }),
        mockServices.logger.mock(),
      );
      expect(tiers.get('gold')).toMatchObject({
        rtoSeconds: days * 86400,
        rpoSeconds: days * 86400,
        drillCadenceDays: days,
        errors: [],
      });
    },
  );

  it('ignores a bad value, saying which setting and why', () => {
    const logger = mockServices.logger.mock();
    const tiers = TierRegistry.fromConfig(
      new ConfigReader({
        dr: { tiers: { gold: { rto: '1h', rpo: { months: 1 } } } },
      }),
      logger,
    );
    expect(tiers.get('gold')).toMatchObject({
      rtoSeconds: 3600,
      rpoSeconds: null,
      errors: [
        expect.stringMatching(/^dr\.tiers\.gold\.rpo: .*no fixed length/),
      ],
    });
    expect(logger.error).toHaveBeenCalled();
  });
});
