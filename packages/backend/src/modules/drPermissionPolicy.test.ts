/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  drAuditReadPermission,
  drDrillCreatePermission,
  drDrillVoidPermission,
  drIndexRefreshPermission,
  drPostureReadPermission,
  drRestoreApprovePermission,
  drRestoreRequestPermission,
} from '@dr-suite/backstage-plugin-dr-common';
import { DrPermissionPolicy } from './drPermissionPolicy';

const policy = new DrPermissionPolicy({
  platformTeam: 'group:default/platform-team',
});

function user(ref: string, groups: string[]): PolicyQueryUser {
  return {
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
    credentials: {} as any,
  } as PolicyQueryUser;
}
const alice = user('user:default/alice', ['group:default/team-orders']);
const bob = user('user:default/bob', ['group:default/platform-team']);

describe('DrPermissionPolicy', () => {
  it('lets everyone read posture', async () => {
    for (const who of [alice, bob, undefined]) {
      expect(
        await policy.handle({ permission: drPostureReadPermission }, who),
      ).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('gives teams the audit of the entities they own, the platform team and automation all of it', async () => {
    expect(
      await policy.handle({ permission: drAuditReadPermission }, alice),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'dr',
      resourceType: 'dr-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'dr-entity',
        params: { claims: ['user:default/alice', 'group:default/team-orders'] },
      },
    });
    for (const who of [bob, undefined]) {
      expect(
        (await policy.handle({ permission: drAuditReadPermission }, who))
          .result,
      ).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('keeps indexing to the platform team and automation', async () => {
    for (const permission of [drIndexRefreshPermission]) {
      expect((await policy.handle({ permission }, alice)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await policy.handle({ permission }, bob)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await policy.handle({ permission }, undefined)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('lets owners request and approve restores of what they own, and the platform team anything', async () => {
    for (const permission of [
      drRestoreRequestPermission,
      drRestoreApprovePermission,
      drDrillCreatePermission,
      drDrillVoidPermission,
    ]) {
      expect(await policy.handle({ permission }, alice)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/alice', 'group:default/team-orders'],
          },
        },
      });
      expect((await policy.handle({ permission }, bob)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('lets automation record drills but never request or approve a restore', async () => {
    expect(
      (await policy.handle({ permission: drDrillCreatePermission }, undefined))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (
        await policy.handle(
          { permission: drRestoreRequestPermission },
          undefined,
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (
        await policy.handle(
          { permission: drRestoreApprovePermission },
          undefined,
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('never lets automation void a drill: voiding takes an owner or the platform team', async () => {
    expect(
      (await policy.handle({ permission: drDrillVoidPermission }, undefined))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('leaves permissions of other plugins allowed', async () => {
    expect(
      (
        await policy.handle(
          { permission: catalogEntityDeletePermission },
          alice,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});
