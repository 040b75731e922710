/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { BackupRecord } from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import {
  DatabaseApprovalStore,
  type NewApproval,
} from './DatabaseApprovalStore';

jest.setTimeout(60_000);

const backup: BackupRecord = {
  id: 'b1',
  sourceId: 'vol',
  sourceType: 'filesystem',
  key: 'db/app_full_20261120_000000.sql.gz',
  name: 'app_full_20261120_000000.sql.gz',
  type: 'full',
  status: 'succeeded',
  startedAt: null,
  completedAt: '2026-11-20T00:00:00.000Z',
  sizeBytes: 10,
  checksum: null,
  encrypted: null,
  details: {},
};

function newApproval(extra: Partial<NewApproval> = {}): NewApproval {
  return {
    entityRef: 'resource:default/db',
    requester: 'user:default/alice',
    reason: 'test restore',
    ticket: null,
    parameters: {
      kind: 'postgres',
      entityRef: 'resource:default/db',
      backupId: 'b1',
      targetId: 't',
      scenario: 's',
      checks: [],
    },
    parameterHash: 'a'.repeat(64),
    requiredApprovals: 2,
    backup,
    target: { id: 't', kind: 'postgres', title: 'T', environment: 'staging' },
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 3600_000),
    ...extra,
  };
}

describe('DatabaseApprovalStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let store: DatabaseApprovalStore;

    beforeAll(async () => {
      knex = await migratedDatabase(databases, databaseId);
      store = new DatabaseApprovalStore(knex);
    });
    afterEach(async () => {
      await knex('dr_approval_decisions').delete();
      await knex('dr_approvals').delete();
    });

    it('needs every required approval, counts each approver once and stops at a rejection', async () => {
      const approval = await store.create(newApproval());
      const once = await store.decide(approval.id, {
        approver: 'user:default/bob',
        decision: 'approve',
        comment: null,
      });
      expect(once?.status).toBe('pending');
      expect(
        await store.decide(approval.id, {
          approver: 'user:default/bob',
          decision: 'approve',
          comment: null,
        }),
      ).toBeUndefined();
      const twice = await store.decide(approval.id, {
        approver: 'user:default/carol',
        decision: 'approve',
        comment: 'ok',
      });
      expect(twice).toMatchObject({
        status: 'approved',
        decisions: [
          { approver: 'user:default/bob' },
          { approver: 'user:default/carol', comment: 'ok' },
        ],
      });

      const other = await store.create(newApproval());
      const rejected = await store.decide(other.id, {
        approver: 'user:default/bob',
        decision: 'reject',
        comment: 'no',
      });
      expect(rejected?.status).toBe('rejected');
      expect(
        await store.decide(other.id, {
          approver: 'user:default/carol',
          decision: 'approve',
          comment: null,
        }),
      ).toBeUndefined();
    });

    it('claims an approved request once, for the same hash, before it expires', async () => {
      const approval = await store.create(
        newApproval({ requiredApprovals: 1 }),
      );
      expect(
        await store.claim(approval.id, approval.parameterHash, 'task'),
      ).toMatchObject({ result: 'refused', reason: 'not-approved' });
      await store.decide(approval.id, {
        approver: 'user:default/bob',
        decision: 'approve',
        comment: null,
      });
      expect(
        await store.claim(approval.id, 'b'.repeat(64), 'task'),
      ).toMatchObject({ result: 'refused', reason: 'hash-mismatch' });
      const claimed = await store.claim(
        approval.id,
        approval.parameterHash,
        'task',
      );
      expect(claimed).toMatchObject({
        result: 'claimed',
        approval: { status: 'executed', executionTaskId: 'task' },
      });
      expect(
        await store.claim(approval.id, approval.parameterHash, 'task'),
      ).toMatchObject({ result: 'claimed' });
      expect(
        await store.claim(approval.id, approval.parameterHash, 'other'),
      ).toMatchObject({ result: 'refused', reason: 'used' });
      expect(
        await store.claim('missing', approval.parameterHash, null),
      ).toEqual({ result: 'missing' });
    });

    it('expires pending and approved requests whose time ran out', async () => {
      const past = new Date(Date.now() - 1000);
      const pending = await store.create(newApproval({ expiresAt: past }));
      const approved = await store.create(
        newApproval({ requiredApprovals: 1 }),
      );
      await store.decide(approved.id, {
        approver: 'user:default/bob',
        decision: 'approve',
        comment: null,
      });
      await knex('dr_approvals')
        .where('id', approved.id)
        .update({ expires_at: past });
      expect(
        await store.claim(approved.id, approved.parameterHash, 't'),
      ).toMatchObject({ result: 'refused', reason: 'expired' });
      expect(await store.expireDue()).toBe(2);
      expect((await store.get(pending.id))?.status).toBe('expired');
      expect(
        (await store.list({ status: ['expired'] })).map(a => a.id).sort(),
      ).toEqual([pending.id, approved.id].sort());
    });
  });
});
