/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';

/** Header the demo sign-in page sends with the chosen user's name. */
export const DEMO_USER_HEADER = 'x-dr-demo-user';

/**
 * A development-only sign-in provider that lets a newcomer act as any user
 * listed under `auth.providers.demo.users`, so a restore can be requested by
 * one user and approved by another without an identity provider. It refuses
 * to start outside development unless explicitly allowed.
 */
export const authModuleDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const providerConfig = config.getOptionalConfig('auth.providers.demo');
        if (!providerConfig) return;
        const allowed = providerConfig.getOptionalBoolean(
          'dangerouslyAllowOutsideDevelopment',
        );
        if (
          process.env.NODE_ENV !== 'development' &&
          process.env.NODE_ENV !== 'test' &&
          !allowed
        ) {
          throw new Error(
            'The demo sign-in provider lets anyone act as any listed user; it only runs with NODE_ENV=development',
          );
        }
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: {
                userName: string;
              }) => ({
                profile: { displayName: result.userName },
              }),
              initialize: ({ config: c }) => ({
                users: new Set(c.getStringArray('users')),
              }),
              async authenticate({ req }, { users }) {
                const userName = req.header(DEMO_USER_HEADER);
                if (!userName || !users.has(userName)) {
                  throw new AuthenticationError(
                    `Choose one of the demo users: ${[...users].join(', ')}`,
                  );
                }
                return { result: { userName } };
              },
            }),
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: { name: result.userName },
              });
            },
          }),
        });
      },
    });
  },
});
