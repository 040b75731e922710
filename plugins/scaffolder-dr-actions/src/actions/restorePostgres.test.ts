/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  BackupSourceRegistry,
  type PostgresRestorer,
  RestoreTargetRegistry,
  hashRestoreParameters,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  expectExamplesMatchSchema,
  mockAccess,
} from '../__testUtils__/actionTestKit';
import { createDrRestorePostgresAction } from './restorePostgres';

// The restorer reads the claimed backup's first bytes before it runs.
const backupsDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-action-'));
fs.mkdirSync(path.join(backupsDirectory, 'db'));
fs.writeFileSync(
  path.join(backupsDirectory, 'db', 'dump.sql.gz'),
  gzipSync('--\n-- PostgreSQL database dump\n--\n'),
);
afterAll(() => fs.rmSync(backupsDirectory, { recursive: true, force: true }));

const config = new ConfigReader({
  dr: {
    sources: { vol: { type: 'filesystem', directory: backupsDirectory } },
    restoreTargets: {
      'orders-staging': {
        type: 'postgres',
        connection: { user: 'u', password: 'p4ss', database: 'orders_staging' },
      },
      prod: {
        type: 'postgres',
        environment: 'production',
        connection: { user: 'u', database: 'orders' },
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
};

const { approvalId: _approvalId, ...approvedParameters } = input;

function setup(claim: jest.Mock, restore = jest.fn()) {
  const access = mockAccess({
    claimApproval: claim,
    reportApprovalOutcome: jest.fn().mockResolvedValue({}),
  });
  const action = createDrRestorePostgresAction({
    access,
    sources: BackupSourceRegistry.fromConfig(config, {
      logger: mockServices.logger.mock(),
    }),
    targets: RestoreTargetRegistry.fromConfig(config),
    restorer: { restore } as unknown as PostgresRestorer,
  });
  return { access, action, restore };
}

const approval = {
  id: 'a1',
  decisions: [{ approver: 'user:default/bob' }],
  backup: {
    sourceId: 'vol',
    key: 'db/dump.sql.gz',
    name: 'dump.sql.gz',
    sizeBytes: 10,
    completedAt: '2026-11-21T00:00:00.000Z',
  },
};

describe('dr:restore:postgres', () => {
  it('claims the approval with the hash of exactly its parameters, as the scaffolder, before restoring', async () => {
    const { access, action, restore } = setup(
      jest.fn().mockResolvedValue(approval),
      jest.fn().mockResolvedValue({
        database: 'orders_staging',
        bytesRead: 10,
        checks: [],
      }),
    );
    const ctx = createMockActionContext({ input });
    await action.handler(ctx as any);
    expect(access.api.claimApproval).toHaveBeenCalledWith(
      'a1',
      {
        parameterHash: hashRestoreParameters({
          kind: 'postgres',
          ...approvedParameters,
        }),
        taskId: 'mock-task-id',
      },
      { token: 'token-for-scaffolder' },
    );
    expect(restore).toHaveBeenCalledWith(
      expect.objectContaining({ backupKey: 'db/dump.sql.gz', jobs: 4 }),
    );
    expect(ctx.output).toHaveBeenCalledWith('database', 'orders_staging');
    expect(ctx.output).toHaveBeenCalledWith(
      'backupCompletedAt',
      '2026-11-21T00:00:00.000Z',
    );
  });

  it('refuses a target outside the allow-list or in production before using the approval', async () => {
    const claim = jest.fn();
    const { action } = setup(claim);
    await expect(
      action.handler(
        createMockActionContext({
          input: { ...input, targetId: 'elsewhere' },
        }) as any,
      ),
    ).rejects.toThrow(/not in the allow-list of restore targets/);
    await expect(
      action.handler(
        createMockActionContext({
          input: { ...input, targetId: 'prod' },
        }) as any,
      ),
    ).rejects.toThrow(/production target/);
    expect(claim).not.toHaveBeenCalled();
  });

  it('touches nothing when the backend refuses the claim', async () => {
    const { action, restore } = setup(
      jest
        .fn()
        .mockRejectedValue(
          new NotAllowedError('The approval was already used'),
        ),
    );
    await expect(
      action.handler(createMockActionContext({ input }) as any),
    ).rejects.toThrow(/already used/);
    expect(restore).not.toHaveBeenCalled();
  });

  it('reports a failed restore on the approval and never logs the target password', async () => {
    const { access, action } = setup(
      jest.fn().mockResolvedValue(approval),
      jest
        .fn()
        .mockRejectedValue(new Error('psql failed (exit 3): syntax error')),
    );
    const ctx = createMockActionContext({ input });
    const info = jest.spyOn(ctx.logger, 'info');
    await expect(action.handler(ctx as any)).rejects.toThrow(/syntax error/);
    expect(access.api.reportApprovalOutcome).toHaveBeenCalledWith(
      'a1',
      {
        outcome: 'failed',
        message: 'Error: psql failed (exit 3): syntax error',
      },
      { token: 'token-for-scaffolder' },
    );
    expect(JSON.stringify(info.mock.calls)).not.toContain('p4ss');
  });

  it('has examples that match its schema', () => {
    expectExamplesMatchSchema(setup(jest.fn()).action);
  });
});
