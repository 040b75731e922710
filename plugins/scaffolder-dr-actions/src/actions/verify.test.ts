/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { RestoreTargetRegistry } from '@dr-suite/backstage-plugin-dr-node';
import {
  describeWithPostgres,
  dropDatabases,
  pgSettings,
  uniqueName,
  withClient,
} from '../__testUtils__/postgresFixtures';
import { expectExamplesMatchSchema } from '../__testUtils__/actionTestKit';
import { createDrVerifyAction } from './verify';

jest.setTimeout(60_000);

describe('dr:verify', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(req.url === '/healthz' ? 200 : 503, {
        'Content-Type': 'text/plain',
      });
      res.end(req.url === '/healthz' ? 'status: ok' : 'down');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('verifies nothing without checks, and says so', async () => {
    const action = createDrVerifyAction({
      targets: RestoreTargetRegistry.fromConfig(new ConfigReader({})),
    });
    const ctx = createMockActionContext({ input: { checks: [] } });
    const warn = jest.spyOn(ctx.logger, 'warn');
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('verified', false);
    expect(warn).toHaveBeenCalledWith(
      'No checks were configured: the restore is not verified',
    );
  });

  it('checks HTTP endpoints for status and body and fails the step when one fails', async () => {
    const action = createDrVerifyAction({
      targets: RestoreTargetRegistry.fromConfig(new ConfigReader({})),
    });
    const ok = createMockActionContext({
      input: {
        checks: [{ type: 'http', url: `${base}/healthz`, contains: 'ok' }],
      },
    });
    await action.handler(ok as any);
    expect(ok.output).toHaveBeenCalledWith('passed', true);
    expect(ok.output).toHaveBeenCalledWith('verified', true);

    const bad = createMockActionContext({
      input: {
        checks: [
          { type: 'http', name: 'api', url: `${base}/api` },
          {
            type: 'http',
            name: 'body',
            url: `${base}/healthz`,
            contains: 'ready',
          },
        ],
      },
    });
    await expect(action.handler(bad as any)).rejects.toThrow(
      '2 of 2 checks failed',
    );
    expect(bad.output).toHaveBeenCalledWith('results', [
      {
        name: 'api',
        type: 'http',
        passed: false,
        detail: 'answered 503, expected 200',
      },
      {
        name: 'body',
        type: 'http',
        passed: false,
        detail: 'answered 200 without "ready" in the body',
      },
    ]);
  });

  describeWithPostgres('SQL checks against a postgres restore target', () => {
    const database = uniqueName('dr_test_verify');
    beforeAll(async () => {
      await withClient('postgres', c =>
        c.query(`CREATE DATABASE ${c.escapeIdentifier(database)}`),
      );
      await withClient(database, c =>
        c.query(
          'CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2), (3)',
        ),
      );
    });
    afterAll(() => dropDatabases(database));

    it('passes, fails and never writes', async () => {
      const targets = RestoreTargetRegistry.fromConfig(
        new ConfigReader({
          dr: {
            restoreTargets: {
              staging: {
                type: 'postgres',
                connection: { ...pgSettings(), database },
              },
            },
          },
        }),
      );
      const ctx = createMockActionContext({
        input: {
          targetId: 'staging',
          failOnError: false,
          checks: [
            {
              type: 'sql',
              name: 'count',
              query: 'select count(*) from orders',
              expect: 3,
            },
            {
              type: 'sql',
              name: 'rows',
              query: 'select * from orders',
              minRows: 5,
            },
            { type: 'sql', name: 'write', query: 'delete from orders' },
          ],
        },
      });
      await createDrVerifyAction({ targets }).handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('passed', false);
      expect(ctx.output).toHaveBeenCalledWith('results', [
        expect.objectContaining({ name: 'count', passed: true }),
        {
          name: 'rows',
          type: 'sql',
          passed: false,
          detail: 'returned 3 rows, expected at least 5',
        },
        expect.objectContaining({
          name: 'write',
          passed: false,
          detail: expect.stringContaining('read-only transaction'),
        }),
      ]);
      expect(
        await withClient(
          database,
          async c =>
            (
              await c.query('select count(*) from orders')
            ).rows[0].count,
        ),
      ).toBe('3');
    });
  });

  it('has examples that match its schema', () => {
    expectExamplesMatchSchema(
      createDrVerifyAction({
        targets: RestoreTargetRegistry.fromConfig(new ConfigReader({})),
      }),
    );
  });
});
