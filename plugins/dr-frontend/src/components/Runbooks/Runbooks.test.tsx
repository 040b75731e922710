/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, waitFor, within } from '@testing-library/react';
import {
  ORDERS_REF,
  mockDrApi,
  planFixture,
  postureFixture,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { Runbooks } from './Runbooks';

describe('Runbooks', () => {
  it('shows one section per scenario with symptoms, ordered steps and copyable commands', async () => {
    const api = mockDrApi();
    api.getPlan.mockResolvedValue(planFixture());
    renderDr(<Runbooks entityRef={ORDERS_REF} posture={postureFixture()} />, {
      api,
    });

    const runbook = await screen.findByRole('region', {
      name: 'Restore orders-db from the newest good dump and replay WAL',
    });
    expect(runbook).toHaveTextContent(
      'Orders database corrupted or dropped · Expected RTO 30 min · RTO target 30 min · RPO target 15 min',
    );
    expect(runbook).toHaveTextContent(
      'Checkout fails with "relation orders does not exist"',
    );
    const steps = within(runbook).getAllByRole('listitem');
    expect(steps.map(step => step.textContent)).toEqual([
      'Checkout fails with "relation orders does not exist"',
      expect.stringContaining('Stop writes'),
      'Restore to staging first',
    ]);
    // The code block highlights its command once the highlighter has loaded.
    await waitFor(() =>
      expect(steps[1]).toHaveTextContent(
        'kubectl -n orders scale deploy/orders-api --replicas=0',
      ),
    );
    expect(within(steps[1]).getByRole('button')).toBeInTheDocument();
    expect(
      screen.getByText('From Orders disaster recovery plan'),
    ).toBeInTheDocument();
  });

  it('lists who to call, with email addresses as links', async () => {
    const api = mockDrApi();
    api.getPlan.mockResolvedValue(planFixture());
    renderDr(<Runbooks entityRef={ORDERS_REF} />, { api });

    const contacts = await screen.findByRole('list', {
      name: 'Escalation contacts',
    });
    expect(contacts).toHaveTextContent('Orders on-callprimary#orders-oncall');
    expect(
      within(contacts).getByRole('link', { name: /eng-head@acme.example/ }),
    ).toHaveAttribute('href', 'mailto:eng-head@acme.example');
  });

  it('says how to link a plan when there is none', async () => {
    const api = mockDrApi();
    api.getPlan.mockResolvedValue({
      entityRef: ORDERS_REF,
      location: null,
      plan: null,
      problems: [],
      fetchedAt: null,
    });
    renderDr(<Runbooks entityRef={ORDERS_REF} />, { api });

    const title = await screen.findByText(
      'No DR plan is linked to this entity, so there are no runbooks for an incident.',
    );
    // Backstage's CodeSnippet renders its content lazily, after the title.
    await waitFor(() =>
      expect(title.parentElement).toHaveTextContent(
        'dr.backstage.io/plan: ./dr-plan.yaml',
      ),
    );
  });

  it('says why a linked plan could not be read', async () => {
    const api = mockDrApi();
    api.getPlan.mockResolvedValue({
      entityRef: ORDERS_REF,
      location: 'https://git.example/plans/orders.yaml',
      plan: null,
      problems: [
        {
          code: 'plan-unreadable',
          severity: 'error',
          message: 'The plan could not be fetched (404).',
          fix: 'Check the URL.',
        },
      ],
      fetchedAt: null,
    });
    renderDr(<Runbooks entityRef={ORDERS_REF} />, { api });

    expect(
      await screen.findByText(
        'The DR plan at https://git.example/plans/orders.yaml could not be read.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The plan could not be fetched (404). Check the URL.'),
    ).toBeInTheDocument();
  });
});
