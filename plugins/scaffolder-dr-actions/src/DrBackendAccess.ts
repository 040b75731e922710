/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  type Approval,
  type DrApi,
  DrClient,
} from '@dr-suite/backstage-plugin-dr-common';

/**
 * The DR API as the actions use it: on behalf of the user who started the
 * task (requests), or as the scaffolder itself, the only service allowed to
 * claim approvals and report restores (execution).
 * @public
 */
export class DrBackendAccess {
  readonly api: DrApi;
  readonly #auth: AuthService;

  constructor(options: { auth: AuthService; discovery: DiscoveryService }) {
    this.#auth = options.auth;
    this.api = new DrClient({ discoveryApi: options.discovery });
  }

  async tokenOnBehalfOf(credentials: BackstageCredentials): Promise<string> {
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'dr',
    });
    return token;
  }

  async executorToken(): Promise<string> {
    return this.tokenOnBehalfOf(await this.#auth.getOwnServiceCredentials());
  }

  /**
   * Claims an approval for this task and runs the restore it approves. A
   * restore that throws is reported as failed, so the approval shows the
   * reason instead of staying claimed forever.
   */
  async runApproved<T>(
    claim: {
      approvalId: string;
      parameterHash: string;
      taskId: string;
      logger: LoggerService;
    },
    restore: (approval: Approval) => Promise<T>,
  ): Promise<T> {
    const token = await this.executorToken();
    const approval = await this.api.claimApproval(
      claim.approvalId,
      { parameterHash: claim.parameterHash, taskId: claim.taskId },
      { token },
    );
    try {
      return await restore(approval);
    } catch (error) {
      await this.api
        .reportApprovalOutcome(
          approval.id,
          { outcome: 'failed', message: stringifyError(error) },
          { token },
        )
        .catch(reportError =>
          claim.logger.warn(
            `Could not report the failure: ${stringifyError(reportError)}`,
          ),
        );
      throw error;
    }
  }
}
