/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type TestDatabaseId,
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import searchPlugin from '@backstage/plugin-search-backend';
// The real DR plugin serves the API the module reads; tests only.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { searchModuleDrCollator } from './module';

jest.setTimeout(60_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** The demo catalog, as the catalog would serve it from examples/. */
function demoEntities(): Entity[] {
  const file = path.join(EXAMPLES, 'entities.yaml');
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS() as Entity)
    .filter(Boolean)
    .map(entity => ({
      ...entity,
      metadata: {
        namespace: 'default',
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'backstage.io/managed-by-location': `file:${file}`,
        },
      },
    }));
}

describe('the DR runbook collator in the search backend', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    /** Starts the backend; `deniedToUsers` permissions are denied to users, never to the collator. */
    async function start(options: { deniedToUsers?: string[] } = {}) {
      const scheduler = mockServices.scheduler() as any;
      const denied = new Set(options.deniedToUsers);
      const decide = (
        name: string,
        credentials: BackstageCredentials,
      ): PolicyDecision => ({
        result:
          denied.has(name) &&
          (credentials.principal as { type?: string }).type === 'user'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const permissions = mockServices.permissions.mock({
        authorize: async (requests, { credentials }) =>
          requests.map(r => decide(r.permission.name, credentials)) as any,
        authorizeConditional: async (requests, { credentials }) =>
          requests.map(r => decide(r.permission.name, credentials)) as any,
      });
      const { server } = await startTestBackend({
        features: [
          drPlugin,
          searchPlugin,
          searchModuleDrCollator,
          scheduler.factory(),
          permissions.factory,
          // The search backend filters results by permission only when enabled.
          mockServices.rootConfig.factory({
            data: { permission: { enabled: true } },
          }),
          mockServices.database.factory({
            knex: await databases.init(databaseId as TestDatabaseId),
          }),
          catalogServiceMock.factory({ entities: demoEntities() }),
        ],
      });
      await scheduler.triggerTask('search_index_dr_runbook');
      const search = async (term: string) => {
        const res = await request(server)
          .get('/api/search/query')
          .query({ term, types: ['dr-runbook'] });
        expect({ status: res.status, error: res.body.error }).toEqual({
          status: 200,
          error: undefined,
        });
        return res.body.results as Array<{ type: string; document: any }>;
      };
      return { search };
    }

    it('finds the payments region failover runbook', async () => {
      const { search } = await start();
      const results = await search('payments region failover');
      expect(results[0].type).toBe('dr-runbook');
      expect(results[0].document).toMatchObject({
        title: 'Fail over payments (Payments service)',
        entityRef: 'component:default/payments-service',
        entityRefs: [
          'component:default/payments-service',
          'resource:default/payments-db',
        ],
        owner: 'group:team-payments',
        scenario: 'region-loss',
        scenarioTitle: 'Primary region unavailable',
        location:
          '/catalog/default/component/payments-service/dr#runbook-region-loss',
        steps: [
          'Page the platform on-call',
          'Restore payments-db in the secondary region',
          'Re-point the card processor webhooks to the secondary region',
        ],
      });
    });

    it('finds a runbook by a symptom and its commands', async () => {
      const { search } = await start();
      const [first] = await search('ledger reconciliation mismatches');
      expect(first.document).toMatchObject({
        scenario: 'database-corruption',
        entityRef: 'component:default/payments-service',
        symptoms: expect.arrayContaining([
          'Ledger reconciliation job reports mismatches',
        ]),
      });
      expect(first.document.text).toContain(
        '$ kubectl -n payments set env deploy/payments-api MAINTENANCE=true',
      );
    });

    it('indexes each plan once, with every runbook of the demo plans', async () => {
      const { search } = await start();
      const all = await search('');
      const keys = all.map(
        r => `${r.document.entityRef} ${r.document.scenario}`,
      );
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toEqual(
        expect.arrayContaining([
          'component:default/payments-service region-loss',
          'component:default/payments-service database-corruption',
          'component:default/orders-service region-loss',
        ]),
      );
    });

    it('shows no runbook to someone who may not read DR posture', async () => {
      const { search } = await start({ deniedToUsers: ['dr.posture.read'] });
      expect(await search('payments region failover')).toEqual([]);
    });
  });
});
