/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Entity } from '@backstage/catalog-model';
import {
  type KubernetesTestServer,
  type S3TestServer,
  startKubernetesTestServer,
  startS3TestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import request from 'supertest';
import {
  countOrders,
  describeWithPostgres,
  dropDatabases,
  encryptDump,
  pgSettings,
  seedAndDump,
  type SeededDumps,
  uniqueName,
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

jest.setTimeout(180_000);

const BACKUPS = { apiVersion: 'velero.io/v1', plural: 'backups' };
const RESTORES = { apiVersion: 'velero.io/v1', plural: 'restores' };
/** The seed systems' backup key, as their sources are configured with it. */
const BACKUP_KEY = 'seed $ENCRYPTION_KEY value';

describeWithPostgres(
  'restore as an approved, templated task, end to end',
  () => {
    let dumps: SeededDumps;
    let s3: S3TestServer;
    let kube: KubernetesTestServer;
    let flow: RestoreFlowBackend;
    let server: any;
    const staging = uniqueName('dr_e2e_staging');
    const notifications = { send: jest.fn() };

    beforeAll(async () => {
      dumps = await seedAndDump(1234);
      // The same dump in a bucket and on a volume, as real backup jobs write them.
      s3 = await startS3TestServer({ buckets: ['db-backups'] });
      const client = new S3Client(s3.clientConfig);
      const stamp = new Date(Date.now() - 20 * 60_000)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace('T', '_')
        .slice(0, 15);
      await client.send(
        new PutObjectCommand({
          Bucket: 'db-backups',
          Key: `orders-db/orders_full_${stamp}.sql.gz`,
          Body: fs.readFileSync(dumps.plainGz),
        }),
      );
      // Every restore path, as the seed systems write their dumps: a
      // custom-format dump and encrypted ones in the bucket (openssl
      // without -pbkdf2 as seed 003, gpg), a plain one and one made with
      // `-pbkdf2 -iter 50000` in folders.
      await client.send(
        new PutObjectCommand({
          Bucket: 'db-backups',
          Key: `orders-db/orders_full_${stamp}.dump`,
          Body: fs.readFileSync(dumps.custom),
        }),
      );
      const sealed = path.join(dumps.directory, 'sealed');
      encryptDump(
        dumps.plainGz,
        path.join(sealed, `mailblast-full-${stamp.replace('_', '-')}.sql.gz`),
        'openssl-evp-sha256',
        BACKUP_KEY,
      );
      encryptDump(
        dumps.plainGz,
        path.join(sealed, `orders_full_${stamp}.sql.gz.gpg`),
        'gpg',
        BACKUP_KEY,
      );
      for (const file of fs.readdirSync(sealed)) {
        await client.send(
          new PutObjectCommand({
            Bucket: 'db-backups',
            Key: `sealed/orders-db/${file}`,
            Body: fs.readFileSync(path.join(sealed, file)),
          }),
        );
      }
      fs.rmSync(sealed, { recursive: true });
      encryptDump(
        dumps.plainGz,
        path.join(dumps.directory, 'iter', `orders_full_${stamp}.sql.gz.enc`),
        'openssl-pbkdf2-iter',
        BACKUP_KEY,
      );
      client.destroy();
      fs.mkdirSync(path.join(dumps.directory, 'orders-db'));
      fs.mkdirSync(path.join(dumps.directory, 'orders-db', 'plain'));
      fs.copyFileSync(
        dumps.plain,
        path.join(
          dumps.directory,
          'orders-db',
          'plain',
          `orders_full_${stamp}.sql`,
        ),
      );
      fs.copyFileSync(
        dumps.custom,
        path.join(dumps.directory, 'orders-db', `orders_full_${stamp}.dump`),
      );
      fs.copyFileSync(
        dumps.plain,
        path.join(
          dumps.directory,
          'orders-db',
          'corrupt_full_20261101_000000.sql',
        ),
      );
      fs.writeFileSync(
        path.join(
          dumps.directory,
          'orders-db',
          'corrupt_full_20261101_000000.sql',
        ),
        'CREATE TABLE x (;\n',
      );

      kube = await startKubernetesTestServer();
      kube.put(BACKUPS, {
        metadata: { name: 'orders-nightly-1', namespace: 'velero' },
        spec: { includedNamespaces: ['orders'] },
        status: {
          phase: 'Completed',
          startTimestamp: new Date(Date.now() - 3600_000).toISOString(),
          completionTimestamp: new Date(Date.now() - 3500_000).toISOString(),
        },
      });
      // Plays the Velero controller: restores finish a moment after they are created.
      kube.onCreate(RESTORES, restore => {
        const { namespace, name } = restore.metadata;
        setTimeout(
          () =>
            kube.update(RESTORES, namespace!, name, r => {
              r.status = {
                phase: 'InProgress',
                startTimestamp: new Date().toISOString(),
                progress: { totalItems: 12, itemsRestored: 5 },
              };
            }),
          50,
        );
        setTimeout(
          () =>
            kube.update(RESTORES, namespace!, name, r => {
              r.status = {
                ...r.status,
                phase: 'Completed',
                completionTimestamp: new Date().toISOString(),
                progress: { totalItems: 12, itemsRestored: 12 },
                warnings: 1,
              };
            }),
          150,
        );
      });

      const entities: Entity[] = [
        ordersDatabase({
          'dr.backstage.io/rpo': '1h',
          'dr.backstage.io/rto': '30m',
          'dr.backstage.io/backup-sources':
            'bucket:orders-db/, volume:orders-db/, velero:orders, sealed:sealed/orders-db/, iter:iter/',
        }),
        exampleTemplate('dr-restore-execute.yaml'),
      ];
      flow = await startRestoreFlowBackend({
        entities,
        notifications,
        config: {
          dr: {
            sources: {
              bucket: {
                type: 's3',
                bucket: 'db-backups',
                ...s3.clientConfig,
              },
              volume: { type: 'filesystem', directory: dumps.directory },
              sealed: {
                type: 's3',
                bucket: 'db-backups',
                ...s3.clientConfig,
                encryption: {
                  passphrase: BACKUP_KEY,
                  keyDerivation: 'evp-bytes-to-key',
                },
              },
              iter: {
                type: 'filesystem',
                directory: dumps.directory,
                encryption: {
                  passphrase: BACKUP_KEY,
                  keyDerivation: 'pbkdf2',
                  iterations: 50000,
                },
              },
              velero: {
                type: 'velero',
                cluster: {
                  url: kube.url,
                  serviceAccountToken: kube.token,
                  skipTLSVerify: true,
                },
              },
            },
            restoreTargets: {
              'orders-staging': {
                type: 'postgres',
                connection: { ...pgSettings(), database: staging },
              },
              'orders-staging-cluster': {
                type: 'velero',
                sourceId: 'velero',
                namespace: 'orders-staging',
              },
            },
          },
        },
      });
      server = flow.server;
    });

    afterAll(async () => {
      await dropDatabases(staging, `${staging}__previous`);
      await dumps?.cleanup();
      await s3?.stop();
      await kube?.stop();
    });

    const backupId = (match: (key: string, sourceId: string) => boolean) =>
      flow.backupId('resource:default/orders-db', b =>
        match(b.key, b.sourceId),
      );

    async function requestAndApprove(parameters: object) {
      const requested = await request(server)
        .post('/api/dr/approvals')
        .set('Authorization', as(ALICE))
        .send({
          parameters: {
            entityRef: 'resource:default/orders-db',
            scenario: 'database-corruption',
            ...parameters,
          },
          reason: 'Quarterly restore test',
        });
      expect(requested.status).toBe(201);
      return flow.approve(requested.body.id);
    }

    const finishedTask = (taskId: string) => flow.finishedTask(taskId);

    it('restores the S3 dump into staging after a second person approves, measures RTO/RPO and updates the posture', async () => {
      const before = await request(server)
        .get('/api/dr/entities/resource/default/orders-db/posture')
        .set('Authorization', as(ALICE));
      expect(before.body.drills.status).toBe('never');

      const approval = await requestAndApprove({
        kind: 'postgres',
        backupId: await backupId(
          (key, sourceId) => sourceId === 'bucket' && key.endsWith('.sql.gz'),
        ),
        targetId: 'orders-staging',
        checks: [
          {
            type: 'sql',
            name: 'all orders back',
            query: 'select count(*) from orders',
            expect: 1234,
          },
        ],
      });
      const task = await finishedTask(approval.executionTaskId);
      expect({ status: task.status, log: task.log }).toMatchObject({
        status: 'completed',
      });
      expect(task.log).toMatch(/Read .* of the backup \(100%\)/);
      expect(task.log).toMatch(/Check passed: all orders back/);
      // The task page speaks in human durations and judges them.
      expect(task.output.text[0].content).toMatch(
        /^Restored and verified\. RTO \d+ s, within the 30 min target; RPO 2\d min, within the 1 h target\. The entity is now \*\*ok\*\*\./,
      );
      expect(task.log).not.toMatch(
        new RegExp(pgSettings().password ?? 'never-logged-secret'),
      );

      expect(await countOrders(staging)).toBe(1234);

      const used = await request(server)
        .get(`/api/dr/approvals/${approval.id}`)
        .set('Authorization', as(ALICE));
      expect(used.body).toMatchObject({
        status: 'executed',
        outcome: 'succeeded',
        drillId: expect.any(String),
      });

      const drills = await request(server)
        .get('/api/dr/entities/resource/default/orders-db/drills')
        .set('Authorization', as(ALICE));
      const drill = drills.body.items[0];
      expect(drill).toMatchObject({
        id: used.body.drillId,
        outcome: 'succeeded',
        scenario: 'database-corruption',
        approvalId: approval.id,
        taskId: approval.executionTaskId,
        participants: [ALICE, BOB],
      });
      expect(drill.measuredRtoSeconds).toBeLessThan(120);
      // The dump was taken 20 minutes before the restore started.
      expect(drill.measuredRpoSeconds).toBeGreaterThanOrEqual(20 * 60);
      expect(drill.measuredRpoSeconds).toBeLessThan(25 * 60);

      const after = await request(server)
        .get('/api/dr/entities/resource/default/orders-db/posture')
        .set('Authorization', as(ALICE));
      expect(after.body).toMatchObject({
        overall: 'ok',
        rto: { status: 'met' },
        drills: { status: 'current' },
      });
      expect(notifications.send).toHaveBeenLastCalledWith(
        expect.objectContaining({
          payload: expect.objectContaining({
            title: 'Restore succeeded: resource:default/orders-db',
          }),
        }),
      );
    });

    it.each<[string, (key: string, sourceId: string) => boolean, RegExp]>([
      [
        'a plain SQL dump from a folder',
        key => key.startsWith('orders-db/plain/'),
        /Plain SQL dump on local disk: read directly into psql/,
      ],
      [
        'a custom-format dump from S3 with parallel pg_restore',
        (key, sourceId) => sourceId === 'bucket' && key.endsWith('.dump'),
        /staging it to a temp file .* so pg_restore can run 4 parallel jobs[\s\S]*Removed the staged dump/,
      ],
      [
        "seed 003's openssl dump (no -pbkdf2) from S3",
        key => key.includes('mailblast-full-'),
        /Plain SQL dump \(gzip\)/,
      ],
      [
        'an openssl -pbkdf2 -iter 50000 dump from a folder',
        key => key.startsWith('iter/'),
        /Plain SQL dump \(gzip\)/,
      ],
      [
        'a gpg dump from S3',
        key => key.endsWith('.gpg'),
        /Plain SQL dump \(gzip\)/,
      ],
    ])(
      'restores %s through the approval flow and records the drill',
      async (_name, match, logged) => {
        const approval = await requestAndApprove({
          kind: 'postgres',
          backupId: await backupId(match),
          targetId: 'orders-staging',
          checks: [
            {
              type: 'sql',
              name: 'all orders back',
              query: 'select count(*) from orders',
              expect: 1234,
            },
          ],
        });
        const task = await finishedTask(approval.executionTaskId);
        expect({ status: task.status, log: task.log }).toMatchObject({
          status: 'completed',
        });
        expect(task.log).toMatch(logged);
        expect(task.log).not.toContain(BACKUP_KEY);
        expect(await countOrders(staging)).toBe(1234);
        const used = await request(server)
          .get(`/api/dr/approvals/${approval.id}`)
          .set('Authorization', as(ALICE));
        expect(used.body).toMatchObject({
          status: 'executed',
          outcome: 'succeeded',
          drillId: expect.any(String),
        });
      },
    );

    it('refuses to start without the approval, and leaves the target untouched on a corrupt dump', async () => {
      const approval = await requestAndApprove({
        kind: 'postgres',
        backupId: await backupId(key => key.startsWith('orders-db/corrupt')),
        targetId: 'orders-staging',
      });
      const task = await finishedTask(approval.executionTaskId);
      expect(task.status).toBe('failed');
      expect(task.log).toMatch(/psql failed .*syntax error/s);
      expect(await countOrders(staging)).toBe(1234);
      const failed = await request(server)
        .get(`/api/dr/approvals/${approval.id}`)
        .set('Authorization', as(ALICE));
      expect(failed.body).toMatchObject({
        status: 'executed',
        outcome: 'failed',
        outcomeMessage: expect.stringContaining('syntax error'),
      });

      // Starting the execution template by hand with made-up values is refused before anything runs.
      const forged = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', as(ALICE))
        .send({
          templateRef: 'template:default/dr-restore-execute',
          values: {
            approvalId: approval.id,
            kind: 'postgres',
            entityRef: 'resource:default/orders-db',
            backupId: await backupId(key => key.endsWith('.dump')),
            targetId: 'orders-staging',
            scenario: 'database-corruption',
          },
        });
      const forgedTask = await finishedTask(forged.body.id);
      expect(forgedTask.status).toBe('failed');
      expect(forgedTask.log).toMatch(
        /differ from the approved ones|already used/,
      );
    });

    it('restores a Velero backup into the staging namespace and records the drill', async () => {
      const posture = () =>
        request(server)
          .get('/api/dr/entities/resource/default/orders-db/posture')
          .set('Authorization', as(ALICE));
      const before = (await posture()).body;
      const approval = await requestAndApprove({
        kind: 'velero',
        backupId: await backupId(key => key === 'orders-nightly-1'),
        targetId: 'orders-staging-cluster',
        namespace: 'orders',
      });
      const task = await finishedTask(approval.executionTaskId);
      expect({ status: task.status, log: task.log }).toMatchObject({
        status: 'completed',
      });
      expect(task.log).toMatch(/InProgress — 5 of 12 items \(41%\)/);
      expect(task.log).toMatch(/completed with 1 warnings/);
      const [restore] = kube.list(RESTORES, 'velero');
      expect(restore.spec).toEqual({
        backupName: 'orders-nightly-1',
        includedNamespaces: ['orders'],
        namespaceMapping: { orders: 'orders-staging' },
        restorePVs: true,
        existingResourcePolicy: 'none',
      });
      expect(restore.metadata.labels).toMatchObject({
        'dr.backstage.io/approval': approval.id,
      });

      // No checks: restored, yet nothing proves the data came back.
      expect(task.log).toMatch(
        /No checks were configured: the restore is not verified/,
      );
      const used = await request(server)
        .get(`/api/dr/approvals/${approval.id}`)
        .set('Authorization', as(ALICE));
      expect(used.body).toMatchObject({
        outcome: 'succeeded',
        outcomeMessage: expect.stringMatching(
          /^Restored, not verified: no checks were configured/,
        ),
      });
      const drills = await request(server)
        .get('/api/dr/entities/resource/default/orders-db/drills')
        .set('Authorization', as(ALICE));
      expect(
        drills.body.items.find(
          (d: { id: string }) => d.id === used.body.drillId,
        ),
      ).toMatchObject({ outcome: 'unverified', approvalId: approval.id });
      // Neither a measured RTO nor a current drill.
      expect(task.output.text[0].content).toMatch(
        /^Restored, not verified: no checks were configured\. Restore took \d+ s; RPO/,
      );
      const after = (await posture()).body;
      expect(after.rto).toEqual(before.rto);
      expect(after.drills).toEqual(before.drills);
    });
  },
);
