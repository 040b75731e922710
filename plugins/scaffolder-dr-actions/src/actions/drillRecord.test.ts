/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  expectExamplesMatchSchema,
  mockAccess,
} from '../__testUtils__/actionTestKit';
import { createDrDrillRecordAction } from './drillRecord';

describe('dr:drill:record', () => {
  it('measures RTO from restore start to verified and RPO as the backup’s age, and reports the outcome', async () => {
    const access = mockAccess({
      getApproval: jest.fn().mockResolvedValue({
        requester: 'user:default/alice',
        decisions: [{ approver: 'user:default/bob' }],
      }),
      recordDrill: jest.fn().mockResolvedValue({ id: 'd1' }),
      reportApprovalOutcome: jest.fn().mockResolvedValue({}),
      getPosture: jest.fn().mockResolvedValue({
        overall: 'ok',
        rto: { status: 'met', targetSeconds: 1800 },
        rpo: { status: 'met' },
      }),
    });
    const ctx = createMockActionContext({
      input: {
        entityRef: 'resource:default/orders-db',
        scenario: 'database-corruption',
        approvalId: 'a1',
        backupId: 'b1',
        restoreStartedAt: '2026-11-21T10:00:00.000Z',
        verifiedAt: '2026-11-21T10:12:30.000Z',
        backupCompletedAt: '2026-11-21T09:40:00.000Z',
      },
    });
    await createDrDrillRecordAction({ access }).handler(ctx as any);

    expect(access.api.recordDrill).toHaveBeenCalledWith(
      'resource:default/orders-db',
      expect.objectContaining({
        outcome: 'succeeded',
        measuredRtoSeconds: 750,
        measuredRpoSeconds: 1200,
        participants: ['user:default/alice', 'user:default/bob'],
        approvalId: 'a1',
        taskId: 'mock-task-id',
      }),
      { token: 'token-for-scaffolder' },
    );
    expect(access.api.reportApprovalOutcome).toHaveBeenCalledWith(
      'a1',
      {
        outcome: 'succeeded',
        message: 'Restored and verified in 12 min from a backup 20 min old',
        drillId: 'd1',
      },
      { token: 'token-for-scaffolder' },
    );
    expect(ctx.output).toHaveBeenCalledWith('rtoStatus', 'met');
    expect(ctx.output).toHaveBeenCalledWith('overall', 'ok');
  });

  it('records a restore no check verified as an unverified drill and says so', async () => {
    const access = mockAccess({
      recordDrill: jest.fn().mockResolvedValue({ id: 'd2' }),
      reportApprovalOutcome: jest.fn().mockResolvedValue({}),
      getApproval: jest.fn().mockResolvedValue({
        requester: 'user:default/alice',
        decisions: [],
      }),
      getPosture: jest.fn().mockResolvedValue({
        overall: 'ok',
        rto: { status: 'met', targetSeconds: 1800 },
        rpo: { status: 'breached', targetSeconds: 900 },
      }),
    });
    const ctx = createMockActionContext({
      input: {
        entityRef: 'resource:default/orders-db',
        scenario: 'database-corruption',
        approvalId: 'a1',
        restoreStartedAt: '2026-11-21T10:00:00.000Z',
        verifiedAt: '2026-11-21T10:00:01.000Z',
        backupCompletedAt: '2026-11-21T07:42:00.000Z',
        verified: false,
      },
    });
    await createDrDrillRecordAction({ access }).handler(ctx as any);

    expect(access.api.recordDrill).toHaveBeenCalledWith(
      'resource:default/orders-db',
      expect.objectContaining({ outcome: 'unverified' }),
      { token: 'token-for-scaffolder' },
    );
    expect(access.api.reportApprovalOutcome).toHaveBeenCalledWith(
      'a1',
      {
        outcome: 'succeeded',
        message:
          'Restored, not verified: no checks were configured (restore took 1 s)',
        drillId: 'd2',
      },
      { token: 'token-for-scaffolder' },
    );
    expect(ctx.output).toHaveBeenCalledWith('outcome', 'unverified');
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      'Restored, not verified: no checks were configured. Restore took 1 s; RPO 2 h 18 min, over the 15 min target.',
    );
  });

  it('summarizes a verified restore in human durations and flags misses', async () => {
    const access = mockAccess({
      recordDrill: jest.fn().mockResolvedValue({ id: 'd3' }),
      getPosture: jest.fn().mockResolvedValue({
        overall: 'breach',
        rto: { status: 'met', targetSeconds: 1800 },
        rpo: { status: 'breached', targetSeconds: 900 },
      }),
    });
    const ctx = createMockActionContext({
      input: {
        entityRef: 'resource:default/orders-db',
        scenario: 'database-corruption',
        participants: [],
        restoreStartedAt: '2026-11-21T10:00:00.000Z',
        verifiedAt: '2026-11-21T10:00:01.000Z',
        backupCompletedAt: '2026-11-21T07:42:00.000Z',
        verified: true,
      },
    });
    await createDrDrillRecordAction({ access }).handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('outcome', 'succeeded');
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      'Restored and verified. RTO 1 s, within the 30 min target; RPO 2 h 18 min, over the 15 min target.',
    );
  });

  it('refuses times that make no sense', async () => {
    const ctx = createMockActionContext({
      input: {
        entityRef: 'resource:default/x',
        scenario: 's',
        restoreStartedAt: '2026-11-21T10:00:00Z',
        verifiedAt: '2026-11-21T09:00:00Z',
      },
    });
    await expect(
      createDrDrillRecordAction({ access: mockAccess() }).handler(ctx as any),
    ).rejects.toThrow(/verifiedAt after restoreStartedAt/);
  });

  it('has examples that match its schema', () => {
    expectExamplesMatchSchema(
      createDrDrillRecordAction({ access: mockAccess() }),
    );
  });
});
