/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen } from '@testing-library/react';
import {
  NOW,
  minutesAgo,
  mockDrApi,
  ordersEntity,
  postureFixture,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { EntityDrOverviewCard } from './EntityDrOverviewCard';

describe('EntityDrOverviewCard', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: NOW,
      doNotFake: ['setTimeout', 'queueMicrotask'],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('sums up the posture and links to the DR tab', async () => {
    const api = mockDrApi();
    api.getPosture.mockResolvedValue(postureFixture());
    renderDr(<EntityDrOverviewCard />, { api, entity: ordersEntity });

    const card = await screen.findByRole('region', {
      name: 'Disaster recovery',
    });
    expect(await screen.findByText('OK')).toBeInTheDocument();
    expect(card).toHaveTextContent(
      'RPOMettarget 15 min · last good backup 7 min ago',
    );
    expect(card).toHaveTextContent('RTOMettarget 1 h · measured 22 min');
    expect(card).toHaveTextContent('DrillsCurrentnext due');
    expect(card).toHaveTextContent('(in 78 d)');
    expect(card).toHaveTextContent('Dependencies: Breach');
    expect(
      screen.getByRole('link', { name: /Open the DR tab/ }),
    ).toHaveAttribute('href', '/catalog/default/component/orders-service/dr');
  });

  it('shows breached objectives and an overdue drill', async () => {
    const api = mockDrApi();
    api.getPosture.mockResolvedValue(
      postureFixture({
        overall: 'breach',
        rpo: {
          status: 'breached',
          targetSeconds: 86400,
          actualSeconds: 3 * 86400,
          lastSuccessfulBackupAt: minutesAgo(3 * 1440),
        },
        drills: {
          status: 'overdue',
          lastDrillAt: minutesAgo(130 * 1440),
          lastDrillOutcome: 'succeeded',
          cadenceDays: 90,
          nextDueAt: minutesAgo(40 * 1440),
        },
        dependenciesOverall: 'breach',
      }),
    );
    renderDr(<EntityDrOverviewCard />, { api, entity: ordersEntity });

    const card = await screen.findByRole('region', {
      name: 'Disaster recovery',
    });
    expect(await screen.findByText('Breached')).toBeInTheDocument();
    expect(card).toHaveTextContent('OverallBreach');
    expect(card).not.toHaveTextContent('Dependencies:');
    expect(card).toHaveTextContent('target 1 d · last good backup 3 d ago');
    expect(card).toHaveTextContent('DrillsOverduewas due');
    expect(card).toHaveTextContent('(40 d ago)');
  });

  it('shows unknown objectives', async () => {
    const api = mockDrApi();
    api.getPosture.mockResolvedValue(
      postureFixture({
        overall: 'at-risk',
        rto: {
          status: 'unknown',
          targetSeconds: 3600,
          measuredSeconds: null,
          lastSuccessfulDrillAt: null,
        },
      }),
    );
    renderDr(<EntityDrOverviewCard />, { api, entity: ordersEntity });

    expect(await screen.findByText('Unknown')).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Disaster recovery' }),
    ).toHaveTextContent('RTOUnknowntarget 1 h · not measured');
  });

  it('shows a placeholder while loading and a plain message when not allowed', async () => {
    const api = mockDrApi();
    api.getPosture.mockRejectedValue(await responseError(403, 'denied'));
    renderDr(<EntityDrOverviewCard />, { api, entity: ordersEntity });

    expect(
      screen.getByRole('progressbar', { name: 'Loading the DR posture' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('You cannot see the DR posture'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the dr.posture.read permission/),
    ).toBeInTheDocument();
  });
});
