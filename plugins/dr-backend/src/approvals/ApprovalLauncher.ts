/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import type { Approval } from '@dr-suite/backstage-plugin-dr-common';
import type { DatabaseApprovalStore } from '../database/DatabaseApprovalStore';
import type { ApprovalNotifier } from './ApprovalNotifier';
import type { ApprovalSignals } from './ApprovalSignals';

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
  readonly #executionTemplates: Record<string, string>;
  readonly #signals: ApprovalSignals | undefined;

  constructor(options: {
    notifier: ApprovalNotifier;
    scaffolder: ScaffolderService;
    auth: AuthService;
    store: DatabaseApprovalStore;
    logger: LoggerService;
    /** Template started once a request is approved (`dr.approvals.executionTemplate`). */
    executionTemplate: string;
    /**
     * A template per restore kind (`dr.approvals.executionTemplates`), so a
     * task lists only the steps of its kind; others use `executionTemplate`.
     */
    executionTemplates?: Record<string, string>;
    /** Pushes each change to open pages. */
    signals?: ApprovalSignals;
  }) {
    this.#notifier = options.notifier;
    this.#scaffolder = options.scaffolder;
    this.#auth = options.auth;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#executionTemplate = options.executionTemplate;
    this.#executionTemplates = options.executionTemplates ?? {};
    this.#signals = options.signals;
  }

  /** Tells the approvers a request waits for them. */
  async requested(approval: Approval, approvers: string[]): Promise<void> {
    await this.#notifier.requested(approval, approvers);
    await this.#signals?.changed(approval);
  }

  /** Tells the requester about a decision. */
  async decided(approval: Approval, approver: string): Promise<void> {
    await this.#notifier.decided(approval, approver);
    await this.#signals?.changed(approval);
  }

  /** Tells the approvers a decided request needs nothing more from them. */
  async settled(
    approval: Approval,
    approvers: string[],
    decider: string,
  ): Promise<void> {
    await this.#notifier.settled(approval, approvers, decider);
  }

  /** The approver who decided needs nothing more: their notification is done. */
  async decidedBy(
    approval: Approval,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.#notifier.decidedBy(approval, credentials);
  }

  /** The restore task claimed the approval: the restore is running. */
  async claimed(approval: Approval): Promise<void> {
    await this.#signals?.changed(approval);
  }

  /** Tells the requester how the restore ended. */
  async finished(approval: Approval): Promise<void> {
    await this.#notifier.finished(approval);
    await this.#signals?.changed(approval);
  }

  /**
   * Starts the execution template with the approved parameters. When it
   * cannot start, the approval stays approved and unused with a failed
   * outcome saying why, so the restore can be started again.
   */
  async start(approval: Approval): Promise<Approval> {
    const templateRef =
      this.#executionTemplates[approval.parameters.kind] ??
      this.#executionTemplate;
    try {
      const { taskId } = await this.#scaffolder.scaffold(
        {
          templateRef,
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
      const message = `Could not start the restore template ${templateRef}: ${stringifyError(
        error,
      )}`;
      this.#logger.error(message);
      await this.#store.recordOutcome(
        approval.id,
        { outcome: 'failed', message, drillId: null },
        'approved',
      );
      const failed = (await this.#store.get(approval.id))!;
      await this.#signals?.changed(failed);
      return failed;
    }
  }
}
