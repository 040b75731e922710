/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  BackupSourceRegistry,
  RestoreTargetRegistry,
  type Restorer,
  hashRestoreParameters,
} from '@dr-suite/backstage-plugin-dr-node';
import { mockAccess } from '../__testUtils__/actionTestKit';
import { createRestoreAction } from './createRestoreAction';
import { restorePostgresInputSchema } from './inputSchemas';

const config = mockServices.rootConfig({
  data: {
    dr: {
      sources: { vol: { type: 'filesystem', directory: '/backups' } },
      restoreTargets: {
        'orders-staging': {
          type: 'postgres',
          connection: { user: 'u', database: 'orders_staging' },
        },
      },
    },
  },
});

const input = {
  approvalId: 'a1',
  entityRef: 'resource:default/orders-db',
  backupId: 'b1',
  targetId: 'orders-staging',
  scenario: 'database-corruption',
  checks: [],
  jobs: 2,
};

const approval = {
  id: 'a1',
  decisions: [{ approver: 'user:default/bob' }],
  backup: {
    sourceId: 'vol',
    key: 'db/dump.sql',
    name: 'dump.sql',
    sizeBytes: 10,
    completedAt: '2026-11-21T00:00:00.000Z',
  },
};

/** A restorer of its own kind's contract, as a new module would write one. */
function fakeRestorer(
  overrides: Partial<Restorer<{ jobs: number }, { database: string }>> = {},
) {
  return {
    kind: 'postgres' as const,
    validate: jest.fn(),
    execute: jest.fn(async ({ phases, options }) => {
      await phases.phase('load', async () => undefined);
      await phases.phase('switch', async () => undefined);
      return { output: { database: `orders_staging_${options.jobs}` } };
    }),
    ...overrides,
  };
}

function setup(restorer: ReturnType<typeof fakeRestorer>) {
  const access = mockAccess({
    claimApproval: jest.fn().mockResolvedValue(approval),
    reportApprovalOutcome: jest.fn().mockResolvedValue({}),
  });
  const action = createRestoreAction({
    id: 'dr:restore:test',
    description: 'Restores for the test',
    examples: [],
    inputSchema: restorePostgresInputSchema,
    output: { database: z => z.string() },
    restorer,
    runOptions: parsed => ({ jobs: parsed.jobs }),
    access,
    sources: BackupSourceRegistry.fromConfig(config, {
      logger: mockServices.logger.mock(),
    }),
    targets: RestoreTargetRegistry.fromConfig(config),
  });
  return { access, action };
}

describe('createRestoreAction', () => {
  it('claims, validates and runs the restorer once, and outputs its facts with timings and phases', async () => {
    const restorer = fakeRestorer();
    const { access, action } = setup(restorer);
    const ctx = createMockActionContext({ input });
    const checkpoint = jest.spyOn(ctx, 'checkpoint');
    await action.handler(ctx as any);

    const { approvalId: _approvalId, jobs: _jobs, ...approved } = input;
    expect(access.api.claimApproval).toHaveBeenCalledWith(
      'a1',
      {
        parameterHash: hashRestoreParameters({ kind: 'postgres', ...approved }),
        taskId: 'mock-task-id',
      },
      { token: 'token-for-scaffolder' },
    );
    expect(checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({ key: 'dr-restore-postgres-a1' }),
    );
    expect(restorer.validate).toHaveBeenCalledWith(
      expect.objectContaining({
        backup: approval.backup,
        target: expect.objectContaining({ id: 'orders-staging' }),
        source: expect.objectContaining({ id: 'vol', type: 'filesystem' }),
      }),
    );
    expect(restorer.execute).toHaveBeenCalledTimes(1);
    expect(ctx.output).toHaveBeenCalledWith('database', 'orders_staging_2');
    expect(ctx.output).toHaveBeenCalledWith(
      'backupCompletedAt',
      '2026-11-21T00:00:00.000Z',
    );
    expect(ctx.output).toHaveBeenCalledWith('phases', [
      expect.objectContaining({
        name: 'load',
        durationSeconds: expect.any(Number),
      }),
      expect.objectContaining({
        name: 'switch',
        durationSeconds: expect.any(Number),
      }),
    ]);
  });

  it('reports a restore its restorer refuses as failed, and never runs it', async () => {
    const restorer = fakeRestorer({
      validate: jest.fn(() => {
        throw new InputError('Backups of source "vol" cannot be restored here');
      }),
    });
    const { access, action } = setup(restorer);
    await expect(
      action.handler(createMockActionContext({ input }) as any),
    ).rejects.toThrow('Backups of source "vol" cannot be restored here');
    expect(restorer.execute).not.toHaveBeenCalled();
    expect(access.api.reportApprovalOutcome).toHaveBeenCalledWith(
      'a1',
      {
        outcome: 'failed',
        message: 'InputError: Backups of source "vol" cannot be restored here',
      },
      { token: 'token-for-scaffolder' },
    );
  });

  it('refuses a target of another kind before using the approval', async () => {
    const restorer = fakeRestorer();
    const { access, action } = setup(restorer);
    await expect(
      action.handler(
        createMockActionContext({
          input: { ...input, targetId: 'elsewhere' },
        }) as any,
      ),
    ).rejects.toThrow(/not in the allow-list of restore targets/);
    expect(access.api.claimApproval).not.toHaveBeenCalled();
  });
});
