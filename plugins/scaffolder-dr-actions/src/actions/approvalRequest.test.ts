/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  expectExamplesMatchSchema,
  mockAccess,
} from '../__testUtils__/actionTestKit';
import { createDrApprovalRequestAction } from './approvalRequest';

describe('dr:approval:request', () => {
  const config = new ConfigReader({
    app: { baseUrl: 'https://backstage.example' },
  });

  it('files the request as the user who runs the template and links to it', async () => {
    const access = mockAccess({
      requestApproval: jest.fn().mockResolvedValue({
        id: 'a1',
        status: 'pending',
        expiresAt: '2026-11-22T10:00:00.000Z',
        requiredApprovals: 2,
      }),
    });
    const action = createDrApprovalRequestAction({ access, config });
    const ctx = createMockActionContext({
      input: {
        entityRef: 'resource:default/orders-db',
        backupId: 'b1',
        targetId: 'orders-staging',
        reason: 'monthly test',
      },
    });
    await action.handler(ctx as any);

    expect(access.tokenOnBehalfOf).toHaveBeenCalledWith(
      await ctx.getInitiatorCredentials(),
    );
    expect(access.api.requestApproval).toHaveBeenCalledWith(
      {
        parameters: {
          entityRef: 'resource:default/orders-db',
          backupId: 'b1',
          targetId: 'orders-staging',
          kind: 'postgres',
          scenario: 'restore-test',
          checks: [],
        },
        reason: 'monthly test',
        ticket: undefined,
      },
      { token: 'token-for-user' },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'approvalUrl',
      'https://backstage.example/dr/approvals/a1',
    );
    expect(ctx.output).toHaveBeenCalledWith('status', 'pending');
  });

  it('has examples that match its schema', () => {
    expectExamplesMatchSchema(
      createDrApprovalRequestAction({ access: mockAccess(), config }),
    );
  });
});
