/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotificationInbox } from './NotificationInbox';

describe('NotificationInbox', () => {
  const held: http.ServerResponse[] = [];
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    // Accepts every request and never answers: a hung notifications backend.
    server = http.createServer((_req, res) => held.push(res));
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/notifications`;
  });

  afterAll(async () => {
    held.forEach(res => res.destroy());
    await new Promise(resolve => server.close(resolve));
  });

  it('gives up on a hung notifications backend and logs why, so the decision goes on', async () => {
    const logger = mockServices.logger.mock();
    const inbox = new NotificationInbox({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      logger,
      timeoutMs: 200,
    });

    await expect(
      inbox.markRead(
        { topic: 'dr-approvals', scope: 'dr-approval:1' },
        mockCredentials.user('user:default/bob'),
      ),
    ).resolves.toBeUndefined();

    expect(held).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Could not mark the notifications of dr-approval:1 read: .*(timeout|aborted)/i,
      ),
    );
  });
});
