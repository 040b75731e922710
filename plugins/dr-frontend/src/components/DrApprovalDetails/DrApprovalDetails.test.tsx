/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { Route, Routes } from 'react-router-dom';
import { screen } from '@testing-library/react';
import {
  NOW,
  approvalFixture,
  mockDrApi,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { DrApprovalDetails } from './DrApprovalDetails';

function renderDetails(api = mockDrApi(), id = 'approval-1') {
  renderDr(
    <Routes>
      <Route path="/dr/approvals/:approvalId" element={<DrApprovalDetails />} />
    </Routes>,
    { api, initialRouteEntries: [`/dr/approvals/${id}`] },
  );
  return api;
}

describe('DrApprovalDetails', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: NOW,
      doNotFake: ['setTimeout', 'queueMicrotask'],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('shows the request the link names, and approve for someone who may decide it', async () => {
    const api = mockDrApi();
    api.getApproval.mockResolvedValue({
      ...approvalFixture(),
      canDecide: true,
    });
    renderDetails(api, 'approval-1');
    expect(
      await screen.findByRole('article', {
        name: /Restore orders_full_0\.sql\.gz to Staging PostgreSQL/,
      }),
    ).toBeInTheDocument();
    expect(api.getApproval).toHaveBeenCalledWith('approval-1');
    expect(screen.getByRole('button', { name: /Approve/ })).toBeInTheDocument();
  });

  it('shows how an executed restore ended, with its task, and no decision buttons', async () => {
    const api = mockDrApi();
    api.getApproval.mockResolvedValue({
      ...approvalFixture(),
      status: 'executed',
      canDecide: false,
      outcome: 'failed',
      outcomeMessage: 'psql failed (exit 3): syntax error',
      executionTaskId: 'task-9',
    });
    renderDetails(api);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'The restore failed: psql failed (exit 3): syntax error',
    );
    expect(
      screen.getByRole('link', { name: 'Open the restore task and its log' }),
    ).toHaveAttribute('href', '/create/tasks/task-9');
    expect(
      screen.queryByRole('button', { name: /Approve/ }),
    ).not.toBeInTheDocument();
  });

  it('shows someone who may not decide why not and who can, instead of hiding the decision', async () => {
    const api = mockDrApi();
    api.getApproval.mockResolvedValue({
      ...approvalFixture(),
      canDecide: false,
      decidableBy: {
        approvers: ['group:default/team-orders', 'group:default/platform-team'],
        reason:
          'You are not an owner of resource:default/orders-db (group:default/team-orders) nor in group:default/platform-team.',
      },
    });
    renderDetails(api);
    const approve = await screen.findByRole('button', { name: 'Approve' });
    expect(approve).toBeDisabled();
    expect(
      screen.getByText(
        'You are not an owner of resource:default/orders-db (group:default/team-orders) nor in group:default/platform-team.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('article', { name: /^Restore orders_full_0/ }),
    ).toHaveTextContent('Who can decide: team-orders, platform-team');
  });

  it('says so when the request does not exist or may not be seen', async () => {
    const api = mockDrApi();
    api.getApproval.mockRejectedValue(
      await responseError(404, 'No restore approval nope'),
    );
    renderDetails(api, 'nope');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load this restore request');
    expect(alert).toHaveTextContent('No restore approval nope');
  });
});
