/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  type Approval,
  DR_APPROVALS_SIGNAL_CHANNEL,
  type DrApprovalSignal,
  drEntitySignalChannel,
} from '@dr-suite/backstage-plugin-dr-common';

/**
 * Pushes approval changes to open pages through the signals service: the
 * approvals inbox (`dr:approvals`) and the entity's DR tab
 * (`dr:entity:<ref>`) re-read what they show without a reload. A signal
 * carries the approval's id, status and outcome only, so it is broadcast;
 * pages re-read through the permission-checked API. A signal that cannot be
 * sent is logged; it never fails the change it is about.
 * @internal
 */
export class ApprovalSignals {
  readonly #signals: SignalsService;
  readonly #logger: LoggerService;

  constructor(options: { signals: SignalsService; logger: LoggerService }) {
    this.#signals = options.signals;
    this.#logger = options.logger;
  }

  async changed(approval: Approval): Promise<void> {
    const message: DrApprovalSignal = {
      approvalId: approval.id,
      status: approval.status,
      outcome: approval.outcome,
    };
    try {
      await Promise.all(
        [
          DR_APPROVALS_SIGNAL_CHANNEL,
          drEntitySignalChannel(approval.entityRef),
        ].map(channel =>
          this.#signals.publish<DrApprovalSignal>({
            recipients: { type: 'broadcast' },
            channel,
            message,
          }),
        ),
      );
    } catch (error) {
      this.#logger.warn(
        `Could not signal the change of restore approval ${
          approval.id
        }: ${stringifyError(error)}`,
      );
    }
  }
}
