/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen } from '@testing-library/react';
import {
  ORDERS_REF,
  drillFixture,
  minutesAgo,
  mockDrApi,
  postureFixture,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { RtoTrend } from './RtoTrend';

describe('RtoTrend', () => {
  it('draws the measured RTO of each scenario over time from verified drills, with their phases', async () => {
    const api = mockDrApi();
    api.getDrills.mockResolvedValue({
      items: [
        drillFixture(0, {
          kind: 'restore-test',
          restoreTestPlan: 'orders-nightly',
          completedAt: minutesAgo(60),
          measuredRtoSeconds: 95,
          phases: [
            {
              name: 'load',
              startedAt: minutesAgo(62),
              completedAt: minutesAgo(61),
              durationSeconds: 80,
            },
            {
              name: 'verification',
              startedAt: minutesAgo(61),
              completedAt: minutesAgo(60),
              durationSeconds: 15,
            },
          ],
        }),
        drillFixture(1, {
          completedAt: minutesAgo(3 * 24 * 60),
          measuredRtoSeconds: 1320,
        }),
        drillFixture(2, {
          scenario: 'region-loss',
          completedAt: minutesAgo(9 * 24 * 60),
          measuredRtoSeconds: 7200,
        }),
        // Neither counts: no check ran, or it was voided.
        drillFixture(3, { outcome: 'unverified', measuredRtoSeconds: 5 }),
        drillFixture(4, {
          measuredRtoSeconds: 9,
          voided: { at: minutesAgo(1), by: 'user:default/bob', reason: 'typo' },
        }),
      ],
      nextCursor: null,
    });
    renderDr(<RtoTrend entityRef={ORDERS_REF} posture={postureFixture()} />, {
      api,
    });

    const chart = await screen.findByRole('img', {
      name: 'Measured RTO per scenario over time',
    });
    expect(chart.querySelectorAll('circle')).toHaveLength(3);
    expect(
      screen.getByText(
        'database-corruption: 2 verified drills, last RTO 1 min',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('region-loss: 1 verified drill, last RTO 2 h'),
    ).toBeInTheDocument();
    const titles = [...chart.querySelectorAll('circle > title')].map(
      t => t.textContent,
    );
    expect(titles).toContainEqual(
      expect.stringMatching(
        /RTO 1 min \(restore test\): load 1 min, verification 15 s$/,
      ),
    );
    expect(api.getDrills).toHaveBeenCalledWith(ORDERS_REF, { limit: 200 });
  });

  it('says so when no verified drill measured the RTO yet', async () => {
    const api = mockDrApi();
    api.getDrills.mockResolvedValue({
      items: [drillFixture(0, { outcome: 'unverified' })],
      nextCursor: null,
    });
    renderDr(<RtoTrend entityRef={ORDERS_REF} />, { api });
    expect(
      await screen.findByText('No verified drill has measured the RTO yet.'),
    ).toBeInTheDocument();
  });
});
