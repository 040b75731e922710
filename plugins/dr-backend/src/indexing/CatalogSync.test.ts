/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
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
import { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';
import { DatabaseEntityStore } from '../database/DatabaseEntityStore';
import { DatabasePlanStore } from '../database/DatabasePlanStore';
import { PlanLoader } from '../plan/PlanLoader';
import { PlanService } from '../plan/PlanService';
import { ObjectivesResolver } from '../posture/ObjectivesResolver';
import { TierRegistry } from '../posture/TierRegistry';
import { BackupFactsRefresher } from './BackupFactsRefresher';
import { CatalogSync } from './CatalogSync';

jest.setTimeout(60_000);

function entity(
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
  owner = 'team-a',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { owner },
  };
}

describe('CatalogSync', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
    });

    function createSync(entities: Entity[]) {
      const logger = mockServices.logger.mock();
      const registry = BackupSourceRegistry.fromSources([
        new FilesystemBackupSource({
          id: 'vol',
          directory: '/nonexistent',
          logger,
        }),
      ]);
      const backups = new DatabaseBackupStore(knex);
      const entityStore = new DatabaseEntityStore(knex);
      const facts = new DatabaseEntityFactsStore(knex);
      const config = new ConfigReader({
        dr: { tiers: { 'tier-1': { rto: '1h', rpo: '15m' } } },
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
      const sync = new CatalogSync({
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        resolver,
        plans,
        entities: entityStore,
        facts,
        backupFacts: new BackupFactsRefresher({
          entities: entityStore,
          facts,
          backups,
          registry,
        }),
        logger,
      });
      return { sync, entityStore, backups };
    }

    it('snapshots Components, Resources and Systems with their objectives and problems', async () => {
      const { sync, entityStore, backups } = createSync([
        entity('Component', 'orders', {
          'dr.backstage.io/tier': 'tier-1',
          'dr.backstage.io/backup-sources': 'vol:orders/',
        }),
        entity(
          'Resource',
          'db',
          { 'dr.backstage.io/rto': 'never' },
          'group:other/dba',
        ),
        entity('System', 'shop'),
        entity('API', 'orders-api', { 'dr.backstage.io/rto': '1h' }),
        entity('Group', 'team-a'),
      ]);
      const now = new Date();
      await backups.sinkFor('vol', 'filesystem').upsert([
        {
          key: 'orders/x',
          name: 'x',
          type: 'full',
          status: 'succeeded',
          startedAt: now,
          completedAt: now,
          sizeBytes: 1,
          checksum: null,
          encrypted: null,
          details: {},
        },
      ]);

      expect(await sync.run()).toEqual({ entities: 3, changed: 3, removed: 0 });
      const rows = await entityStore.listWithFacts({});
      expect(rows.map(r => [r.entityRef, r.owner, r.hasObjectives])).toEqual([
        ['component:default/orders', 'group:default/team-a', true],
        ['resource:default/db', 'group:other/dba', false],
        ['system:default/shop', 'group:default/team-a', false],
      ]);
      expect(rows[0]).toMatchObject({
        tier: 'tier-1',
        rtoSeconds: 3600,
        rpoSeconds: 900,
        lastSuccessfulBackupAt: now,
      });
      expect(rows[1].problems.map(p => p.code)).toEqual(['invalid-annotation']);

      expect(await sync.run()).toEqual({ entities: 3, changed: 0, removed: 0 });
    });

    it('forgets entities removed from the catalog', async () => {
      const first = createSync([
        entity('Component', 'a', { 'dr.backstage.io/rpo': '1h' }),
        entity('Component', 'b'),
      ]);
      await first.sync.run();
      const second = createSync([
        entity('Component', 'a', { 'dr.backstage.io/rpo': '1h' }),
      ]);
      expect(await second.sync.run()).toEqual({
        entities: 1,
        changed: 0,
        removed: 1,
      });
    });
  });
});
