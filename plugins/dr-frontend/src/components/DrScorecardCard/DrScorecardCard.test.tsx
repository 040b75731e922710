/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ordersEntity } from '../../__testUtils__/fixtures';
import { setupUser } from '../../__testUtils__/render';
import { DrScorecardCard } from './DrScorecardCard';

const BASE_URL = 'http://backstage.test/api/tech-insights';

/** The checks as the Tech Insights backend answers, in its own order. */
const results = [
  {
    check: {
      id: 'drRestoreTested30d',
      name: 'Restore tested in the last 30 days',
      description: 'A restore of a backup ran and passed its checks.',
    },
    result: false,
  },
  {
    check: {
      id: 'drRpoMet',
      name: 'RPO met',
      description: 'The newest successful backup is younger than the RPO.',
    },
    result: true,
  },
  {
    check: {
      id: 'drDrillCurrent',
      name: 'Drill current',
      description: 'A successful DR drill happened within the drill cadence.',
    },
    result: true,
  },
];

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function renderCard(...responses: Response[]) {
  const fetch = jest.fn(
    async (_url: RequestInfo | URL, _init?: RequestInit) => {
      const next = responses.shift();
      if (!next) throw new Error('No more responses');
      return next;
    },
  );
  renderInTestApp(
    <EntityProvider entity={ordersEntity}>
      <DrScorecardCard />
    </EntityProvider>,
    {
      apis: [
        [fetchApiRef, { fetch }],
        [
          discoveryApiRef,
          {
            getBaseUrl: async (pluginId: string) =>
              `http://backstage.test/api/${pluginId}`,
          },
        ],
      ],
    },
  );
  return fetch;
}

describe('DrScorecardCard', () => {
  it('runs the DR checks on the entity and shows each passed or failed with what it checks', async () => {
    const fetch = renderCard(jsonResponse(200, results));

    const list = await screen.findByRole('list', { name: 'DR checks' });
    const items = within(list).getAllByRole('listitem');
    // In the scorecard's order, whatever order the backend answers in.
    expect(items.map(item => item.textContent)).toEqual([
      'RPO metThe newest successful backup is younger than the RPO.Passed',
      'Drill currentA successful DR drill happened within the drill cadence.Passed',
      'Restore tested in the last 30 daysA restore of a backup ran and passed its checks.Failed',
    ]);
    expect(
      screen.getByRole('region', { name: 'DR scorecard' }),
    ).not.toHaveTextContent('no result');

    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${BASE_URL}/checks/run/default/component/orders-service`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({
      checks: ['drRpoMet', 'drDrillCurrent', 'drRestoreTested30d'],
    });
  });

  it('says which checks have no result when facts are missing', async () => {
    renderCard(jsonResponse(200, results.slice(1)));

    const list = await screen.findByRole('list', { name: 'DR checks' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByText(/1 DR check has no result/)).toBeInTheDocument();
  });

  it('says when Tech Insights has no DR facts for the entity yet', async () => {
    renderCard(jsonResponse(200, []));

    expect(await screen.findByText('No DR scores yet')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'DR checks' })).toBeNull();
  });

  it('says Tech Insights is not installed when its backend answers 404', async () => {
    renderCard(jsonResponse(404, { error: { name: 'NotFoundError' } }));

    const card = await screen.findByRole('region', { name: 'DR scorecard' });
    expect(
      await within(card).findByText('Tech Insights is not installed'),
    ).toBeInTheDocument();
    expect(card).toHaveTextContent(
      '@dr-suite/backstage-plugin-tech-insights-backend-module-dr',
    );
    expect(within(card).queryByRole('button')).toBeNull();
  });

  it('says why the checks could not run and runs them again on request', async () => {
    const fetch = renderCard(
      jsonResponse(500, {
        error: {
          name: 'Error',
          message: 'Failed to run rules engine, Not all facts are defined',
        },
        response: { statusCode: 500 },
      }),
      jsonResponse(200, results),
    );

    expect(
      await screen.findByText('Could not load the DR scorecard'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Failed to run rules engine, Not all facts are defined'),
    ).toBeInTheDocument();

    await setupUser().click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('list', { name: 'DR checks' }),
    ).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
