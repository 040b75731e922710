/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  BackupSourceRegistry,
  PostgresRestorer,
  type ReadableBackupSource,
  createPostgresRestorer,
} from '@dr-suite/backstage-plugin-dr-node';
import {
  type S3TestServer,
  startS3TestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import {
  countOrders,
  describeWithPostgres,
  dropDatabases,
  postgresTarget,
  seedAndDump,
  type SeededDumps,
  uniqueName,
} from '../__testUtils__/postgresFixtures';

jest.setTimeout(180_000);

describeWithPostgres(
  'custom-format dumps from S3 with parallel pg_restore',
  () => {
    let dumps: SeededDumps;
    let s3: S3TestServer;
    let source: ReadableBackupSource;
    let stagingRoot: string;
    const created: string[] = [];
    const KEY = 'orders-db/orders_full_20261130_020000.dump';

    beforeAll(async () => {
      dumps = await seedAndDump(500);
      s3 = await startS3TestServer({ buckets: ['db-backups'] });
      const client = new S3Client(s3.clientConfig);
      await client.send(
        new PutObjectCommand({
          Bucket: 'db-backups',
          Key: KEY,
          Body: fs.readFileSync(dumps.custom),
        }),
      );
      // The s3 source as configured, the way the restore action gets it.
      source = BackupSourceRegistry.fromConfig(
        new ConfigReader({
          dr: {
            sources: {
              bucket: { type: 's3', bucket: 'db-backups', ...s3.clientConfig },
            },
          },
        }),
        { logger: mockServices.logger.mock() },
      ).get('bucket') as ReadableBackupSource;
      stagingRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-staging-test-'));
    });
    afterAll(async () => {
      await dropDatabases(...created);
      await s3?.stop();
      await dumps?.cleanup();
      fs.rmSync(stagingRoot, { recursive: true, force: true });
    });

    function target() {
      const name = uniqueName('dr_test_staged');
      created.push(name, `${name}__previous`);
      return postgresTarget(name);
    }
    const dumpSize = () => fs.statSync(dumps.custom).size;

    it('stages the dump to a temp file within the budget, restores it with -j 2, says so and removes the file', async () => {
      const logger = mockServices.logger.mock();
      const staging = target();
      const restorer = new PostgresRestorer({
        staging: { directory: stagingRoot, maxBytes: dumpSize() + 1024 },
      });
      const result = await restorer.restore({
        target: staging,
        source,
        backupKey: KEY,
        jobs: 2,
        logger,
      });
      expect(result).toMatchObject({ format: 'custom', parallelJobs: 2 });
      expect(await countOrders(staging.connection.database)).toBe(500);
      const log = logger.info.mock.calls.map(call => String(call[0]));
      expect(log).toContainEqual(
        expect.stringMatching(
          /^Custom-format dump not on local disk: staging it to a temp file in .* so pg_restore can run 2 parallel jobs/,
        ),
      );
      expect(log).toContain('Removed the staged dump');
      expect(fs.readdirSync(stagingRoot)).toEqual([]);
    });

    it('refuses a dump over the budget before approval when its size is known, and at run time, leaving no file', async () => {
      const budget = { directory: stagingRoot, maxBytes: 1024 };
      const restorer = new PostgresRestorer({ staging: budget });
      const postgres = createPostgresRestorer(restorer);
      const staging = target();
      const judged = postgres.validate({
        parameters: {
          kind: 'postgres',
          entityRef: 'resource:default/orders-db',
          backupId: 'b1',
          targetId: 'staging',
          scenario: 'restore-test',
        } as any,
        target: staging,
        backup: { sourceId: 'bucket', key: KEY, sizeBytes: dumpSize() },
        source,
      });
      await expect(judged).rejects.toThrow(
        /^The custom-format dump orders-db\/orders_full_20261130_020000.dump \(\d+ bytes\) must be staged to a temp file for parallel pg_restore, which exceeds the staging budget of 1024 bytes \(dr.restore.staging.maxBytes\); raise the budget, or pick a dump within it$/,
      );
      // Size unknown when filed: the copy stops at the budget.
      await expect(
        restorer.restore({
          target: staging,
          source,
          backupKey: KEY,
          backupSizeBytes: null,
          jobs: 2,
          logger: mockServices.logger.mock(),
        }),
      ).rejects.toThrow(/exceeds the staging budget of 1024 bytes/);
      expect(fs.readdirSync(stagingRoot)).toEqual([]);
      expect(
        await countOrders(staging.connection.database).catch(() => 'absent'),
      ).toBe('absent');
    });
  },
);
