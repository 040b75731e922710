/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityPosture } from '@dr-suite/backstage-plugin-dr-common';
import {
  type BackupSource,
  BackupSourceRegistry,
  type IndexRunContext,
} from '@dr-suite/backstage-plugin-dr-node';
import type { Knex } from 'knex';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { AuditService } from '../audit/AuditService';
import { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';
import { DatabaseEntityStore } from '../database/DatabaseEntityStore';
import { DatabasePlanStore } from '../database/DatabasePlanStore';
import { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import { BackupFactsRefresher } from '../indexing/BackupFactsRefresher';
import { BackupIndexer } from '../indexing/BackupIndexer';
import { CatalogSync } from '../indexing/CatalogSync';
import { PlanLoader } from '../plan/PlanLoader';
import { PlanService } from '../plan/PlanService';
import { DrAuthorizer } from '../auth/DrAuthorizer';
import { ObjectivesResolver } from './ObjectivesResolver';
import { PostureRefresher } from './PostureRefresher';
import { PostureService } from './PostureService';
import { TierRegistry } from './TierRegistry';

jest.setTimeout(60_000);

const MINUTE = 60_000;

/** An in-memory source whose next run lists the given backups or fails. */
class ScriptedSource implements BackupSource {
  readonly type = 'scripted';
  next: Array<{ key: string; completedAt: Date }> | Error = [];
  constructor(readonly id: string) {}
  async index(context: IndexRunContext) {
    if (this.next instanceof Error) throw this.next;
    await context.sink.upsert(
      this.next.map(({ key, completedAt }) => ({
        key,
        name: key,
        type: 'full' as const,
        status: 'succeeded' as const,
        startedAt: completedAt,
        completedAt,
        sizeBytes: 1,
        checksum: null,
        encrypted: null,
        details: {},
      })),
    );
    return {
      mode: 'full' as const,
      state: {},
      listed: this.next.length,
      upserted: this.next.length,
      removed: 0,
    };
  }
  parseSelector(selector: string) {
    return { kind: 'prefix' as const, prefix: selector, canonical: selector };
  }
}

function resource(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'group:default/team-a' },
  };
}

const ordersDb = resource('orders-db', {
  'dr.backstage.io/rpo': '1h',
  'dr.backstage.io/rto': '30m',
  'dr.backstage.io/backup-sources': 'vol:orders/',
});
const emptyDb = resource('empty-db', {
  'dr.backstage.io/rpo': '1h',
  'dr.backstage.io/backup-sources': 'vol:nothing-here/',
});

describe('stored posture', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    // The injected clock: thresholds pass by moving it, never by waiting.
    let now: Date;
    let source: ScriptedSource;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      now = new Date(Date.now());
      source = new ScriptedSource('vol');
    });

    async function createWorld(entities: Entity[]) {
      const logger = mockServices.logger.mock();
      const registry = BackupSourceRegistry.fromSources([source]);
      const backups = new DatabaseBackupStore(knex);
      const sources = new DatabaseSourceStore(knex);
      const drills = new DatabaseDrillStore(knex);
      const entityStore = new DatabaseEntityStore(knex);
      const facts = new DatabaseEntityFactsStore(knex);
      const postures = new PostureRefresher({
        entities: entityStore,
        sources,
        registry,
        clock: () => now,
      });
      facts.onChange(async refs => {
        await postures.recompute(refs);
      });
      const backupFacts = new BackupFactsRefresher({
        entities: entityStore,
        facts,
        backups,
        registry,
        postures,
      });
      const config = new ConfigReader({});
      const indexer = new BackupIndexer({
        scheduler: mockServices.scheduler.mock(),
        registry,
        sourceStore: sources,
        backupStore: backups,
        facts: backupFacts,
        logger,
        config,
      });
      await indexer.start();
      const resolver = new ObjectivesResolver({
        tiers: TierRegistry.fromConfig(config, logger),
        sources: registry,
        defaultDrillCadenceDays: 90,
      });
      const plans = new PlanService({
        loader: new PlanLoader({
          reader: mockServices.urlReader.mock(),
          integrations: ScmIntegrations.fromConfig(config),
        }),
        store: new DatabasePlanStore(knex),
        refreshIntervalMs: 60_000,
      });
      const syncOf = (catalogEntities: Entity[]) =>
        new CatalogSync({
          catalog: catalogServiceMock({ entities: catalogEntities }),
          auth: mockServices.auth(),
          resolver,
          plans,
          entities: entityStore,
          facts,
          backupFacts,
          postures,
          logger,
        });
      const catalog = catalogServiceMock({ entities });
      const posture = new PostureService({
        resolver,
        plans,
        backups,
        drills,
        sources,
        registry,
        catalog,
        authorizer: new DrAuthorizer(mockServices.permissions()),
        stored: { entities: entityStore, facts, refresher: postures },
      });
      const audit = new AuditService({
        entities: entityStore,
        criticalTier: 'tier-1',
        postures,
      });

      /** The DR tab's posture and the audit's row, which must agree. */
      async function tabAndAudit(entity: Entity) {
        const tab = await posture.getPosture(entity, mockCredentials.user());
        const page = await audit.page({ search: entity.metadata.name }, now);
        const row = page.items.find(r => r.entityRef === tab.entityRef);
        expect(row).toBeDefined();
        expect({
          overall: row!.overall,
          rpoStatus: row!.rpoStatus,
          rtoStatus: row!.rtoStatus,
          drillStatus: row!.drillStatus,
          problemCount: row!.problemCount,
        }).toEqual({
          overall: tab.overall,
          rpoStatus: tab.rpo.status,
          rtoStatus: tab.rto.status,
          drillStatus: tab.drills.status,
          problemCount: tab.problems.filter(p => p.severity !== 'info').length,
        });
        return { tab, row: row! };
      }

      const stored = async (entity: Entity) =>
        (
          await entityStore.getPostures([
            `resource:default/${entity.metadata.name}`,
          ])
        )
          .values()
          .next().value?.posture as EntityPosture | undefined;

      /** Records a drill the way DrillRecorder does: insert, then facts. */
      async function recordDrill(entityRef: string, completedAt: Date) {
        await drills.insert({
          entityRef,
          scenario: 'restore',
          startedAt: new Date(completedAt.getTime() - 10 * MINUTE),
          completedAt,
          outcome: 'succeeded',
          measuredRtoSeconds: 600,
          measuredRpoSeconds: null,
          backupId: null,
          participants: [],
          notes: null,
          actionItems: [],
          approvalId: null,
          taskId: null,
          recordedBy: 'user:default/alice',
        });
        await facts.setDrillFacts(entityRef, await drills.facts(entityRef));
      }

      return {
        indexer,
        sync: syncOf(entities),
        syncOf,
        postures,
        tabAndAudit,
        stored,
        recordDrill,
      };
    }

    it('serves the tab and the audit the same posture, live problems included, and keeps it current as each input changes', async () => {
      const world = await createWorld([ordersDb, emptyDb]);
      source.next = [
        {
          key: 'orders/orders_full_1',
          completedAt: new Date(now.getTime() - 10 * MINUTE),
        },
      ];
      await world.indexer.runSource('vol');
      await world.sync.run();

      // Catalog sync stored both postures.
      expect((await world.stored(ordersDb))?.rpo.status).toBe('met');
      let { tab, row } = await world.tabAndAudit(ordersDb);
      expect(tab.overall).toBe('at-risk');
      expect(row.rpoActualSeconds).toBe(600);

      // A source that indexed fine and found nothing: the audit counts it too.
      ({ tab, row } = await world.tabAndAudit(emptyDb));
      expect(tab.problems.map(p => p.code)).toContain('no-backups');
      expect(row.problemCount).toBe(1);

      // Time passes the RPO target (backup 10 min old, target 1 h): the
      // sweep recomputes only the posture whose judgement stopped holding.
      now = new Date(now.getTime() + 45 * MINUTE);
      expect(await world.postures.sweep()).toBe(0);
      now = new Date(now.getTime() + 6 * MINUTE);
      expect((await world.stored(ordersDb))?.rpo.status).toBe('met');
      expect(await world.postures.sweep()).toBe(1);
      expect((await world.stored(ordersDb))?.rpo.status).toBe('breached');
      ({ tab, row } = await world.tabAndAudit(ordersDb));
      expect(tab.overall).toBe('breach');
      expect(row.rpoActualSeconds).toBe(61 * 60);

      // Backups indexed: a new backup meets the RPO again.
      const latest = [{ key: 'orders/orders_full_2', completedAt: now }];
      source.next = latest;
      await world.indexer.runSource('vol');
      expect((await world.stored(ordersDb))?.rpo.status).toBe('met');

      // A drill recorded: drills current, RTO measured.
      await world.recordDrill('resource:default/orders-db', now);
      expect((await world.stored(ordersDb))?.drills.status).toBe('current');
      ({ tab } = await world.tabAndAudit(ordersDb));
      expect(tab.overall).toBe('ok');

      // The source turns stale: the stored posture and the audit say so.
      source.next = new Error('connection refused');
      await world.indexer.runSource('vol');
      expect(
        (await world.stored(ordersDb))?.problems.map(p => p.code),
      ).toContain('source-stale');
      ({ tab, row } = await world.tabAndAudit(ordersDb));
      expect(tab.problems.map(p => p.code)).toContain('source-stale');
      expect(row.problemCount).toBe(1);

      // ...and ok again once it indexes (asked for, past its backoff).
      source.next = latest;
      await world.indexer.trigger('vol');
      await world.indexer.runSource('vol');
      expect(
        (await world.stored(ordersDb))?.problems.map(p => p.code),
      ).not.toContain('source-stale');

      // The drill becomes overdue after its 90-day cadence. The tab asks
      // before the sweep came by: it judges again from the stored inputs,
      // stores the result, and the sweep has nothing left to do.
      now = new Date(now.getTime() + 91 * 24 * 60 * MINUTE);
      ({ tab } = await world.tabAndAudit(ordersDb));
      expect(tab.drills.status).toBe('overdue');
      expect((await world.stored(ordersDb))?.drills.status).toBe('overdue');
      expect(await world.postures.sweep()).toBe(0);
    });

    it('follows entity changes, from the catalog sync or from the tab first', async () => {
      const world = await createWorld([ordersDb]);
      source.next = [
        {
          key: 'orders/orders_full_1',
          completedAt: new Date(now.getTime() - 30 * MINUTE),
        },
      ];
      await world.indexer.runSource('vol');
      await world.sync.run();
      expect((await world.stored(ordersDb))?.rpo.status).toBe('met');

      // A row from before postures were stored gets one at the next sync.
      await knex('dr_entities').update({
        posture: null,
        posture_next_change_at: null,
      });
      expect(await world.stored(ordersDb)).toBeUndefined();
      await world.sync.run();
      expect((await world.stored(ordersDb))?.rpo.status).toBe('met');

      // The catalog sync sees a stricter RPO.
      const stricter = resource('orders-db', {
        ...ordersDb.metadata.annotations,
        'dr.backstage.io/rpo': '15m',
      });
      await world.syncOf([stricter]).run();
      expect((await world.stored(ordersDb))?.rpo).toMatchObject({
        status: 'breached',
        targetSeconds: 900,
      });
      let { tab } = await world.tabAndAudit(stricter);
      expect(tab.rpo.targetSeconds).toBe(900);

      // The tab sees the entity changed before the sync does.
      const looser = resource('orders-db', {
        ...ordersDb.metadata.annotations,
        'dr.backstage.io/rpo': '2h',
      });
      ({ tab } = await world.tabAndAudit(looser));
      expect(tab.rpo).toMatchObject({ status: 'met', targetSeconds: 7200 });
      expect((await world.stored(ordersDb))?.rpo.targetSeconds).toBe(7200);
    });
  });
});
