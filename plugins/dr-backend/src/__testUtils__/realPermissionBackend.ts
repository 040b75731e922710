/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type AuthService,
  type BackstageCredentials,
  type BackstageServicePrincipal,
  type BackstageUserPrincipal,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/**
 * The mock auth service, except that a plugin calling another on a user's
 * behalf sends the user's token with the plugin as its actor, as the real
 * one does. The permission backend refuses conditional queries from users
 * without an actor (browsers may only ask about one resource).
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: auth.authenticate.bind(auth),
      getNoneCredentials: auth.getNoneCredentials.bind(auth),
      getOwnServiceCredentials: auth.getOwnServiceCredentials.bind(auth),
      isPrincipal: auth.isPrincipal.bind(auth) as AuthService['isPrincipal'],
      getLimitedUserToken: auth.getLimitedUserToken.bind(auth),
      listPublicServiceKeys: auth.listPublicServiceKeys.bind(auth),
      async getPluginRequestToken(options) {
        const { principal } = options.onBehalfOf as BackstageCredentials<
          BackstageUserPrincipal | BackstageServicePrincipal
        >;
        if (principal.type === 'user') {
          return {
            token: mockCredentials.user.token(
              (principal as { userEntityRef: string }).userEntityRef,
              { actor: { subject: `plugin:${plugin.getId()}` } },
            ),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    };
  },
});

/**
 * Backend features for a test backend whose permission decisions are the
 * real permission backend's, asking `policy`; each user owns itself and the
 * groups `groups` lists for it.
 */
export function realPermissionBackend(
  policy: PermissionPolicy,
  groups: Record<string, string[]>,
) {
  return [
    permissionPlugin,
    createBackendModule({
      pluginId: 'permission',
      moduleId: 'test-policy',
      register(reg) {
        reg.registerInit({
          deps: { policies: policyExtensionPoint },
          async init({ policies }) {
            policies.setPolicy(policy);
          },
        });
      },
    }),
    permissionsServiceFactory,
    authWithActors,
    mockServices.userInfo.mock({
      getUserInfo: async credentials => {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
        };
      },
    }).factory,
  ];
}
