/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { drTabLink } from '../notifications/drTabLink';

/**
 * Tells an entity's owners that its restore test failed, with what failed.
 * A notification that cannot be sent is logged; it never fails the run.
 * @internal
 */
export class RestoreTestNotifier {
  readonly #notifications: NotificationService;
  readonly #logger: LoggerService;

  constructor(options: {
    notifications: NotificationService;
    logger: LoggerService;
  }) {
    this.#notifications = options.notifications;
    this.#logger = options.logger;
  }

  async failed(run: {
    plan: string;
    entityRef: string;
    owner: string | null;
    what: string;
  }): Promise<void> {
    if (!run.owner) {
      this.#logger.warn(
        `Restore test ${run.plan} of ${run.entityRef} failed and the entity has no owner to tell: ${run.what}`,
      );
      return;
    }
    try {
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef: [run.owner] },
        payload: {
          title: `Restore test failed: ${run.entityRef}`,
          description: `Restore-test plan ${run.plan}: ${run.what}`,
          link: drTabLink(run.entityRef),
          severity: 'critical',
          topic: 'DR restore tests',
        },
      });
    } catch (error) {
      this.#logger.warn(
        `Could not notify the owners of ${
          run.entityRef
        } of a failed restore test: ${stringifyError(error)}`,
      );
    }
  }
}
