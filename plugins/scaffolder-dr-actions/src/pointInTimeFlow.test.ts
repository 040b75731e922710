/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  type S3TestServer,
  startS3TestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import {
  type PostgresRestoreTarget,
  keptClusterConnection,
  keptClusterOf,
  removeKeptCluster,
} from '@dr-suite/backstage-plugin-dr-node';
import { Client } from 'pg';
import request from 'supertest';
import {
  type ArchivedDataStore,
  archivedDataStore,
  describeWithServerBinaries,
} from './__testUtils__/pointInTimeFixtures';
import {
  describeWithPostgres,
  dropDatabases,
  pgSettings,
  uniqueName,
  withClient,
} from './__testUtils__/postgresFixtures';
import {
  ALICE,
  BOB,
  type RestoreFlowBackend,
  as,
  exampleTemplate,
  ordersDatabase,
  startRestoreFlowBackend,
} from './__testUtils__/restoreFlowBackend';

jest.setTimeout(240_000);

/** Every file under `directory/prefix`, as keys relative to `directory`. */
function filesUnder(directory: string, prefix: string): string[] {
  return fs
    .readdirSync(path.join(directory, prefix), { recursive: true })
    .map(name => path.posix.join(prefix, String(name)))
    .filter(key => fs.statSync(path.join(directory, key)).isFile());
}

/** The whole second after `instant`. */
function secondAfter(instant: string): number {
  return Math.floor(Date.parse(instant) / 1000) * 1000 + 1000;
}

/**
 * Dates an object stored by s3rver, which reports the object file's mtime
 * as its LastModified (`<directory>/<bucket>/<key>._S3rver_object`).
 */
function setStoredObjectTime(
  s3Directory: string,
  bucket: string,
  key: string,
  time: number,
): void {
  const objectFile = path.join(s3Directory, bucket, `${key}._S3rver_object`);
  fs.utimesSync(objectFile, new Date(time), new Date(time));
}

describeWithPostgres('point-in-time recovery, end to end', () => {
  describeWithServerBinaries('through the approval flow', () => {
    let store: ArchivedDataStore;
    let s3: S3TestServer;
    let flow: RestoreFlowBackend;
    let server: any;
    const staging = uniqueName('dr_pitr_e2e');
    const keepDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-kept-e2e-'));
    // Enough of the keep-cluster target to find what it keeps.
    const keepTarget = {
      id: 'orders-recovered',
      keepRecoveredCluster: { directory: keepDir },
    } as PostgresRestoreTarget;

    async function upload(client: S3Client, keys: string[]) {
      for (const key of keys) {
        await client.send(
          new PutObjectCommand({
            Bucket: 'db-archive',
            Key: key,
            Body: fs.readFileSync(path.join(store?.directory ?? '', key)),
          }),
        );
      }
    }

    beforeAll(async () => {
      // The kept cluster's OS user must be able to enter it.
      fs.chmodSync(keepDir, 0o755);
      s3 = await startS3TestServer({ buckets: ['db-archive'] });
      const client = new S3Client(s3.clientConfig);
      // The backup job uploads the base backup when it is done, and the
      // WAL is archived as it is written (uploaded below, once complete).
      store = await archivedDataStore({
        afterBaseBackup: async ({ directory, baseKey }) => {
          for (const key of filesUnder(directory, baseKey)) {
            await client.send(
              new PutObjectCommand({
                Bucket: 'db-archive',
                Key: key,
                Body: fs.readFileSync(path.join(directory, key)),
              }),
            );
          }
        },
      });
      const walKeys = filesUnder(store.directory, `${store.prefix}wal/`);
      await upload(client, walKeys);
      // S3 dates objects in whole seconds, so the bucket's recovery window
      // ends at the second the newest segment was uploaded, which may be the
      // second `between` falls in. The newest segment (it holds commit 4) is
      // dated as archived at the next whole second: a truthful archive time
      // whose window provably holds `between`, however fast the commits ran.
      const newestSegment = walKeys
        .filter(key =>
          /^[0-9A-F]{24}(\.(gz|zst|lz4|bz2))?$/.test(path.posix.basename(key)),
        )
        .sort()
        .pop();
      if (!newestSegment) throw new Error('no WAL segment was archived');
      const archivedAt = Math.max(secondAfter(store.between), Date.now());
      setStoredObjectTime(
        s3.directory,
        'db-archive',
        newestSegment,
        archivedAt,
      );
      client.destroy();

      flow = await startRestoreFlowBackend({
        entities: [
          ordersDatabase({
            'dr.backstage.io/rpo': '1h',
            'dr.backstage.io/rto': '30m',
            'dr.backstage.io/backup-sources':
              'volume:orders-db/, bucket:orders-db/',
          }),
          exampleTemplate('dr-restore-execute.yaml'),
        ],
        config: {
          dr: {
            sources: {
              volume: {
                type: 'filesystem',
                directory: store.directory,
                layouts: ['pg_basebackup'],
              },
              bucket: {
                type: 's3',
                bucket: 'db-archive',
                layouts: ['pg_basebackup'],
                ...s3.clientConfig,
              },
            },
            restoreTargets: {
              'orders-staging': {
                type: 'postgres',
                connection: { ...pgSettings(), database: staging },
              },
              'orders-recovered': {
                type: 'postgres',
                title: 'Orders, recovered cluster',
                keepRecoveredCluster: {
                  directory: keepDir,
                  ports: '55400-55499',
                },
              },
            },
          },
        },
      });
      server = flow.server;
    });

    afterAll(async () => {
      await removeKeptCluster(keepTarget);
      fs.rmSync(keepDir, { recursive: true, force: true });
      await dropDatabases(staging, `${staging}__previous`);
      await store?.cleanup();
      await s3?.stop();
    });

    const baseBackupId = (sourceId: string) =>
      flow.backupId(
        'resource:default/orders-db',
        b => b.sourceId === sourceId && b.key === store.baseKey,
      );

    function file(parameters: object) {
      return request(server)
        .post('/api/dr/approvals')
        .set('Authorization', as(ALICE))
        .send({
          parameters: {
            kind: 'postgres',
            entityRef: 'resource:default/orders-db',
            targetId: 'orders-staging',
            scenario: 'bad-migration',
            checks: [
              {
                type: 'sql',
                name: 'orders before the bad migration are back',
                query: 'select count(*) from orders',
                expect: store.before.length,
              },
            ],
            ...parameters,
          },
          reason: 'Undo the bad migration in staging',
        });
    }

    const finishedTask = (taskId: string) => flow.finishedTask(taskId);

    it.each([['volume'], ['bucket']])(
      'recovers the %s source to the approved instant after another person approves, and records the drill with its phases',
      async sourceId => {
        const requested = await file({
          backupId: await baseBackupId(sourceId),
          kindParameters: { targetTime: store.between },
        });
        expect({
          status: requested.status,
          body: requested.body,
        }).toMatchObject({ status: 201 });
        const window = requested.body.backup.recoveryWindow;
        expect(window).toMatchObject({ walPrefix: `${store.prefix}wal/` });
        // The instant is inside the window the API reports, as filing checks.
        expect(Date.parse(window.to)).toBeGreaterThanOrEqual(
          Date.parse(store.between),
        );
        const approved = await flow.approve(requested.body.id);
        const task = await finishedTask(approved.executionTaskId);
        expect({ status: task.status, log: task.log }).toMatchObject({
          status: 'completed',
        });
        expect(task.log).toMatch(/WAL replay done at/);
        expect(task.log).toMatch(
          /of orders moved from the recovered cluster into the target, done/,
        );
        expect(task.log).toMatch(/Removed the scratch cluster/);

        const ids = await withClient(staging, async client =>
          (
            await client.query('select id from orders order by id')
          ).rows.map(r => Number(r.id)),
        );
        expect(ids).toEqual(store.before);

        const used = await request(server)
          .get(`/api/dr/approvals/${requested.body.id}`)
          .set('Authorization', as(ALICE));
        expect(used.body).toMatchObject({
          status: 'executed',
          outcome: 'succeeded',
          drillId: expect.any(String),
        });
        const drills = await request(server)
          .get('/api/dr/entities/resource/default/orders-db/drills')
          .set('Authorization', as(ALICE));
        const drill = drills.body.items.find(
          (d: { id: string }) => d.id === used.body.drillId,
        );
        expect(drill).toMatchObject({
          outcome: 'succeeded',
          participants: [ALICE, BOB],
          // No kept cluster to point at: the template's note is left out.
          notes: null,
        });
        expect(drill.phases.map((p: { name: string }) => p.name)).toEqual([
          'provisioning',
          'wal-replay',
          'transfer',
          'verification',
          'switch',
        ]);
      },
    );

    it('keeps the recovered cluster as the target: verified there, and where it runs is in the drill', async () => {
      const requested = await file({
        backupId: await baseBackupId('volume'),
        targetId: 'orders-recovered',
        kindParameters: { targetTime: store.between },
      });
      expect(requested.status).toBe(201);
      const approved = await flow.approve(requested.body.id);
      const task = await finishedTask(approved.executionTaskId);
      expect({ status: task.status, log: task.log }).toMatchObject({
        status: 'completed',
      });
      const kept = keptClusterOf(keepTarget)!;
      expect(task.log).toContain(
        `Kept the recovered cluster as target "orders-recovered": 127.0.0.1:${kept.port}, database orders`,
      );
      expect(task.log).not.toMatch(/Removed the scratch cluster/);

      const client = new Client(keptClusterConnection(keepTarget));
      await client.connect();
      const ids = (
        await client.query('select id from orders order by id')
      ).rows.map(r => Number(r.id));
      await client.end();
      expect(ids).toEqual(store.before);

      const used = await request(server)
        .get(`/api/dr/approvals/${requested.body.id}`)
        .set('Authorization', as(ALICE));
      const drills = await request(server)
        .get('/api/dr/entities/resource/default/orders-db/drills')
        .set('Authorization', as(ALICE));
      const drill = drills.body.items.find(
        (d: { id: string }) => d.id === used.body.drillId,
      );
      // dr:verify ran the checks against the kept cluster: a verified drill.
      expect(drill).toMatchObject({
        outcome: 'succeeded',
        notes: `The recovered cluster is kept as the target at 127.0.0.1:${kept.port}, data in ${kept.dataDirectory}`,
      });
      expect(drill.phases.map((p: { name: string }) => p.name)).toEqual([
        'provisioning',
        'wal-replay',
        'verification',
        'switch',
      ]);
    });

    it('refuses a time outside the recovery window when the request is filed, saying the window', async () => {
      const late = new Date(Date.now() + 3600_000).toISOString();
      const refused = await file({
        backupId: await baseBackupId('volume'),
        kindParameters: { targetTime: late },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        /is outside the recovery window of orders-db\/base_\d{8}_\d{6}\/'s data store, from \S+ to \S+; pick a time inside it/,
      );
      const malformed = await file({
        backupId: await baseBackupId('volume'),
        kindParameters: { targetTime: store.between, speed: 'fast' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(
        /Invalid parameters.kindParameters: .*speed/,
      );
      // No approver sees either.
      const pending = await request(server)
        .get('/api/dr/approvals?view=decide&status=pending')
        .set('Authorization', as(BOB));
      expect(pending.body.items).toEqual([]);
    });
  });
});
