/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
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

  it('shows a restore without checks as unverified, with no RTO verdict', async () => {
    const api = mockDrApi();
    api.getDrills.mockResolvedValue({
      items: [
        drillFixture(0, { outcome: 'unverified', measuredRtoSeconds: 1 }),
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

    expect(
      await screen.findByText(
        'not verified: no checks ran, not counted as RTO',
      ),
    ).toBeInTheDocument();
    const [, row] = within(
      screen.getByRole('table', { name: 'Drill history' }),
    ).getAllByRole('row');
    expect(row).toHaveTextContent('Unverified');
    expect(row).not.toHaveTextContent('Succeeded');
    expect(row).not.toHaveTextContent('within target 30 min');
  });

  it('labels drills a person recorded as manual and links their evidence', async () => {
    const api = mockDrApi();
    api.getDrills.mockResolvedValue({
      items: [
        drillFixture(0, {
          source: 'manual',
          evidenceUrl: 'https://runbooks.example.com/drills/42',
        }),
        drillFixture(1, { source: 'restore', approvalId: 'a1' }),
      ],
      nextCursor: null,
    });
    renderDr(<DrillHistory entityRef={ORDERS_REF} now={NOW} />, { api });

    expect(await screen.findByText('Manual')).toBeInTheDocument();
    const [, manual, restore] = within(
      screen.getByRole('table', { name: 'Drill history' }),
    ).getAllByRole('row');
    expect(manual).toHaveTextContent('Manual');
    expect(
      within(manual).getByRole('link', { name: /^Evidence/ }),
    ).toHaveAttribute('href', 'https://runbooks.example.com/drills/42');
    expect(restore).not.toHaveTextContent('Manual');
  });

  it('strikes voided drills through and says who voided them and why', async () => {
    const api = mockDrApi();
    api.getDrills.mockResolvedValue({
      items: [
        drillFixture(0, {
          voided: {
            at: '2026-11-20T10:00:00Z',
            by: 'user:default/bob',
            reason: 'Recorded against the wrong service',
          },
        }),
        drillFixture(1),
      ],
      nextCursor: null,
    });
    renderDr(<DrillHistory entityRef={ORDERS_REF} now={NOW} />, { api });

    const table = await screen.findByRole('table', { name: 'Drill history' });
    const [, voided, counted] = within(table).getAllByRole('row');
    expect(voided).toHaveTextContent(
      'Voided by user:default/bob: Recorded against the wrong service',
    );
    expect(within(voided).getAllByRole('cell')[0]).toHaveStyle({
      textDecoration: 'line-through',
    });
    expect(within(counted).getAllByRole('cell')[0]).not.toHaveStyle({
      textDecoration: 'line-through',
    });
    // Only counted drills can be voided.
    expect(within(voided).queryByRole('button')).not.toBeInTheDocument();
    expect(
      within(counted).getByRole('button', {
        name: /^Void the database-corruption drill of/,
      }),
    ).toBeInTheDocument();
  });

  it('voids a drill with a reason and shows it voided', async () => {
    const api = mockDrApi();
    const voided = drillFixture(0, {
      voided: {
        at: '2026-11-20T10:00:00Z',
        by: 'user:default/alice',
        reason: 'Never happened',
      },
    });
    api.getDrills
      .mockResolvedValueOnce({ items: [drillFixture(0)], nextCursor: null })
      .mockResolvedValueOnce({ items: [voided], nextCursor: null });
    api.voidDrill.mockResolvedValue(voided);
    const onVoided = jest.fn();
    renderDr(
      <DrillHistory entityRef={ORDERS_REF} now={NOW} onVoided={onVoided} />,
      { api },
    );

    fireEvent.click(await screen.findByRole('button', { name: /^Void the/ }));
    const dialog = screen.getByRole('dialog', { name: 'Void this drill?' });
    const submit = within(dialog).getByRole('button', { name: 'Void drill' });
    expect(submit).toBeDisabled();
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: '  Never happened ' },
    });
    fireEvent.click(submit);

    expect(
      await screen.findByText('Voided by user:default/alice: Never happened'),
    ).toBeInTheDocument();
    expect(api.voidDrill).toHaveBeenCalledWith(ORDERS_REF, 'drill-0', {
      reason: 'Never happened',
    });
    expect(onVoided).toHaveBeenCalledWith(voided);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('keeps the dialog open with the reason a void was refused', async () => {
    const api = mockDrApi();
    api.getDrills.mockResolvedValue({
      items: [drillFixture(0)],
      nextCursor: null,
    });
    api.voidDrill.mockRejectedValue(
      await responseError(
        409,
        'This drill was already voided by user:default/bob',
        'ConflictError',
      ),
    );
    renderDr(<DrillHistory entityRef={ORDERS_REF} now={NOW} />, { api });

    fireEvent.click(await screen.findByRole('button', { name: /^Void the/ }));
    const dialog = screen.getByRole('dialog', { name: 'Void this drill?' });
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'Duplicate' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Void drill' }));

    expect(
      await within(dialog).findByText(
        'The drill was not voided: This drill was already voided by user:default/bob',
      ),
    ).toBeInTheDocument();
  });

  it('offers no Void action to users the permission framework does not allow', async () => {
    // usePermission caches decisions per entity across renders: use an
    // entity no other test asked about.
    const entityRef = 'resource:default/payments-db';
    const api = mockDrApi();
    api.getDrills.mockResolvedValue({
      items: [drillFixture(0, { entityRef })],
      nextCursor: null,
    });
    const { authorize } = renderDr(
      <DrillHistory entityRef={entityRef} now={NOW} />,
      { api, deny: ['dr.drill.void'] },
    );

    const table = await screen.findByRole('table', { name: 'Drill history' });
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({ name: 'dr.drill.void' }),
          resourceRef: entityRef,
        }),
      ),
    );
    // Let the decision render before asserting what it hides.
    await act(async () => {
      await Promise.all(authorize.mock.results.map(r => r.value));
    });
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
    expect(within(table).queryByText('Actions')).not.toBeInTheDocument();
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
