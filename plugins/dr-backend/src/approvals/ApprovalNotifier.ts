/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { Approval } from '@dr-suite/backstage-plugin-dr-common';
import type { NotificationInbox } from './NotificationInbox';

const TOPIC = 'DR restore approvals';

function describe(approval: Approval): string {
  return `${approval.backup.name} of ${approval.entityRef} into ${approval.target.title} (${approval.target.environment})`;
}

/**
 * Tells approvers about new requests and requesters about decisions and
 * outcomes, through the notifications service. A notification that cannot
 * be sent is logged; it never fails the request it is about.
 * @internal
 */
export class ApprovalNotifier {
  readonly #notifications: NotificationService;
  readonly #logger: LoggerService;
  readonly #inbox: NotificationInbox | undefined;

  constructor(options: {
    notifications: NotificationService;
    logger: LoggerService;
    /** Marks the deciding approver's own notification read. */
    inbox?: NotificationInbox;
  }) {
    this.#notifications = options.notifications;
    this.#logger = options.logger;
    this.#inbox = options.inbox;
  }

  requested(approval: Approval, approvers: string[]): Promise<void> {
    return this.#send(approvers, approval.requester, {
      title: `Restore approval needed: ${approval.entityRef}`,
      description: `${approval.requester} asks to restore ${describe(
        approval,
      )}: ${approval.reason}`,
      link: approvalLink(approval.id),
      severity: 'high',
      topic: TOPIC,
      scope: approvalScope(approval.id),
    });
  }

  /**
   * Once a request is decided, turns the approvers' "approval needed"
   * notification into one saying it is settled: the same scope replaces it
   * in place. The service cannot mark other users' notifications read (a
   * replacement is unread again), so this one stays unread for the approvers
   * who did not act; see {@link ApprovalNotifier.decidedBy} for the one who did.
   * Earlier deciders are left out: theirs was marked read when they decided,
   * and a replacement would make it unread again.
   */
  settled(
    approval: Approval,
    approvers: string[],
    decider: string,
  ): Promise<void> {
    const rejected = approval.status === 'rejected';
    const earlierDeciders = approval.decisions
      .map(d => d.approver)
      .filter(approver => approver !== decider);
    return this.#send(approvers, [approval.requester, ...earlierDeciders], {
      title: `Restore ${
        rejected ? 'rejected' : 'approved'
      }, nothing to decide: ${approval.entityRef}`,
      description: `${decider} ${
        rejected ? 'rejected' : 'approved'
      } restoring ${describe(approval)}. No decision is needed from you.`,
      link: approvalLink(approval.id),
      severity: 'low',
      topic: TOPIC,
      scope: approvalScope(approval.id),
    });
  }

  /**
   * The approver who decided is done with the request: their own "approval
   * needed" notification is marked read, on their behalf.
   */
  async decidedBy(
    approval: Approval,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.#inbox?.markRead(
      { topic: TOPIC, scope: approvalScope(approval.id) },
      credentials,
    );
  }

  decided(approval: Approval, decider: string): Promise<void> {
    const rejected = approval.status === 'rejected';
    const waiting = approval.status === 'pending';
    return this.#send([approval.requester], undefined, {
      title: rejected
        ? `Restore rejected: ${approval.entityRef}`
        : `Restore ${waiting ? 'approved once' : 'approved'}: ${
            approval.entityRef
          }`,
      description: `${decider} ${
        rejected ? 'rejected' : 'approved'
      } restoring ${describe(approval)}.${
        waiting ? ` ${approval.requiredApprovals} approvals are needed.` : ''
      }`,
      link: approvalLink(approval.id),
      severity: rejected ? 'normal' : 'high',
      topic: TOPIC,
    });
  }

  finished(approval: Approval): Promise<void> {
    const ok = approval.outcome === 'succeeded';
    return this.#send([approval.requester], undefined, {
      title: `Restore ${ok ? 'succeeded' : 'failed'}: ${approval.entityRef}`,
      description: `Restoring ${describe(approval)} ${
        ok ? 'succeeded' : 'failed'
      }${approval.outcomeMessage ? `: ${approval.outcomeMessage}` : '.'}`,
      link: approvalLink(approval.id),
      severity: ok ? 'normal' : 'critical',
      topic: TOPIC,
    });
  }

  async #send(
    recipients: string[],
    exclude: string | string[] | undefined,
    payload: {
      title: string;
      description: string;
      link: string;
      severity: 'critical' | 'high' | 'normal' | 'low';
      topic: string;
      /** Notifications with the same scope replace each other. */
      scope?: string;
    },
  ): Promise<void> {
    if (!recipients.length) return;
    try {
      await this.#notifications.send({
        recipients: {
          type: 'entity',
          entityRef: recipients,
          excludeEntityRef: exclude,
        },
        payload,
      });
    } catch (error) {
      this.#logger.warn(
        `Could not send notification "${payload.title}": ${stringifyError(
          error,
        )}`,
      );
    }
  }
}

/** The scope of an approval's notifications to its approvers. */
function approvalScope(id: string): string {
  return `dr-approval:${id}`;
}

/** Where an approval is shown in the app. */
export function approvalLink(id: string): string {
  return `/dr/approvals/${encodeURIComponent(id)}`;
}
