/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  BackupSourceRegistry,
  FilesystemBackupSource,
} from '@dr-suite/backstage-plugin-dr-node';
import type { Knex } from 'knex';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { AuditService } from '../audit/AuditService';
import { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';
import { DatabaseEntityStore } from '../database/DatabaseEntityStore';
import { DatabasePlanStore } from '../database/DatabasePlanStore';
import { DatabasePostureNotificationStore } from '../database/DatabasePostureNotificationStore';
import { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import { BackupFactsRefresher } from '../indexing/BackupFactsRefresher';
import { BackupIndexer } from '../indexing/BackupIndexer';
import { CatalogSync } from '../indexing/CatalogSync';
import { PlanLoader } from '../plan/PlanLoader';
import { PlanService } from '../plan/PlanService';
import { ObjectivesResolver } from './ObjectivesResolver';
import { PostureNotifier } from './PostureNotifier';
import { PostureRefresher } from './PostureRefresher';
import { TierRegistry } from './TierRegistry';

jest.setTimeout(60_000);

const OWNER = 'group:default/team-shop';
const ORDERS_DB = 'resource:default/orders-db';
const SHOP = 'system:default/shop';

const ordersDb: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders-db',
    namespace: 'default',
    annotations: {
      'dr.backstage.io/rpo': '1h',
      'dr.backstage.io/backup-sources': 'vol:orders-db/',
    },
  },
  spec: { owner: OWNER, system: 'shop' },
};
const shop: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: OWNER },
};

describe('an entity that leaves the catalog', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let volume: string;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      volume = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-removal-test-'));
      fs.mkdirSync(path.join(volume, 'orders-db'));
    });
    afterEach(() => fs.rmSync(volume, { recursive: true, force: true }));

    function createWorld() {
      const logger = mockServices.logger.mock();
      const registry = BackupSourceRegistry.fromSources([
        new FilesystemBackupSource({ id: 'vol', directory: volume, logger }),
      ]);
      const backups = new DatabaseBackupStore(knex);
      const sources = new DatabaseSourceStore(knex);
      const entities = new DatabaseEntityStore(knex);
      const facts = new DatabaseEntityFactsStore(knex);
      const send = jest.fn();
      const notifications = new DatabasePostureNotificationStore(knex);
      const postures = new PostureRefresher({
        entities,
        sources,
        registry,
        notifier: new PostureNotifier({
          store: notifications,
          notifications: { send } as any,
          logger,
        }),
      });
      facts.onChange(async refs => {
        await postures.recompute(refs);
      });
      const backupFacts = new BackupFactsRefresher({
        entities,
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
      /** One catalog sync over these catalog entities. */
      const sync = (catalogEntities: Entity[]) =>
        new CatalogSync({
          catalog: catalogServiceMock({ entities: catalogEntities }),
          auth: mockServices.auth(),
          resolver,
          plans,
          entities,
          facts,
          backupFacts,
          postures,
          logger,
        }).run();
      const audit = new AuditService({
        entities,
        criticalTier: 'tier-1',
        postures,
      });
      const auditRow = async (entityRef: string) =>
        (await audit.page({ limit: 100 })).items.find(
          r => r.entityRef === entityRef,
        );
      return { indexer, sync, send, notifications, auditRow };
    }

    it('is forgotten by the notifications and by its System, and is told afresh when it returns', async () => {
      const world = createWorld();
      const writeDump = (name: string, at: Date) => {
        const file = path.join(volume, 'orders-db', name);
        fs.writeFileSync(file, 'backup');
        fs.utimesSync(file, at, at);
      };
      writeDump(
        'orders_full_old.sql.gz',
        new Date(Date.now() - 3 * 86_400_000),
      );
      await world.indexer.runSource('vol');
      await world.sync([ordersDb, shop]);
      // Its newest backup is three days old: orders-db is in breach, and so
      // is its System.
      expect(await world.auditRow(SHOP)).toMatchObject({
        overall: 'breach',
        drivenBy: ORDERS_DB,
      });
      expect([...(await world.notifications.get([ORDERS_DB])).keys()]).toEqual([
        ORDERS_DB,
      ]);

      await world.sync([shop]);
      expect(await world.notifications.get([ORDERS_DB, SHOP])).toEqual(
        new Map([[SHOP, expect.any(String)]]),
      );
      // Without parts the System has nothing to be judged by.
      expect(await world.auditRow(SHOP)).toBeUndefined();

      // It comes back with a fresh backup: a first posture, told to no one,
      // never compared with what it was before it left.
      writeDump('orders_full_new.sql.gz', new Date(Date.now() - 10 * 60_000));
      await world.indexer.runSource('vol');
      await world.sync([ordersDb, shop]);
      expect(await world.auditRow(ORDERS_DB)).toMatchObject({
        rpoStatus: 'met',
      });
      expect(await world.auditRow(SHOP)).toMatchObject({
        drivenBy: ORDERS_DB,
      });
      expect(world.send).not.toHaveBeenCalled();
    });
  });
});
