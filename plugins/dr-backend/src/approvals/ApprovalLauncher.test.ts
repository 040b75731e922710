/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Approval } from '@dr-suite/backstage-plugin-dr-common';
import { ApprovalLauncher } from './ApprovalLauncher';

function approvalOfKind(kind: string): Approval {
  return {
    id: `approval-${kind}`,
    requester: 'user:default/alice',
    parameters: {
      kind,
      entityRef: 'resource:default/orders-db',
      backupId: 'b1',
      targetId: 'orders-staging',
      scenario: 'database-corruption',
      checks: [],
    },
  } as unknown as Approval;
}

describe('ApprovalLauncher', () => {
  it("starts the kind's own execution template, so the task lists only that kind's steps", async () => {
    const scaffolder = {
      scaffold: jest.fn(async () => ({ taskId: 'task-1' })),
    };
    const store = {
      setExecutionTask: jest.fn(),
      recordOutcome: jest.fn(),
      get: jest.fn(),
    };
    const launcher = new ApprovalLauncher({
      notifier: {} as any,
      scaffolder: scaffolder as any,
      auth: mockServices.auth(),
      store: store as any,
      logger: mockServices.logger.mock(),
      executionTemplate: 'template:default/dr-restore-execute',
      executionTemplates: {
        postgres: 'template:default/dr-restore-execute-postgres',
      },
    });

    await launcher.start(approvalOfKind('postgres'));
    await launcher.start(approvalOfKind('tape'));

    expect(
      scaffolder.scaffold.mock.calls.map(([r]: any[]) => r.templateRef),
    ).toEqual([
      'template:default/dr-restore-execute-postgres',
      // A kind without its own template runs the general one.
      'template:default/dr-restore-execute',
    ]);
  });
});
