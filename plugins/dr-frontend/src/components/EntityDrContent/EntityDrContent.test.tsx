/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  fireEvent,
  screen,
  waitFor,
  waitForElementToBeRemoved,
  within,
} from '@testing-library/react';
import {
  drDrillCreatePermission,
  drRestoreRequestPermission,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  NOW,
  ORDERS_REF,
  drillFixture,
  entityDrApi,
  entityNamed,
  minutesAgo,
  ordersEntity,
  postureFixture,
  responseError,
} from '../../__testUtils__/fixtures';
import {
  renderDr,
  setupUser,
  testSignalApi,
} from '../../__testUtils__/render';
import { toLocalInput } from '../RecordDrillDialog/drillForm';
import { EntityDrContent } from './EntityDrContent';

/** Names of the permissions the page asked about; other sections ask too. */
function checkedPermissions(authorize: jest.Mock): string[] {
  return authorize.mock.calls.map(([request]) => request.permission.name);
}

/**
 * Waits for one of the DR actions by its text, then finds it by role among
 * the actions: a role query computes the name of every element with that role
 * on this large page, and waiting would repeat it on every change.
 */
async function findButton(name: string): Promise<HTMLElement> {
  await screen.findByText(name);
  return within(screen.getByRole('group', { name: 'DR actions' })).getByRole(
    'button',
    { name },
  );
}

describe('EntityDrContent', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: NOW,
      doNotFake: ['setTimeout', 'queueMicrotask'],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('shows RPO, RTO and drills at a glance when the objectives are met', async () => {
    const api = entityDrApi();
    renderDr(<EntityDrContent />, { api, entity: ordersEntity });

    const rpo = await screen.findByRole('region', { name: 'RPO' });
    expect(rpo).toHaveTextContent('Met');
    expect(rpo).toHaveTextContent('target 15 min · last good backup 7 min ago');
    expect(rpo).toHaveTextContent('Target of the tier tier-1.');
    const rto = screen.getByRole('region', { name: 'RTO' });
    expect(rto).toHaveTextContent('Met');
    expect(rto).toHaveTextContent('target 1 h · measured 22 min');
    expect(rto).toHaveTextContent('In the last successful drill');
    const drills = screen.getByRole('region', { name: 'Drills' });
    expect(drills).toHaveTextContent('Current');
    expect(drills).toHaveTextContent('next due');
    expect(drills).toHaveTextContent('(in 78 d)');
    expect(screen.getByText('OK')).toBeInTheDocument();
    expect(api.getPosture).toHaveBeenCalledWith(ORDERS_REF);
  });

  it("shows a system without objectives of its own by its parts' postures, not as an undrilled entity", async () => {
    const shop = {
      ...ordersEntity,
      kind: 'System',
      metadata: { name: 'shop', title: 'Acme Shop', annotations: {} },
    };
    const api = entityDrApi(
      postureFixture({
        entityRef: 'system:default/shop',
        overall: 'none',
        dependenciesOverall: 'breach',
        dependencies: [
          {
            entityRef: 'resource:default/catalog-db',
            relation: 'hasPart',
            title: 'Product catalog database',
            overall: 'breach',
            rpoStatus: 'breached',
            rtoStatus: 'met',
            drillStatus: 'current',
          },
        ],
      }),
    );
    renderDr(<EntityDrContent />, { api, entity: shop });

    expect(
      await screen.findByText(/Judged by its parts/),
    ).toBeInTheDocument();
    const parts = screen.getByRole('table', { name: 'Parts of this system' });
    expect(parts).toHaveTextContent('Product catalog database');
    expect(screen.queryByRole('region', { name: 'RPO' })).toBeNull();
    expect(screen.queryByText('Never drilled')).toBeNull();
  });

  it('re-reads the posture and drills when a restore of the entity finishes elsewhere', async () => {
    const api = entityDrApi();
    const signals = testSignalApi();
    renderDr(<EntityDrContent />, { api, entity: ordersEntity, signals });
    await screen.findByRole('region', { name: 'RPO' });
    await screen.findByRole('table', { name: 'Drill history' });
    const drillReads = api.getDrills.mock.calls.length;
    api.getPosture.mockResolvedValue(
      postureFixture({ overall: 'breach' }),
    );

    signals.push(`dr:entity:${ORDERS_REF}`, {
      approvalId: 'approval-1',
      status: 'executed',
      outcome: 'failed',
    });

    // The headline now says Breach too, beside the dependencies' Breach.
    await waitFor(() => expect(screen.getAllByText('Breach')).toHaveLength(2));
    expect(api.getPosture).toHaveBeenCalledTimes(2);
    await waitFor(() =>
      expect(api.getDrills.mock.calls.length).toBeGreaterThan(drillReads),
    );
  });

  it('says what is breached and how to fix the set-up', async () => {
    const api = entityDrApi(
      postureFixture({
        overall: 'breach',
        rpo: {
          status: 'breached',
          targetSeconds: 86400,
          actualSeconds: 3 * 86400,
          lastSuccessfulBackupAt: minutesAgo(3 * 24 * 60),
        },
        dependencies: [],
        dependenciesOverall: null,
        problems: [
          {
            code: 'plan-missing',
            severity: 'info',
            message: 'No DR plan is linked, so there are no runbooks.',
            fix: 'Add dr.backstage.io/plan: ./dr-plan.yaml.',
          },
          {
            code: 'source-stale',
            severity: 'warning',
            message: 'Backup source "demo" has failed to index.',
            fix: 'Check that the source is reachable.',
          },
        ],
      }),
    );
    renderDr(<EntityDrContent />, { api, entity: ordersEntity });

    const rpo = await screen.findByRole('region', { name: 'RPO' });
    expect(rpo).toHaveTextContent('Breached');
    expect(rpo).toHaveTextContent('target 1 d · last good backup 3 d ago');
    expect(screen.getByText('Breach')).toBeInTheDocument();
    const problems = screen.getByRole('region', { name: 'Problems' });
    const alerts = within(problems).getAllByRole('alert');
    // Worst first.
    expect(alerts[0]).toHaveTextContent(
      'Backup source "demo" has failed to index.',
    );
    expect(alerts[0]).toHaveTextContent(
      'How to fix: Check that the source is reachable.',
    );
    expect(alerts[1]).toHaveTextContent('No DR plan is linked');
  });

  it('says when nothing could be measured yet', async () => {
    const api = entityDrApi(
      postureFixture({
        overall: 'at-risk',
        rpo: {
          status: 'unknown',
          targetSeconds: 900,
          actualSeconds: null,
          lastSuccessfulBackupAt: null,
        },
        rto: {
          status: 'unknown',
          targetSeconds: 3600,
          measuredSeconds: null,
          lastSuccessfulDrillAt: null,
        },
        drills: {
          status: 'never',
          lastDrillAt: null,
          lastDrillOutcome: null,
          cadenceDays: 90,
          nextDueAt: null,
        },
      }),
    );
    renderDr(<EntityDrContent />, { api, entity: ordersEntity });

    const rpo = await screen.findByRole('region', { name: 'RPO' });
    expect(rpo).toHaveTextContent('Unknown');
    expect(rpo).toHaveTextContent('target 15 min · no good backup found');
    const rto = screen.getByRole('region', { name: 'RTO' });
    expect(rto).toHaveTextContent('target 1 h · not measured yet');
    expect(rto).toHaveTextContent('Record a successful drill');
    const drills = screen.getByRole('region', { name: 'Drills' });
    expect(drills).toHaveTextContent('Never drilled');
    expect(drills).toHaveTextContent('no successful drill recorded');
    expect(screen.getByText('At risk')).toBeInTheDocument();
  });

  it('holds the layout while the posture loads', async () => {
    const api = entityDrApi();
    api.getPosture.mockReturnValue(new Promise(() => {}));
    renderDr(<EntityDrContent />, { api, entity: ordersEntity });

    expect(
      screen.getByRole('progressbar', { name: 'Loading the DR posture' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'RPO' }),
    ).not.toBeInTheDocument();
    // The other sections do not wait for the posture.
    expect(
      await screen.findByRole('table', { name: 'Backups' }),
    ).toBeInTheDocument();
  });

  it('offers a retry when the posture fails, and keeps the other sections', async () => {
    const api = entityDrApi();
    api.getPosture
      .mockRejectedValueOnce(await responseError(500, 'database is down'))
      .mockResolvedValueOnce(postureFixture());
    renderDr(<EntityDrContent />, { api, entity: ordersEntity });

    expect(
      await screen.findByText('Could not load the DR posture'),
    ).toBeInTheDocument();
    expect(screen.getByText('database is down')).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Backups' })).toBeInTheDocument();

    await setupUser().click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('region', { name: 'RPO' }),
    ).toHaveTextContent('Met');
  });

  it('says once, and plainly, that the user may not read DR data', async () => {
    const api = entityDrApi();
    api.getPosture.mockRejectedValue(
      await responseError(403, 'not allowed', 'NotAllowedError'),
    );
    renderDr(<EntityDrContent />, { api, entity: ordersEntity });

    expect(
      await screen.findByText("You cannot see this entity's DR posture"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the dr.posture.read permission/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Try again')).not.toBeInTheDocument();
    expect(screen.queryByText('Backups')).not.toBeInTheDocument();
  });

  it('links "Restore to staging" and "Run a DR drill" to their templates with the entity filled in', async () => {
    const api = entityDrApi();
    renderDr(<EntityDrContent />, { api, entity: ordersEntity });

    const formData = encodeURIComponent(
      JSON.stringify({ entityRef: ORDERS_REF }),
    );
    expect(await findButton('Restore to staging')).toHaveAttribute(
      'href',
      `/create/templates/default/restore-to-staging?formData=${formData}`,
    );
    expect(await findButton('Run a DR drill')).toHaveAttribute(
      'href',
      `/create/templates/default/dr-drill?formData=${formData}`,
    );
    expect(await findButton('Record a drill')).toBeInTheDocument();
  });

  it('hides the actions from users without permission', async () => {
    const api = entityDrApi();
    const { authorize } = renderDr(<EntityDrContent />, {
      api,
      entity: entityNamed('orders-service-read-only'),
      deny: [drRestoreRequestPermission.name, drDrillCreatePermission.name],
    });

    await screen.findByRole('region', { name: 'RPO' });
    await waitFor(() =>
      expect(checkedPermissions(authorize)).toEqual(
        expect.arrayContaining([
          drRestoreRequestPermission.name,
          drDrillCreatePermission.name,
        ]),
      ),
    );
    expect(screen.queryByText('Restore to staging')).not.toBeInTheDocument();
    expect(screen.queryByText('Run a DR drill')).not.toBeInTheDocument();
    expect(screen.queryByText('Record a drill')).not.toBeInTheDocument();
  });

  it('offers no restore for an entity without backup sources', async () => {
    const api = entityDrApi(postureFixture({ sources: [] }));
    renderDr(<EntityDrContent />, { api, entity: ordersEntity });

    expect(await findButton('Record a drill')).toBeInTheDocument();
    await screen.findByRole('region', { name: 'RPO' });
    expect(screen.queryByText('Restore to staging')).not.toBeInTheDocument();
    expect(screen.queryByText('Run a DR drill')).not.toBeInTheDocument();
  });

  it('lets a user with drill permission but no restore permission record drills only', async () => {
    const api = entityDrApi();
    const { authorize } = renderDr(<EntityDrContent />, {
      api,
      entity: entityNamed('orders-service-drills-only'),
      deny: [drRestoreRequestPermission.name],
    });
    await waitFor(() =>
      expect(checkedPermissions(authorize)).toEqual(
        expect.arrayContaining([
          drRestoreRequestPermission.name,
          drDrillCreatePermission.name,
        ]),
      ),
    );

    expect(await findButton('Record a drill')).toBeInTheDocument();
    expect(screen.queryByText('Restore to staging')).not.toBeInTheDocument();
    expect(screen.queryByText('Run a DR drill')).not.toBeInTheDocument();
  });

  it('records a drill and shows it in the refreshed tab', async () => {
    const api = entityDrApi();
    const recorded = drillFixture(1, {
      scenario: 'database-corruption',
      notes: 'Quarterly drill',
      completedAt: minutesAgo(5),
    });
    api.recordDrill.mockResolvedValue(recorded);
    const user = setupUser();
    renderDr(<EntityDrContent />, { api, entity: ordersEntity });

    await user.click(await findButton('Record a drill'));
    const dialog = screen.getByRole('dialog', { name: 'Record a drill' });
    // The dialog starts empty: scenario, times and outcome are given.
    await user.click(within(dialog).getByLabelText(/Scenario/));
    await user.click(
      screen.getByRole('option', { name: /\(database-corruption\)$/ }),
    );
    fireEvent.change(within(dialog).getByLabelText(/Started/), {
      target: { value: toLocalInput(Date.now() - 3600_000) },
    });
    fireEvent.change(within(dialog).getByLabelText(/Completed/), {
      target: { value: toLocalInput(Date.now() - 600_000) },
    });
    await user.click(within(dialog).getByLabelText('Succeeded'));
    await user.type(within(dialog).getByLabelText('Measured RTO'), '25m');
    await user.click(within(dialog).getByLabelText('Notes'));
    await user.paste('Quarterly drill');
    api.getDrills.mockResolvedValue({ items: [recorded], nextCursor: null });
    await user.click(within(dialog).getByRole('button', { name: 'Review' }));
    expect(
      await within(dialog).findByText(
        'Record a succeeded drill of database-corruption: 25 min, notes: “Quarterly drill”',
      ),
    ).toBeInTheDocument();
    await user.click(
      within(dialog).getByRole('button', { name: 'Record drill' }),
    );

    await waitForElementToBeRemoved(dialog);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.recordDrill).toHaveBeenCalledWith(
      ORDERS_REF,
      expect.objectContaining({
        scenario: 'database-corruption',
        outcome: 'succeeded',
        measuredRtoSeconds: 1500,
        notes: 'Quarterly drill',
      }),
    );
    expect(await screen.findByText('Quarterly drill')).toBeInTheDocument();
    expect(api.getPosture).toHaveBeenCalledTimes(2);
  });
});
