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
import { ResponseError, stringifyError } from '@backstage/errors';
import type { Notification } from '@backstage/plugin-notifications-common';

/**
 * A user's own inbox in the notifications backend, reached on their behalf.
 * Marking a notification read is a call only its recipient may make (the
 * service has no sender-side "done", and re-sending the same scope makes it
 * unread again), so it happens with the credentials of the user who acted.
 * A failure is logged and a hung notifications backend is given up on after
 * `timeoutMs`: neither fails nor holds up the decision it is about.
 * @internal
 */
export class NotificationInbox {
  readonly #auth: AuthService;
  readonly #discovery: DiscoveryService;
  readonly #logger: LoggerService;
  readonly #timeoutMs: number;

  constructor(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    logger: LoggerService;
    /** How long both calls together may take (default 10 s). */
    timeoutMs?: number;
  }) {
    this.#auth = options.auth;
    this.#discovery = options.discovery;
    this.#logger = options.logger;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Marks the user's unread notifications of a topic and scope read. */
  async markRead(
    notification: { topic: string; scope: string },
    credentials: BackstageCredentials,
  ): Promise<void> {
    try {
      const { token } = await this.#auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'notifications',
      });
      const baseUrl = await this.#discovery.getBaseUrl('notifications');
      const signal = AbortSignal.timeout(this.#timeoutMs);
      const headers = {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      };
      const query = new URLSearchParams({
        topic: notification.topic,
        read: 'false',
      });
      const listed = await fetch(`${baseUrl}/notifications?${query}`, {
        headers,
        signal,
      });
      if (!listed.ok) throw await ResponseError.fromResponse(listed);
      const { notifications } = (await listed.json()) as {
        notifications: Notification[];
      };
      const ids = notifications
        .filter(n => n.payload.scope === notification.scope)
        .map(n => n.id);
      if (!ids.length) return;
      const updated = await fetch(`${baseUrl}/notifications/update`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ids, read: true }),
        signal,
      });
      if (!updated.ok) throw await ResponseError.fromResponse(updated);
    } catch (error) {
      this.#logger.warn(
        `Could not mark the notifications of ${
          notification.scope
        } read: ${stringifyError(error)}`,
      );
    }
  }
}
