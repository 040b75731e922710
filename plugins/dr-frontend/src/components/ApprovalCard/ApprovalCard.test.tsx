/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import { NOW, approvalFixture, mockDrApi } from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { ApprovalCard } from './ApprovalCard';

const approvers = ['group:default/team-orders', 'group:default/platform-team'];

describe('ApprovalCard', () => {
  it('shows approve and reject disabled, with why not and who can decide', async () => {
    const onDecide = jest.fn();
    renderDr(
      <ApprovalCard
        approval={approvalFixture({
          canDecide: false,
          decidableBy: {
            approvers,
            reason:
              'You are not an owner of resource:default/orders-db (group:default/team-orders) nor in group:default/platform-team.',
          },
        })}
        now={NOW}
        onDecide={onDecide}
      />,
      { api: mockDrApi() },
    );
    const request = await screen.findByRole('article');
    const approve = within(request).getByRole('button', { name: 'Approve' });
    expect(approve).toBeDisabled();
    expect(approve).toHaveAccessibleDescription(
      'You are not an owner of resource:default/orders-db (group:default/team-orders) nor in group:default/platform-team.',
    );
    expect(
      within(request).getByRole('button', { name: 'Reject' }),
    ).toBeDisabled();
    expect(request).toHaveTextContent(
      'Who can decide: team-orders, platform-team',
    );
    expect(
      within(request).getByRole('link', { name: 'team-orders' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-orders');
  });

  it('tells requesters who will decide on their own request, even where they cannot decide', async () => {
    renderDr(
      <ApprovalCard
        approval={approvalFixture({
          canDecide: false,
          decidableBy: {
            approvers,
            reason: 'This is your own request: someone else must approve it.',
          },
        })}
        now={NOW}
      />,
      { api: mockDrApi() },
    );
    const request = await screen.findByRole('article');
    expect(
      within(request).getByRole('button', { name: 'Approve' }),
    ).toHaveAccessibleDescription(
      'This is your own request: someone else must approve it.',
    );
    expect(request).toHaveTextContent(
      'Who can decide: team-orders, platform-team',
    );
  });

  it('offers no decision on a request that is no longer pending', async () => {
    renderDr(
      <ApprovalCard
        approval={approvalFixture({
          status: 'approved',
          canDecide: false,
          decidableBy: {
            approvers,
            reason: 'This request is already approved.',
          },
        })}
        now={NOW}
        onDecide={jest.fn()}
      />,
      { api: mockDrApi() },
    );
    const request = await screen.findByRole('article');
    expect(within(request).queryByRole('button')).not.toBeInTheDocument();
  });
});
