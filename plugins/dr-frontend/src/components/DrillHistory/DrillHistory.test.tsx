/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import {
  NOW,
  ORDERS_REF,
  drillFixture,
  mockDrApi,
  postureFixture,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { DrillHistory } from './DrillHistory';

describe('DrillHistory', () => {
  it('shows each drill with its outcome, measured RTO and RPO against target, people and follow-ups', async () => {
    const api = mockDrApi();
    api.getDrills.mockResolvedValue({
      items: [
        drillFixture(0),
        drillFixture(1, {
          outcome: 'failed',
          scenario: 'region-loss',
          measuredRtoSeconds: 4500,
          measuredRpoSeconds: null,
          participants: [],
          actionItems: [],
          notes: null,
        }),
      ],
      nextCursor: null,
    });
    renderDr(
      <DrillHistory
        entityRef={ORDERS_REF}
        posture={postureFixture()}
        now={NOW}
      />,
      { api },
    );

    const table = await screen.findByRole('table', { name: 'Drill history' });
    const [, first, second] = within(table).getAllByRole('row');
    // The scenario's own target (30 min) applies, not the entity's (1 h).
    expect(first).toHaveTextContent('Orders database corrupted or dropped');
    expect(first).toHaveTextContent('Succeeded');
    expect(first).toHaveTextContent('22 minwithin target 30 min');
    expect(first).toHaveTextContent('6 minwithin target 15 min');
    expect(within(first).getByRole('link', { name: 'alice' })).toHaveAttribute(
      'href',
      '/catalog/default/user/alice',
    );
    expect(first).toHaveTextContent('Dana from the DBA team');
    expect(first).toHaveTextContent('Script the DATABASE_URL switch');
    expect(first).toHaveTextContent('Update the runbook (done)');
    expect(first).toHaveTextContent('12 d ago');

    // Without a plan scenario, the entity's targets apply.
    expect(second).toHaveTextContent('region-loss');
    expect(second).toHaveTextContent('Failed');
    expect(second).toHaveTextContent('1 h 15 minover target 1 h');
    expect(api.getDrills).toHaveBeenCalledWith(ORDERS_REF, {
      limit: 10,
      cursor: undefined,
    });
  });

  it('explains drills when none was recorded', async () => {
    const api = mockDrApi();
    api.getDrills.mockResolvedValue({ items: [], nextCursor: null });
    renderDr(<DrillHistory entityRef={ORDERS_REF} now={NOW} />, { api });

    expect(
      await screen.findByText('No drill has been recorded yet.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/that measurement is the RTO/)).toBeInTheDocument();
  });

  it('says when the history cannot be loaded', async () => {
    const api = mockDrApi();
    api.getDrills.mockRejectedValue(await responseError(503, 'try later'));
    renderDr(<DrillHistory entityRef={ORDERS_REF} now={NOW} />, { api });

    expect(
      await screen.findByText('Could not load the drill history'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
