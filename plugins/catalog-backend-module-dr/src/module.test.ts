/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { createBackupSourceFactoryFeature } from '@dr-suite/backstage-plugin-dr-node';
// The DR backend runs beside the catalog to show the posture and the audit.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import request from 'supertest';
import catalogModuleDr from '.';

jest.setTimeout(120_000);

const WAIT_LIMIT_MS = 30_000;
const POLL_INTERVAL_MS = 100;

/**
 * Reads until `done` holds, a short interval apart, and fails with the last
 * value after WAIT_LIMIT_MS: catalog processing runs in its own loop.
 */
async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
) {
  return `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
${Object.entries(annotations)
  .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`)
  .join('\n')}
spec:
  type: service
  lifecycle: production
  owner: ${owner}
`;
}

const BROKEN_DR = {
  'dr.backstage.io/tier': 'platinum',
  'dr.backstage.io/rpo': 'banana',
  'dr.backstage.io/backup-sources': 'tape:orders/, vol:../etc',
};

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** Each plugin gets its own schema in a fresh PostgreSQL test database. */
async function databaseConfig(
  databaseId: ReturnType<typeof databases.eachSupportedId>[number][0],
) {
  if (databaseId === 'SQLITE_3') {
    return { client: 'better-sqlite3', connection: ':memory:' };
  }
  const knex = await databases.init(databaseId);
  return {
    client: 'pg',
    connection: knex.client.config.connection,
    pluginDivisionMode: 'schema',
    ensureSchemaExists: true,
  };
}

describe.each(databases.eachSupportedId())(
  'the catalog with the DR module, on %s',
  databaseId => {
    let root: string;
    let catalogFile: string;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    // The mock scheduler is typed as the service; it also installs itself.
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(): ServiceFactory;
    };

    const writeCatalog = (...documents: string[]) =>
      fs.writeFileSync(catalogFile, documents.join(''));
    const getEntity = async (name: string) => {
      const res = await request(backend.server).get(
        `/api/catalog/entities/by-name/component/default/${name}`,
      );
      return { status: res.status, body: res.body };
    };

    beforeAll(async () => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-catalog-module-'));
      fs.mkdirSync(path.join(root, 'volume'));
      catalogFile = path.join(root, 'catalog-info.yaml');
      writeCatalog(
        component('payments', 'team-a', BROKEN_DR),
        component('orders', 'team-a', {
          'dr.backstage.io/rpo': '15m',
          'dr.backstage.io/backup-sources': 'vol:orders/',
        }),
      );
      backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleDr,
          drPlugin,
          scheduler.factory(),
          mockServices.rootConfig.factory({
            data: {
              backend: { database: await databaseConfig(databaseId) },
              catalog: {
                rules: [{ allow: ['Component'] }],
                locations: [{ type: 'file', target: catalogFile }],
              },
              dr: {
                sources: {
                  vol: {
                    type: 'filesystem',
                    directory: path.join(root, 'volume'),
                  },
                },
                tiers: { gold: { rto: '1h', rpo: '15m' } },
              },
            },
          }),
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('stores a new component with broken DR annotations and its DR posture says how to fix each', async () => {
      const stored = await waitFor(
        'component:default/payments in the catalog',
        () => getEntity('payments'),
        res => res.status === 200,
      );
      expect(stored.body.metadata.annotations).toMatchObject(BROKEN_DR);

      const posture = await request(backend.server).get(
        '/api/dr/entities/component/default/payments/posture',
      );
      expect(posture.status).toBe(200);
      expect(posture.body.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'unknown-tier',
            field: 'dr.backstage.io/tier',
            message: 'Tier "platinum" is not defined.',
            fix: 'Use one of gold, or define dr.tiers.platinum in app-config.',
          }),
          expect.objectContaining({
            code: 'invalid-annotation',
            field: 'dr.backstage.io/rpo',
            message: expect.stringContaining(
              '"banana" is not a valid duration',
            ),
            fix: 'Set dr.backstage.io/rpo to a duration such as 15m, 4h, 1d or PT15M.',
          }),
          expect.objectContaining({
            code: 'unknown-source',
            field: 'dr.backstage.io/backup-sources',
            message: 'Backup source "tape" is not configured.',
            fix: 'Use one of vol, or configure dr.sources.tape in app-config.',
          }),
          expect.objectContaining({
            code: 'invalid-selector',
            field: 'dr.backstage.io/backup-sources',
            message: expect.stringContaining(
              'Prefix "../etc" for source "vol"',
            ),
            fix: expect.stringMatching(
              /^Write each entry as <sourceId>:<selector>/,
            ),
          }),
        ]),
      );

      // The audit lists it too, although its only objective is the broken one.
      await scheduler.triggerTask('dr-catalog-sync');
      const audit = await request(backend.server).get('/api/dr/audit');
      expect(audit.status).toBe(200);
      expect(
        audit.body.items.find(
          (row: { entityRef: string }) =>
            row.entityRef === 'component:default/payments',
        ),
      ).toMatchObject({ overall: 'none', problemCount: 4 });
    });

    it('takes an edit of an existing component that adds a DR typo and changes its owner', async () => {
      await waitFor(
        'component:default/orders owned by team-a',
        () => getEntity('orders'),
        res => res.body?.spec?.owner === 'team-a',
      );

      writeCatalog(
        component('payments', 'team-a', BROKEN_DR),
        component('orders', 'team-b', {
          'dr.backstage.io/rpo': '15 minuets',
          'dr.backstage.io/backup-sources': 'vol:orders/',
        }),
      );
      const refresh = await request(backend.server)
        .post('/api/catalog/refresh')
        .send({ entityRef: 'component:default/orders' });
      expect(refresh.status).toBe(200);

      const edited = await waitFor(
        'component:default/orders owned by team-b',
        () => getEntity('orders'),
        res => res.body?.spec?.owner === 'team-b',
      );
      expect(edited.body.metadata.annotations['dr.backstage.io/rpo']).toBe(
        '15 minuets',
      );
      expect(edited.body.relations).toContainEqual({
        type: 'ownedBy',
        targetRef: 'group:default/team-b',
      });

      const posture = await request(backend.server).get(
        '/api/dr/entities/component/default/orders/posture',
      );
      expect(posture.body.problems).toContainEqual(
        expect.objectContaining({
          code: 'invalid-annotation',
          field: 'dr.backstage.io/rpo',
        }),
      );
    });
  },
);

describe('the DR module with a backup source type added by another module', () => {
  let root: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const logger = mockServices.logger.mock();

  // Installed the way a third party's source module is, from outside dr-node.
  const archiveSourceType = createBackupSourceFactoryFeature({
    type: 'archive',
    create: ({ id }) => ({
      id,
      type: 'archive',
      index: async () => ({
        mode: 'full',
        state: {},
        listed: 0,
        upserted: 0,
        removed: 0,
      }),
      parseSelector: selector => {
        if (!selector.endsWith('/')) {
          throw new InputError(
            `Archive selector "${selector}" must be a folder ending in /`,
          );
        }
        return { kind: 'prefix', prefix: selector, canonical: selector };
      },
    }),
  });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-catalog-module-'));
    const catalogFile = path.join(root, 'catalog-info.yaml');
    fs.writeFileSync(
      catalogFile,
      component('ledger', 'team-a', {
        'dr.backstage.io/backup-sources': 'arc:ledger/, arc:ledger, tape:x/',
      }),
    );
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleDr,
        archiveSourceType,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            catalog: {
              rules: [{ allow: ['Component'] }],
              locations: [{ type: 'file', target: catalogFile }],
            },
            dr: { sources: { arc: { type: 'archive' } } },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('checks entries of that type with its own selector rules, and stores the entity', async () => {
    const warning = await waitFor(
      'the DR warning about component:default/ledger',
      async () =>
        logger.warn.mock.calls
          .map(([message]) => String(message))
          .find(message => message.startsWith('component:default/ledger')),
      message => message !== undefined,
    );
    expect(warning).toContain(
      'has 2 DR annotation problems (the entity is stored as usual): ' +
        'dr.backstage.io/backup-sources entry "arc:ledger" has an invalid selector: Archive selector "ledger" must be a folder ending in /; ' +
        'dr.backstage.io/backup-sources entry "tape:x/" names source "tape", which is not configured under dr.sources.',
    );
    await waitFor(
      'component:default/ledger in the catalog',
      async () =>
        (
          await request(backend.server).get(
            '/api/catalog/entities/by-name/component/default/ledger',
          )
        ).status,
      status => status === 200,
    );
  });
});
