/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import type { Approval } from '@dr-suite/backstage-plugin-dr-common';
import type { DatabaseApprovalStore } from '../database/DatabaseApprovalStore';
import type { ApprovalNotifier } from './ApprovalNotifier';

/**
 * The side effects of the approval workflow: tells people what happened
 * and starts the execution template through the scaffolder once a request
 * is approved.
 * @internal
 */
export class ApprovalLauncher {
  readonly #notifier: ApprovalNotifier;
  readonly #scaffolder: ScaffolderService;
  readonly #auth: AuthService;
  readonly #store: DatabaseApprovalStore;
  readonly #logger: LoggerService;
  readonly #executionTemplate: string;

  constructor(options: {
    notifier: ApprovalNotifier;
    scaffolder: ScaffolderService;
    auth: AuthService;
    store: DatabaseApprovalStore;
    logger: LoggerService;
    /** Template started once a request is approved (`dr.approvals.executionTemplate`). */
    executionTemplate: string;
  }) {
    this.#notifier = options.notifier;
    this.#scaffolder = options.scaffolder;
    this.#auth = options.auth;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#executionTemplate = options.executionTemplate;
  }

  /** Tells the approvers a request waits for them. */
  async requested(approval: Approval, approvers: string[]): Promise<void> {
    await this.#notifier.requested(approval, approvers);
  }

  /** Tells the requester about a decision. */
  async decided(approval: Approval, approver: string): Promise<void> {
    await this.#notifier.decided(approval, approver);
  }

  /** Tells the requester how the restore ended. */
  async finished(approval: Approval): Promise<void> {
    await this.#notifier.finished(approval);
  }

  /**
   * Starts the execution template with the approved parameters. When it
   * cannot start, the approval stays approved and unused with a failed
   * outcome saying why, so the restore can be started again.
   */
  async start(approval: Approval): Promise<Approval> {
    try {
      const { taskId } = await this.#scaffolder.scaffold(
        {
          templateRef: this.#executionTemplate,
          values: {
            approvalId: approval.id,
            requester: approval.requester,
            ...approval.parameters,
          },
        },
        { credentials: await this.#auth.getOwnServiceCredentials() },
      );
      await this.#store.setExecutionTask(approval.id, taskId);
      return { ...approval, executionTaskId: taskId };
    } catch (error) {
      const message = `Could not start the restore template ${
        this.#executionTemplate
      }: ${stringifyError(error)}`;
      this.#logger.error(message);
      await this.#store.recordOutcome(
        approval.id,
        { outcome: 'failed', message, drillId: null },
        'approved',
      );
      return (await this.#store.get(approval.id))!;
    }
  }
}
