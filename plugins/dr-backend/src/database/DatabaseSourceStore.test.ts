/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Knex } from 'knex';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { DatabasePlanStore } from './DatabasePlanStore';
import { DatabaseSourceStore } from './DatabaseSourceStore';

jest.setTimeout(60_000);

describe('DatabaseSourceStore and DatabasePlanStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let sources: DatabaseSourceStore;
    let plans: DatabasePlanStore;

    beforeAll(async () => {
      knex = await migratedDatabase(databases, databaseId);
      sources = new DatabaseSourceStore(knex);
      plans = new DatabasePlanStore(knex);
    });
    afterEach(async () => {
      await knex('dr_sources').delete();
      await knex('dr_plans').delete();
    });

    it('tracks success, failures with backoff, and explicit run requests', async () => {
      await sources.ensure([{ sourceId: 's3', type: 's3' }]);
      await sources.ensure([{ sourceId: 's3', type: 's3' }]);
      expect(await sources.getRunState('s3')).toMatchObject({
        status: 'pending',
        consecutiveFailures: 0,
        state: undefined,
      });

      const started = new Date('2026-11-21T10:00:00Z');
      await sources.recordSuccess('s3', {
        state: { cursor: 'a' },
        mode: 'full',
        backupCount: 42,
        startedAt: started,
      });
      await sources.recordFailure('s3', {
        error: 'boom',
        startedAt: new Date('2026-11-21T10:05:00Z'),
        nextAttemptAt: new Date('2026-11-21T10:15:00Z'),
      });
      await sources.recordFailure('s3', {
        error: 'boom again',
        startedAt: new Date('2026-11-21T10:15:00Z'),
        nextAttemptAt: new Date('2026-11-21T10:35:00Z'),
      });

      expect(await sources.getRunState('s3')).toMatchObject({
        status: 'stale',
        state: { cursor: 'a' },
        consecutiveFailures: 2,
        nextAttemptAt: new Date('2026-11-21T10:35:00Z'),
        fullRequested: false,
      });
      expect(await sources.list()).toEqual([
        {
          sourceId: 's3',
          type: 's3',
          status: 'stale',
          lastIndexedAt: '2026-11-21T10:15:00.000Z',
          lastSuccessAt: expect.any(String),
          lastError: 'boom again',
          consecutiveFailures: 2,
          nextAttemptAt: '2026-11-21T10:35:00.000Z',
          backupCount: 42,
        },
      ]);

      await sources.requestRun('s3', true);
      const requested = await sources.getRunState('s3');
      expect(requested?.fullRequested).toBe(true);
      expect(requested!.requestedAt!.getTime()).toBeGreaterThan(
        requested!.lastAttemptAt!.getTime(),
      );
    });

    it('stores plans and forgets those no entity names any more', async () => {
      const fetchedAt = new Date('2026-11-21T10:00:00Z');
      await plans.put({
        entityRef: 'component:default/a',
        location: 'file:/a.yaml',
        etag: '1',
        plan: null,
        problems: [{ code: 'plan-invalid', severity: 'error', message: 'bad' }],
        fetchedAt,
      });
      await plans.put({
        entityRef: 'component:default/b',
        location: 'file:/b.yaml',
        etag: null,
        plan: null,
        problems: [],
        fetchedAt,
      });
      expect(await plans.get('component:default/a')).toEqual({
        entityRef: 'component:default/a',
        location: 'file:/a.yaml',
        etag: '1',
        plan: null,
        problems: [{ code: 'plan-invalid', severity: 'error', message: 'bad' }],
        fetchedAt,
      });
      await plans.retainOnly(new Set(['component:default/b']));
      expect(await plans.get('component:default/a')).toBeUndefined();
      expect(await plans.get('component:default/b')).toBeDefined();
    });
  });
});
