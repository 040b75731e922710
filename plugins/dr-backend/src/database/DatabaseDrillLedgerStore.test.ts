/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackupRecord,
  DrillLedgerRow,
} from '@dr-suite/backstage-plugin-dr-common';
import type { Knex } from 'knex';
import { DrillLedger } from '../drills/DrillLedger';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { DatabaseApprovalStore } from './DatabaseApprovalStore';
import {
  DatabaseDrillLedgerStore,
  type DrillLedgerFilter,
} from './DatabaseDrillLedgerStore';
import { DatabaseDrillStore, type NewDrill } from './DatabaseDrillStore';

jest.setTimeout(60_000);

const ORDERS = 'resource:default/orders-db';
const LEGACY = 'resource:default/legacy-db';
const ALL: DrillLedgerFilter = { visibility: { all: true } };
const T0 = Date.parse('2026-11-01T00:00:00Z');
const HOUR = 3600_000;

const backup: BackupRecord = {
  id: 'b1',
  sourceId: 'volume',
  sourceType: 'filesystem',
  key: 'orders-db/orders_full_20261101_000000.sql.gz',
  name: 'orders_full_20261101_000000.sql.gz',
  type: 'full',
  status: 'succeeded',
  startedAt: null,
  completedAt: new Date(T0 - 2 * HOUR).toISOString(),
  sizeBytes: 10,
  checksum: null,
  encrypted: null,
  details: {},
};

function drill(extra: Partial<NewDrill> = {}): NewDrill {
  return {
    entityRef: ORDERS,
    scenario: 'database-corruption',
    startedAt: new Date(T0),
    completedAt: new Date(T0 + HOUR),
    outcome: 'succeeded',
    measuredRtoSeconds: 3600,
    measuredRpoSeconds: null,
    backupId: null,
    participants: [],
    notes: null,
    actionItems: [],
    approvalId: null,
    taskId: null,
    recordedBy: 'user:default/alice',
    evidenceUrl: 'https://runbooks.example.com/drills/1',
    ...extra,
  };
}

async function collect(
  store: DatabaseDrillLedgerStore,
  filter: DrillLedgerFilter,
): Promise<{ pages: number; rows: DrillLedgerRow[] }> {
  let pages = 0;
  const rows: DrillLedgerRow[] = [];
  for await (const page of store.pages(filter)) {
    pages += 1;
    rows.push(...page);
  }
  return { pages, rows };
}

describe('DatabaseDrillLedgerStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let drills: DatabaseDrillStore;
    let restoreDrillId: string;

    beforeAll(async () => {
      knex = await migratedDatabase(databases, databaseId);
      drills = new DatabaseDrillStore(knex);
      const entity = (ref: string, owner: string, tier: string | null) => ({
        entity_ref: ref,
        kind: 'Resource',
        namespace: 'default',
        name: ref.split('/')[1],
        owner,
        tier,
        drill_cadence_days: 90,
        has_objectives: true,
        selectors: '[]',
        scenarios: '[]',
        problems: '[]',
        fingerprint: ref,
        synced_at: new Date(T0),
        overall: 'ok',
      });
      await knex('dr_entities').insert([
        entity(ORDERS, 'group:default/team-orders', 'tier-1'),
        entity(LEGACY, 'group:default/team-legacy', null),
      ]);
      await knex('dr_backups').insert({
        id: 'b1',
        source_id: 'volume',
        key: backup.key,
        name: backup.name,
        type: 'full',
        status: 'succeeded',
        completed_at: new Date(backup.completedAt!),
        sort_time: new Date(backup.completedAt!),
        details: '{}',
        fingerprint: 'f',
        indexed_at: new Date(T0),
      });

      // A restore: requested by Alice, approved by Bob, checked, voided.
      const approvals = new DatabaseApprovalStore(knex);
      const approval = await approvals.create({
        entityRef: ORDERS,
        requester: 'user:default/alice',
        reason: '+quarterly drill',
        ticket: '=HYPERLINK("http://evil")',
        parameters: {
          kind: 'postgres',
          entityRef: ORDERS,
          backupId: 'b1',
          targetId: 'orders-staging',
          scenario: 'database-corruption',
          checks: [],
        },
        parameterHash: 'a'.repeat(64),
        requiredApprovals: 1,
        backup,
        target: {
          id: 'orders-staging',
          kind: 'postgres',
          title: 'Orders staging',
          environment: 'staging',
        },
        createdAt: new Date(T0 - HOUR),
        expiresAt: new Date(Date.now() + HOUR),
      });
      await approvals.decide(approval.id, {
        approver: 'user:default/bob',
        decision: 'approve',
        comment: null,
      });
      const restore = await drills.insert(
        drill({
          source: 'restore',
          approvalId: approval.id,
          taskId: 'task-1',
          backupId: 'b1',
          measuredRpoSeconds: 7200,
          measuredRtoSeconds: 95,
          recordedBy: 'plugin:scaffolder',
          evidenceUrl: null,
          scenario: '@SUM(A1)',
          completedAt: new Date(T0 + 2 * HOUR),
        }),
      );
      restoreDrillId = restore.id;
      await knex('dr_drills')
        .where('id', restore.id)
        .update({
          phases: JSON.stringify([
            {
              name: 'load',
              startedAt: new Date(T0).toISOString(),
              completedAt: new Date(T0 + 90_000).toISOString(),
              durationSeconds: 90,
            },
          ]),
          checks: JSON.stringify([
            { name: 'orders', type: 'sql', passed: true, detail: '-1 rows' },
            { name: 'health', type: 'http', passed: false, detail: '503' },
          ]),
        });
      await drills.void(ORDERS, restore.id, {
        voidedBy: 'user:default/bob',
        reason: '-wrong target',
      });

      // A run of a restore-test plan, on another team's entity.
      const test = await drills.insert(
        drill({
          entityRef: LEGACY,
          source: 'restore',
          recordedBy: 'plugin:dr',
          completedAt: new Date(T0 + 3 * HOUR),
        }),
      );
      await knex('dr_drills')
        .where('id', test.id)
        .update({ kind: 'restore-test', restore_test_plan: 'weekly-legacy' });

      // Many manual drills completing at the same instant, to page through.
      const rows = Array.from({ length: 250 }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        entity_ref: ORDERS,
        scenario: 'region-loss',
        started_at: new Date(T0 + 9 * HOUR),
        completed_at: new Date(T0 + 10 * HOUR),
        outcome: 'succeeded',
        measured_rto_seconds: 3600,
        participants: '[]',
        action_items: '[]',
        recorded_by: 'user:default/alice',
        recorded_at: new Date(T0 + 10 * HOUR),
        source: 'manual',
      }));
      for (let i = 0; i < rows.length; i += 50) {
        await knex('dr_drills').insert(rows.slice(i, i + 50));
      }
    });

    it('reads every drill through the database a page at a time, in completion order', async () => {
      const store = new DatabaseDrillLedgerStore(knex, { pageSize: 100 });
      const { pages, rows } = await collect(store, ALL);
      expect(rows).toHaveLength(252);
      // 252 rows in pages of 100: three queries, none holding them all.
      expect(pages).toBe(3);
      expect(new Set(rows.map(r => r.drillId)).size).toBe(252);
      const times = rows.map(r => Date.parse(r.completedAt));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    });

    it('says who asked, who approved, which backup, where, how long and what was checked', async () => {
      const { rows } = await collect(new DatabaseDrillLedgerStore(knex), {
        ...ALL,
        kind: ['restore'],
      });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        drillId: restoreDrillId,
        entityRef: ORDERS,
        owner: 'group:default/team-orders',
        tier: 'tier-1',
        kind: 'restore',
        requestedBy: 'user:default/alice',
        requestReason: '+quarterly drill',
        approvedBy: ['user:default/bob'],
        taskId: 'task-1',
        backupId: 'b1',
        backupName: backup.name,
        backupSourceId: 'volume',
        backupCompletedAt: backup.completedAt,
        backupAgeSeconds: 7200,
        targetId: 'orders-staging',
        targetEnvironment: 'staging',
        measuredRtoSeconds: 95,
        phases: [expect.objectContaining({ name: 'load', durationSeconds: 90 })],
        checksRun: 2,
        checksPassed: 1,
        voided: true,
        voidedBy: 'user:default/bob',
        voidReason: '-wrong target',
      });

      const tests = await collect(new DatabaseDrillLedgerStore(knex), {
        ...ALL,
        kind: ['restore-test'],
      });
      expect(tests.rows).toHaveLength(1);
      expect(tests.rows[0]).toMatchObject({
        entityRef: LEGACY,
        kind: 'restore-test',
        approvedBy: ['restore-test plan weekly-legacy'],
        voided: false,
      });
    });

    it('filters by completion time, entity, owner and kind in SQL', async () => {
      const store = new DatabaseDrillLedgerStore(knex);
      const count = async (filter: Partial<DrillLedgerFilter>) =>
        (await collect(store, { ...ALL, ...filter })).rows.length;
      expect(await count({ kind: ['manual'] })).toBe(250);
      expect(await count({ kind: ['manual', 'restore-test'] })).toBe(251);
      expect(await count({ entityRef: [LEGACY] })).toBe(1);
      expect(await count({ owner: ['group:default/team-orders'] })).toBe(251);
      expect(await count({ tier: ['tier-1'] })).toBe(251);
      expect(
        await count({
          from: new Date(T0 + 2 * HOUR),
          to: new Date(T0 + 10 * HOUR),
        }),
      ).toBe(2);
      expect(await count({ to: new Date(T0 + 2 * HOUR) })).toBe(0);
    });

    it('lists only the entities the permission conditions cover', async () => {
      const store = new DatabaseDrillLedgerStore(knex);
      const owned = await collect(store, {
        visibility: {
          all: false,
          criteria: { key: 'owner', values: ['group:default/team-legacy'] },
        },
      });
      expect(owned.rows.map(r => r.entityRef)).toEqual([LEGACY]);
      // `not` keeps entities without a tier, as the rule's apply does.
      const notTier1 = await collect(store, {
        visibility: {
          all: false,
          criteria: { not: { key: 'tier', values: ['tier-1'] } },
        },
      });
      expect(notTier1.rows.map(r => r.entityRef)).toEqual([LEGACY]);
      const none = await collect(store, {
        visibility: { all: false, criteria: { key: 'owner', values: [] } },
      });
      expect(none.rows).toEqual([]);
    });

    it('exports CSV that no spreadsheet runs as a formula, and JSON', async () => {
      const ledger = new DrillLedger(new DatabaseDrillLedgerStore(knex));
      const filter = { ...ALL, kind: ['restore'] };
      let csv = '';
      for await (const chunk of ledger.csv(filter)) csv += chunk;
      const [header, line] = csv.trim().split('\n');
      expect(header.split(',').slice(0, 6)).toEqual([
        'drillId',
        'entityRef',
        'owner',
        'tier',
        'scenario',
        'kind',
      ]);
      expect(line).toContain(`,'@SUM(A1),restore,`);
      expect(line).toContain(`,'+quarterly drill,`);
      expect(line).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(line).toContain(`,'-wrong target`);
      expect(line).toContain(',load 90 s,2,1,orders: passed (-1 rows); health: failed (503),');
      // No cell starts with a formula character.
      expect(line).not.toMatch(/(^|,)"?[=+\-@]/);

      let json = '';
      for await (const chunk of ledger.json(filter)) json += chunk;
      expect(JSON.parse(json).items).toEqual([
        expect.objectContaining({
          drillId: restoreDrillId,
          scenario: '@SUM(A1)',
        }),
      ]);
    });
  });
});
