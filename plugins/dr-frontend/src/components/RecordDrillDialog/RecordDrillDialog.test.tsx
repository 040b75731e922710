/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  ORDERS_REF,
  drillFixture,
  mockDrApi,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderDr, setupUser } from '../../__testUtils__/render';
import { RecordDrillDialog } from './RecordDrillDialog';
import { toLocalInput } from './drillForm';

const scenarios = [
  { scenario: 'database-corruption', title: 'Orders database corrupted' },
  { scenario: 'region-loss', title: null },
];

function renderDialog(api = mockDrApi()) {
  const onRecorded = jest.fn();
  const onClose = jest.fn();
  renderDr(
    <RecordDrillDialog
      open
      entityRef={ORDERS_REF}
      scenarios={scenarios}
      onClose={onClose}
      onRecorded={onRecorded}
    />,
    { api },
  );
  return { api, onRecorded, onClose, dialog: screen.getByRole('dialog') };
}

const STARTED = toLocalInput(Date.now() - 3 * 3600_000);
const COMPLETED = toLocalInput(Date.now() - 3 * 3600_000 + 42 * 60_000);

describe('RecordDrillDialog', () => {
  // A fresh user per test, fast on a busy machine (see setupUser).
  let user: ReturnType<typeof setupUser>;
  beforeEach(() => {
    user = setupUser();
  });

  /** Fills what a drill needs: a plan scenario, times, outcome and evidence. */
  async function fillDrill(dialog: HTMLElement) {
    await user.click(within(dialog).getByLabelText(/Scenario/));
    await user.click(screen.getByRole('option', { name: 'region-loss' }));
    fireEvent.change(within(dialog).getByLabelText(/Started/), {
      target: { value: STARTED },
    });
    fireEvent.change(within(dialog).getByLabelText(/Completed/), {
      target: { value: COMPLETED },
    });
    await user.click(within(dialog).getByLabelText('Succeeded'));
    await user.click(within(dialog).getByLabelText('Evidence link'));
    await user.paste('https://runbooks.example.com/drills/42');
  }

  it('starts empty and records nothing until scenario, times, outcome and evidence are given', async () => {
    const { api, dialog } = renderDialog();

    expect(within(dialog).getByLabelText(/Started/)).toHaveValue('');
    expect(within(dialog).getByLabelText(/Completed/)).toHaveValue('');
    expect(within(dialog).getByLabelText('Succeeded')).not.toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));

    expect(
      await within(dialog).findByText(
        'Say which failure scenario was drilled.',
      ),
    ).toBeInTheDocument();
    for (const message of [
      'Enter when the drill started.',
      'Enter when the drill ended.',
      'Say how the drill ended.',
      'Link the evidence (runbook log, ticket, recording) or describe what was done in the notes.',
    ]) {
      expect(within(dialog).getByText(message)).toBeInTheDocument();
    }
    expect(api.recordDrill).not.toHaveBeenCalled();
  });

  it('shows what will be recorded and records it only once confirmed', async () => {
    const api = mockDrApi();
    const recorded = drillFixture(9, { scenario: 'region-loss' });
    api.recordDrill.mockResolvedValue(recorded);
    const { dialog, onRecorded } = renderDialog(api);

    await fillDrill(dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(
      await within(dialog).findByText(
        'Record a succeeded drill of region-loss: 42 min, evidence https://runbooks.example.com/drills/42',
      ),
    ).toBeInTheDocument();
    expect(api.recordDrill).not.toHaveBeenCalled();

    // Back keeps what was typed.
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect(within(dialog).getByLabelText('Evidence link')).toHaveValue(
      'https://runbooks.example.com/drills/42',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));
    await user.click(
      await within(dialog).findByRole('button', { name: 'Record drill' }),
    );

    await waitFor(() => expect(onRecorded).toHaveBeenCalledWith(recorded));
    expect(api.recordDrill).toHaveBeenCalledTimes(1);
    expect(api.recordDrill).toHaveBeenCalledWith(ORDERS_REF, {
      scenario: 'region-loss',
      startedAt: new Date(STARTED).toISOString(),
      completedAt: new Date(COMPLETED).toISOString(),
      outcome: 'succeeded',
      evidenceUrl: 'https://runbooks.example.com/drills/42',
    });
  });

  it("offers the plan's scenarios and records another one typed in", async () => {
    const api = mockDrApi();
    const recorded = drillFixture(9, { scenario: 'dns-outage' });
    api.recordDrill.mockResolvedValue(recorded);
    const { dialog, onRecorded } = renderDialog(api);

    await user.click(within(dialog).getByLabelText(/Scenario/));
    expect(
      screen.getAllByRole('option').map(option => option.textContent),
    ).toEqual([
      'Orders database corrupted (database-corruption)',
      'region-loss',
      'Another scenario…',
    ]);
    await user.click(screen.getByRole('option', { name: 'Another scenario…' }));
    await user.click(within(dialog).getByLabelText(/Other scenario/));
    await user.paste('dns-outage');
    fireEvent.change(within(dialog).getByLabelText(/Started/), {
      target: { value: STARTED },
    });
    fireEvent.change(within(dialog).getByLabelText(/Completed/), {
      target: { value: COMPLETED },
    });
    await user.click(within(dialog).getByLabelText('Failed'));
    await user.click(within(dialog).getByLabelText('Participants'));
    await user.paste('user:default/alice, bob');
    await user.click(within(dialog).getByLabelText('Notes'));
    await user.paste('Resolver failover by hand');
    await user.click(within(dialog).getByLabelText('Action items'));
    await user.paste('Fix DNS TTL\nRe-run');
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(
      await within(dialog).findByText(
        'Record a failed drill of dns-outage: 42 min, notes: “Resolver failover by hand”',
      ),
    ).toBeInTheDocument();
    await user.click(
      within(dialog).getByRole('button', { name: 'Record drill' }),
    );

    await waitFor(() => expect(onRecorded).toHaveBeenCalledWith(recorded));
    expect(api.recordDrill).toHaveBeenCalledWith(
      ORDERS_REF,
      expect.objectContaining({
        scenario: 'dns-outage',
        outcome: 'failed',
        participants: ['user:default/alice', 'bob'],
        actionItems: ['Fix DNS TTL', 'Re-run'],
      }),
    );
  });

  it('keeps the form and says what to fix when the input is wrong', async () => {
    const { api, dialog } = renderDialog();

    await fillDrill(dialog);
    const completed = within(dialog).getByLabelText(/Completed/);
    fireEvent.change(completed, {
      target: {
        value: (within(dialog).getByLabelText(/Started/) as HTMLInputElement)
          .value,
      },
    });
    await user.type(within(dialog).getByLabelText('Measured RPO'), 'a while');
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));

    expect(
      await within(dialog).findByText('The drill must end after it started.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Use a duration such as 45m, 1h30m or PT45M.'),
    ).toBeInTheDocument();
    expect(api.recordDrill).not.toHaveBeenCalled();
  });

  it('shows why the backend refused the drill and lets the user try again', async () => {
    const api = mockDrApi();
    api.recordDrill.mockRejectedValue(
      await responseError(400, 'Invalid body: scenario too long', 'InputError'),
    );
    const { dialog, onRecorded } = renderDialog(api);

    await fillDrill(dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));
    await user.click(
      await within(dialog).findByRole('button', { name: 'Record drill' }),
    );

    expect(
      await within(dialog).findByText(
        'The drill was not recorded: Invalid body: scenario too long',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Record drill' }),
    ).toBeEnabled();
    expect(onRecorded).not.toHaveBeenCalled();
  });

  it('closes on cancel', async () => {
    const { dialog, onClose } = renderDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
  });
});
