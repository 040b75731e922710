/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConflictError } from '@backstage/errors';
import type { BackupRecord } from '@dr-suite/backstage-plugin-dr-common';
import knexFactory, { type Knex } from 'knex';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { MIGRATIONS_DIRECTORY } from './migrations';
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
    it('shows a request past its expiry as expired before the expiry job runs, without writing it', async () => {
      const past = new Date(Date.now() - 1000);
      const due = await store.create(newApproval({ expiresAt: past }));
      const current = await store.create(newApproval());
      const statusOf = async (id: string) =>
        (await knex('dr_approvals').where('id', id).first()).status;

      expect((await store.get(due.id))?.status).toBe('expired');
      const ids = async (status: Array<'pending' | 'expired'>) =>
        (await store.list({ status })).map(a => a.id);
      expect(await ids(['pending'])).toEqual([current.id]);
      expect(await ids(['expired'])).toEqual([due.id]);
      expect(
        (await store.list({ status: ['pending', 'expired'] })).length,
      ).toBe(2);
      expect(
        await store.decide(due.id, {
          approver: 'user:default/bob',
          decision: 'approve',
          comment: null,
        }),
      ).toBeUndefined();
      // Reads computed it; only the expiry job writes it.
      expect(await statusOf(due.id)).toBe('pending');
      expect(await store.expireDue()).toBe(1);
      expect(await statusOf(due.id)).toBe('expired');
      expect(await statusOf(current.id)).toBe('pending');
    });

    it('pages newest first with a cursor, through equal creation times, and filters in SQL', async () => {
      const at = new Date('2026-11-20T10:00:00.000Z');
      const created = [];
      for (let i = 0; i < 5; i++) {
        created.push(
          await store.create(
            newApproval({
              // Three share one instant: the cursor's id breaks the tie.
              createdAt: new Date(at.getTime() + Math.max(0, i - 2) * 1000),
              entityRef:
                i % 2 ? 'resource:default/other' : 'resource:default/db',
              requester: i === 4 ? 'user:default/bob' : 'user:default/alice',
            }),
          ),
        );
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await store.page({}, { limit: 2, cursor });
        expect(page.totalCount).toBe(5);
        seen.push(...page.items.map(a => a.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
      expect(seen.slice(0, 2)).toEqual([created[4].id, created[3].id]);

      // Visible: the entities the caller may read, plus their own requests.
      const visible = await store.page(
        {
          visibleEntityRefs: ['resource:default/other'],
          visibleRequester: 'user:default/bob',
        },
        { limit: 10 },
      );
      expect(visible.items.map(a => a.id).sort()).toEqual(
        [created[1].id, created[3].id, created[4].id].sort(),
      );
      expect(visible.totalCount).toBe(3);
      expect(
        (await store.entityRefs({ requester: 'user:default/alice' })).sort(),
      ).toEqual(['resource:default/db', 'resource:default/other']);

      // Awaiting Carol: pending, unexpired, not hers, not decided by her.
      await store.decide(created[0].id, {
        approver: 'user:default/carol',
        decision: 'approve',
        comment: null,
      });
      const awaiting = await store.page(
        { awaiting: { principal: 'user:default/carol', now: new Date() } },
        { limit: 10 },
      );
      expect(awaiting.items.map(a => a.id)).not.toContain(created[0].id);
      expect(awaiting.totalCount).toBe(4);
      const bobs = await store.page(
        { awaiting: { principal: 'user:default/bob', now: new Date() } },
        { limit: 10 },
      );
      expect(bobs.items.map(a => a.id)).not.toContain(created[4].id);
    });

    it('records an outcome once; of two concurrent reports one wins', async () => {
      const approval = await store.create(
        newApproval({ requiredApprovals: 1 }),
      );
      const outcome = (o: 'succeeded' | 'failed') => ({
        outcome: o,
        message: o,
        drillId: null,
      });
      // Not executed yet: nothing to record.
      expect(await store.recordOutcome(approval.id, outcome('failed'))).toBe(
        false,
      );
      await store.decide(approval.id, {
        approver: 'user:default/bob',
        decision: 'approve',
        comment: null,
      });
      await store.claim(approval.id, approval.parameterHash, 'task');
      expect(await store.recordOutcome(approval.id, outcome('succeeded'))).toBe(
        true,
      );
      expect(await store.recordOutcome(approval.id, outcome('failed'))).toBe(
        false,
      );
      expect(await store.get(approval.id)).toMatchObject({
        outcome: 'succeeded',
        outcomeMessage: 'succeeded',
      });

      const other = await store.create(newApproval({ requiredApprovals: 1 }));
      await store.decide(other.id, {
        approver: 'user:default/bob',
        decision: 'approve',
        comment: null,
      });
      await store.claim(other.id, other.parameterHash, 'task');
      const results = await Promise.all([
        store.recordOutcome(other.id, outcome('succeeded')),
        store.recordOutcome(other.id, outcome('failed')),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    if (databaseId.startsWith('POSTGRES')) {
      // SQLite serialises writers; PostgreSQL needs the row lock.
      it('makes a second approver wait for the first, so it counts both approvals', async () => {
        const approval = await store.create(newApproval());
        // Carol's decision is under way: her approval inserted and counted
        // (one of two), not committed yet.
        const carol = await knex.transaction();
        await carol('dr_approval_decisions').insert({
          approval_id: approval.id,
          approver: 'user:default/carol',
          decision: 'approve',
          comment: null,
          decided_at: new Date(),
        });

        let bobDone = false;
        const bob = store
          .decide(approval.id, {
            approver: 'user:default/bob',
            decision: 'approve',
            comment: null,
          })
          .finally(() => {
            bobDone = true;
          });
        // Until Bob either waits on the lock or has finished without it.
        for (;;) {
          const [{ waiting }] = await knex('pg_stat_activity')
            .where({
              wait_event_type: 'Lock',
              datname: knex.raw('current_database()'),
            })
            .count({ waiting: '*' });
          if (Number(waiting) > 0 || bobDone) break;
        }
        await carol.commit();

        expect((await bob)?.status).toBe('approved');
        expect((await store.get(approval.id))?.status).toBe('approved');
      });
    }
  });
});

describe('DatabaseApprovalStore on a busy SQLite file', () => {
  let dir: string;
  const instances: Knex[] = [];
  const sqlite = (filename: string) => {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
    });
    instances.push(knex);
    return knex;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-approvals-busy-'));
  });
  afterEach(async () => {
    await Promise.all(instances.splice(0).map(k => k.destroy()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a decision that meets another writer with a conflict, not a database error', async () => {
    const filename = path.join(dir, 'dr.sqlite');
    const replica = sqlite(filename);
    await replica.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    const approval = await new DatabaseApprovalStore(replica).create(
      newApproval({ requiredApprovals: 1 }),
    );

    const deciding = sqlite(filename);
    // Fail at once instead of better-sqlite3's five-second wait.
    await deciding.raw('PRAGMA busy_timeout = 0');
    const writer = await replica.transaction();
    await writer('dr_approvals')
      .where({ id: approval.id })
      .update({ reason: 'another write in progress' });

    try {
      const decided = new DatabaseApprovalStore(deciding).decide(approval.id, {
        approver: 'user:default/bob',
        decision: 'approve',
        comment: null,
      });
      await expect(decided).rejects.toThrow(ConflictError);
      await expect(decided).rejects.toThrow(
        'This restore request changed while you decided; reload it and decide again',
      );
    } finally {
      await writer.rollback();
    }
  });
});
