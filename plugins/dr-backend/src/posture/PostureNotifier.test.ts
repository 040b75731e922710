/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import type { EntityPosture } from '@dr-suite/backstage-plugin-dr-common';
import { DatabasePostureNotificationStore } from '../database/DatabasePostureNotificationStore';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { PostureNotifier } from './PostureNotifier';

jest.setTimeout(60_000);

function posture(
  overall: EntityPosture['overall'],
  problems: EntityPosture['problems'] = [],
): EntityPosture {
  return {
    entityRef: 'resource:default/orders-db',
    overall,
    problems,
  } as Partial<EntityPosture> as EntityPosture;
}

describe('PostureNotifier', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
    });

    it('tells one change once, even when two replicas recompute it', async () => {
      const send = jest.fn();
      const replica = () =>
        new PostureNotifier({
          store: new DatabasePostureNotificationStore(knex),
          notifications: { send } as any,
          logger: mockServices.logger.mock(),
        });
      const [a, b] = [replica(), replica()];
      const owner = 'group:default/team-orders';

      // The first posture is recorded, not told.
      await a.posturesChanged([{ posture: posture('ok'), owner }]);
      await b.posturesChanged([{ posture: posture('ok'), owner }]);
      expect(send).not.toHaveBeenCalled();

      const stale = posture('at-risk', [
        {
          code: 'source-stale',
          severity: 'warning',
          field: 's3-prod',
          message:
            'Backup source "s3-prod" has failed to index since 2026-11-30T10:00:00.000Z: Access Denied. The last good index is shown.',
        },
      ]);
      await Promise.all([
        a.posturesChanged([{ posture: stale, owner }]),
        b.posturesChanged([{ posture: stale, owner }]),
      ]);
      await a.posturesChanged([{ posture: stale, owner }]);
      expect(send).toHaveBeenCalledTimes(1);
      expect(send.mock.calls[0][0]).toMatchObject({
        recipients: { type: 'entity', entityRef: [owner] },
        payload: {
          title: 'DR posture at risk: resource:default/orders-db',
          link: '/catalog/default/resource/orders-db/dr',
          severity: 'high',
          description: expect.stringContaining(
            'Backup source "s3-prod" has failed to index',
          ),
        },
      });

      await b.posturesChanged([{ posture: posture('ok'), owner }]);
      expect(send).toHaveBeenCalledTimes(2);
      expect(send.mock.calls[1][0].payload).toMatchObject({
        title: 'DR posture recovered: resource:default/orders-db',
        severity: 'normal',
        description:
          'DR posture went from at risk to healthy. Backup source "s3-prod" is indexed again.',
      });
    });
  });
});
