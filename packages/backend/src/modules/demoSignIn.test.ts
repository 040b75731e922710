/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import request from 'supertest';
import { authModuleDemoProvider } from './demoSignIn';

jest.setTimeout(30_000);

const users = ['alice', 'bob'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: name === 'bob' ? ['platform-team'] : ['team-orders'] },
  relations: [
    {
      type: 'memberOf',
      targetRef: `group:default/${
        name === 'bob' ? 'platform-team' : 'team-orders'
      }`,
    },
  ],
}));

describe('authModuleDemoProvider', () => {
  async function start() {
    return startTestBackend({
      features: [
        authPlugin,
        authModuleDemoProvider,
        catalogServiceMock.factory({ entities: users }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: {
              session: { secret: 'test' },
              providers: { demo: { users: ['alice', 'bob'] } },
            },
          },
        }),
      ],
    });
  }

  it('signs in as the chosen demo user with their memberships, and nobody else', async () => {
    const { server } = await start();
    const alice = await request(server)
      .get('/api/auth/demo/refresh')
      .set('x-dr-demo-user', 'alice')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(alice.status).toBe(200);
    expect(alice.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: expect.arrayContaining([
        'user:default/alice',
        'group:default/team-orders',
      ]),
    });

    const stranger = await request(server)
      .get('/api/auth/demo/refresh')
      .set('x-dr-demo-user', 'mallory')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(stranger.status).toBe(401);
    expect(stranger.body.error.message).toMatch(
      /Choose one of the demo users: alice, bob/,
    );
  });
});
