/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  NOW,
  approvalFixture,
  minutesAgo,
  mockDrApi,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderDr, testSignalApi } from '../../__testUtils__/render';
import { DrApprovalsPageContent } from './DrApprovalsPage';

function renderInbox(api = mockDrApi(), url = '/dr/approvals') {
  renderDr(<DrApprovalsPageContent />, { api, initialRouteEntries: [url] });
  return api;
}

describe('DrApprovalsPageContent', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: NOW,
      doNotFake: ['setTimeout', 'queueMicrotask'],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('shows exactly what will be restored where, by whom and why', async () => {
    const api = mockDrApi();
    api.listApprovals.mockResolvedValue({
      items: [approvalFixture()],
      totalCount: 1,
    });
    renderInbox(api);

    const request = await screen.findByRole('article', {
      name: 'Restore orders_full_0.sql.gz to Staging PostgreSQL',
    });
    expect(request).toHaveTextContent(
      'Requested by alice 30 min ago · expires in 3 h',
    );
    expect(request).toHaveTextContent(
      'Check last night’s orders against the 06:00 dump.',
    );
    const what = within(request).getByRole('region', {
      name: 'What is restored',
    });
    expect(what).toHaveTextContent('Entityresource:default/orders-db');
    expect(what).toHaveTextContent('Keyorders-db/orders_full_0.sql.gz');
    expect(what).toHaveTextContent('Typefull');
    expect(what).toHaveTextContent('(7 min ago)');
    expect(what).toHaveTextContent('Size12.3 MB');
    const where = within(request).getByRole('region', { name: 'Where to' });
    expect(where).toHaveTextContent('TargetStaging PostgreSQL');
    expect(where).toHaveTextContent('Environmentstaging');
    expect(where).toHaveTextContent('Scenariodatabase-corruption');
    const details = within(request).getByRole('region', { name: 'Request' });
    expect(
      within(details).getByRole('link', { name: /INC-42/ }),
    ).toHaveAttribute('href', 'https://tickets.example/INC-42');
    expect(details).toHaveTextContent('Approvals1 of 2 needed');
    expect(request).toHaveTextContent(
      'Orders exist: SQL: select count(*) from orders, expects at least 1 rows',
    );
    expect(request).toHaveTextContent('carol approved 5 min ago: “Fine by me”');
    expect(api.listApprovals).toHaveBeenCalledWith({
      view: 'decide',
      status: ['pending'],
      limit: 100,
    });
  });

  it('shows a request filed elsewhere as soon as the backend signals it, without a reload', async () => {
    const api = mockDrApi();
    api.listApprovals
      .mockResolvedValueOnce({ items: [], totalCount: 0 })
      .mockResolvedValue({ items: [approvalFixture()], totalCount: 1 });
    const signals = testSignalApi();
    renderDr(<DrApprovalsPageContent />, {
      api,
      signals,
      initialRouteEntries: ['/dr/approvals'],
    });
    await waitFor(() => expect(api.listApprovals).toHaveBeenCalledTimes(1));

    signals.push('dr:approvals', {
      approvalId: 'approval-1',
      status: 'pending',
      outcome: null,
    });

    expect(
      await screen.findByText(
        'Check last night’s orders against the 06:00 dump.',
      ),
    ).toBeInTheDocument();
    expect(api.listApprovals).toHaveBeenCalledTimes(2);
  });

  it('approves with an optional comment and refreshes the inbox', async () => {
    const api = mockDrApi();
    api.listApprovals
      .mockResolvedValueOnce({ items: [approvalFixture()], totalCount: 1 })
      .mockResolvedValue({ items: [], totalCount: 0 });
    api.decideApproval.mockResolvedValue(
      approvalFixture({ status: 'approved' }),
    );
    renderInbox(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Approve this restore?',
    });
    expect(dialog).toHaveTextContent(
      'Approve restoring orders_full_0.sql.gz of resource:default/orders-db to Staging PostgreSQL (staging), requested by user:default/alice.',
    );
    await userEvent.type(within(dialog).getByLabelText('Comment'), 'Go ahead');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve restore' }),
    );

    expect(
      await screen.findByText('Nothing is waiting for your decision.'),
    ).toBeInTheDocument();
    expect(api.decideApproval).toHaveBeenCalledWith('approval-1', {
      decision: 'approve',
      comment: 'Go ahead',
    });
  });

  it('asks why before rejecting', async () => {
    const api = mockDrApi();
    api.listApprovals.mockResolvedValue({
      items: [approvalFixture()],
      totalCount: 1,
    });
    api.decideApproval.mockResolvedValue(
      approvalFixture({ status: 'rejected' }),
    );
    renderInbox(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Reject this restore?' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reject restore' }),
    );
    expect(
      within(dialog).getByText(
        'Say why, so the requester can fix the request.',
      ),
    ).toBeInTheDocument();
    expect(api.decideApproval).not.toHaveBeenCalled();

    await userEvent.type(
      within(dialog).getByLabelText(/Comment/),
      'Wrong target',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reject restore' }),
    );
    await waitFor(() =>
      expect(api.decideApproval).toHaveBeenCalledWith('approval-1', {
        decision: 'reject',
        comment: 'Wrong target',
      }),
    );
  });

  it('keeps the dialog open and says why when the decision fails', async () => {
    const api = mockDrApi();
    api.listApprovals.mockResolvedValue({
      items: [approvalFixture()],
      totalCount: 1,
    });
    api.decideApproval.mockRejectedValue(
      await responseError(
        409,
        'The request was already decided',
        'ConflictError',
      ),
    );
    renderInbox(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve restore' }),
    );
    expect(
      await within(dialog).findByText(
        'The decision was not saved: The request was already decided',
      ),
    ).toBeInTheDocument();
  });

  it('explains why a request cannot be decided, and hides decisions on expired ones', async () => {
    const api = mockDrApi();
    api.listApprovals.mockResolvedValue({
      items: [
        approvalFixture({ canDecide: false }),
        approvalFixture({
          id: 'approval-2',
          expiresAt: minutesAgo(10),
          backup: { ...approvalFixture().backup, name: 'old.sql.gz' },
        }),
      ],
      totalCount: 2,
    });
    renderInbox(api);

    expect(
      await screen.findByText(/requesters never approve their own restores/),
    ).toBeInTheDocument();
    const expired = screen.getByRole('article', {
      name: 'Restore old.sql.gz to Staging PostgreSQL',
    });
    expect(expired).toHaveTextContent('expired 10 min ago');
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
  });

  it("shows the user's own requests, read-only, on the second tab", async () => {
    const api = mockDrApi();
    api.listApprovals.mockImplementation(async query =>
      query?.view === 'requested'
        ? {
            items: [approvalFixture({ status: 'approved', canDecide: false })],
            totalCount: 1,
          }
        : { items: [], totalCount: 0 },
    );
    renderInbox(api);

    await screen.findByText('Nothing is waiting for your decision.');
    await userEvent.click(
      screen.getByRole('button', { name: 'Requested by me' }),
    );

    const request = await screen.findByRole('article', {
      name: /^Restore orders_full_0/,
    });
    expect(request).toHaveTextContent('Approved');
    expect(
      within(request).queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(api.listApprovals).toHaveBeenLastCalledWith({
      view: 'requested',
      limit: 100,
    });
  });

  it('loads the next page with the cursor of the page before', async () => {
    const api = mockDrApi();
    api.listApprovals.mockImplementation(async query =>
      query?.cursor === 'page-2'
        ? {
            items: [
              approvalFixture({
                id: 'approval-2',
                backup: { ...approvalFixture().backup, name: 'older.sql.gz' },
              }),
            ],
            totalCount: 2,
            nextCursor: null,
          }
        : { items: [approvalFixture()], totalCount: 2, nextCursor: 'page-2' },
    );
    renderInbox(api);

    expect(
      await screen.findByText('Showing 1 of 2, newest first.'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(
      await screen.findByRole('article', {
        name: 'Restore older.sql.gz to Staging PostgreSQL',
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('article', { name: /^Restore / })).toHaveLength(
      2,
    );
    expect(
      screen.queryByRole('button', { name: 'Show more' }),
    ).not.toBeInTheDocument();
    expect(api.listApprovals).toHaveBeenLastCalledWith({
      view: 'decide',
      status: ['pending'],
      limit: 100,
      cursor: 'page-2',
    });
  });

  it('says who decides on the requests the user filed', async () => {
    const api = mockDrApi();
    api.listApprovals.mockResolvedValue({
      items: [
        approvalFixture({
          canDecide: false,
          decidableBy: {
            approvers: ['group:default/team-orders'],
            reason: 'This is your own request: someone else must approve it.',
          },
        }),
      ],
      totalCount: 1,
      nextCursor: null,
    });
    renderInbox(api, '/dr/approvals?show=requested');

    const request = await screen.findByRole('article', {
      name: /^Restore orders_full_0/,
    });
    expect(request).toHaveTextContent(
      'This is your own request: someone else must approve it.',
    );
    expect(request).toHaveTextContent('Who can decide: team-orders');
    expect(
      within(request).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
  });

  it('says when the inbox cannot be loaded', async () => {
    const api = mockDrApi();
    api.listApprovals.mockRejectedValue(await responseError(500, 'boom'));
    renderInbox(api);

    expect(
      await screen.findByText('Could not load the restore approvals'),
    ).toBeInTheDocument();
    expect(screen.getByText('boom')).toBeInTheDocument();
  });
});
