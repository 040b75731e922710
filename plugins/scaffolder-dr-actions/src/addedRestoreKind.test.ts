/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import fileCopyRestoreModule from './__testUtils__/fileCopyRestoreModule';
import memoryBackupSourceModule from './__testUtils__/memoryBackupSourceModule';
import {
  dropDatabases,
  pgSettings,
  pgUrl,
  uniqueName,
  withClient,
} from './__testUtils__/postgresFixtures';
import {
  ALICE,
  BOB,
  as,
  startRestoreFlowBackend,
  type RestoreFlowBackend,
} from './__testUtils__/restoreFlowBackend';

jest.setTimeout(120_000);

const BACKUP_CONTENT = 'events as of last night\n';

/** The execution template of an installation that restores file-copy backups. */
const executionTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'dr-restore-file-copy', namespace: 'default' },
  spec: {
    owner: 'group:default/platform-team',
    type: 'dr-execution',
    parameters: [
      {
        required: [
          'approvalId',
          'kind',
          'entityRef',
          'backupId',
          'targetId',
          'scenario',
        ],
        properties: {
          approvalId: { type: 'string' },
          requester: { type: 'string' },
          kind: { type: 'string', enum: ['file-copy'] },
          entityRef: { type: 'string' },
          backupId: { type: 'string' },
          targetId: { type: 'string' },
          scenario: { type: 'string' },
          checks: { type: 'array', default: [], items: { type: 'object' } },
        },
      },
    ],
    steps: [
      {
        id: 'restore',
        name: 'Copy the backup into place',
        action: 'dr:restore:file-copy',
        input: {
          approvalId: '${{ parameters.approvalId }}',
          entityRef: '${{ parameters.entityRef }}',
          backupId: '${{ parameters.backupId }}',
          targetId: '${{ parameters.targetId }}',
          scenario: '${{ parameters.scenario }}',
          checks: '${{ parameters.checks }}',
        },
      },
      {
        id: 'drill',
        name: 'Record the drill',
        action: 'dr:drill:record',
        input: {
          entityRef: '${{ parameters.entityRef }}',
          scenario: '${{ parameters.scenario }}',
          approvalId: '${{ parameters.approvalId }}',
          backupId: '${{ parameters.backupId }}',
          restoreStartedAt: '${{ steps.restore.output.restoreStartedAt }}',
          backupCompletedAt: '${{ steps.restore.output.backupCompletedAt }}',
        },
      },
    ],
  },
};

/**
 * Where the DR plugin keeps its data, as `backend.database` says it: the
 * local PostgreSQL (when scripts/jest/postgresGlobalSetup.js found it) or
 * the default in-memory SQLite. The scaffolder keeps the default SQLite,
 * which the backend leaves open on shutdown while its task pollers wind down.
 */
const drDatabases: Array<[string, string | undefined]> = [
  ...(pgUrl
    ? [['PostgreSQL', uniqueName('dr_added_kind')] as [string, string]]
    : []),
  ['SQLite', undefined],
];

describe.each(drDatabases)(
  'a restore kind installed as a module, outside the DR packages, with the DR plugin on %s',
  (_name, pgDatabase) => {
    let directory: string;
    let drillId: string | undefined;
    let flow: RestoreFlowBackend;
    let server: any;

    beforeAll(async () => {
      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-file-copy-'));
      const backupTime = new Date(Date.now() - 10 * 60_000).toISOString();
      flow = await startRestoreFlowBackend({
        features: [
          memoryBackupSourceModule,
          // The restore kind and its action: one feature, like any module package.
          fileCopyRestoreModule,
          // Tasks run when the test triggers them, never behind its back:
          // a task still running after the backend stopped would reach
          // databases already shut down.
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        ],
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'events-db',
              namespace: 'default',
              annotations: {
                'dr.backstage.io/rpo': '1h',
                'dr.backstage.io/backup-sources': 'mem:events-db/',
              },
            },
            spec: { type: 'database', owner: 'group:default/team-events' },
          },
          executionTemplate,
        ],
        config: {
          ...(pgDatabase && {
            backend: {
              database: {
                client: 'pg',
                connection: pgSettings(),
                plugin: {
                  dr: { connection: { database: pgDatabase } },
                  scaffolder: {
                    client: 'better-sqlite3',
                    connection: ':memory:',
                  },
                },
              },
            },
          }),
          dr: {
            approvals: {
              executionTemplate: 'template:default/dr-restore-file-copy',
            },
            sources: {
              mem: {
                type: 'memory',
                backups: [
                  {
                    key: 'events-db/events.db',
                    completedAt: backupTime,
                    content: BACKUP_CONTENT,
                  },
                ],
              },
            },
            restoreTargets: {
              'events-scratch': {
                type: 'file-copy',
                title: 'Events scratch volume',
                directory,
              },
              'events-live': {
                type: 'file-copy',
                environment: 'production',
                directory,
              },
              'payments-scratch': {
                type: 'file-copy',
                allowedEntities: ['resource:default/payments-db'],
                directory,
              },
              'relative-scratch': {
                type: 'file-copy',
                directory: 'scratch',
              },
            },
          },
        },
      });
      server = flow.server;
    });

    afterAll(async () => {
      await flow?.stop();
      if (pgDatabase) await dropDatabases(pgDatabase);
      fs.rmSync(directory, { recursive: true, force: true });
    });

    async function requestRestore(parameters: object) {
      const backups = await request(server)
        .get('/api/dr/entities/resource/default/events-db/backups')
        .set('Authorization', as(ALICE));
      return request(server)
        .post('/api/dr/approvals')
        .set('Authorization', as(ALICE))
        .send({
          parameters: {
            kind: 'file-copy',
            entityRef: 'resource:default/events-db',
            backupId: backups.body.items[0].id,
            targetId: 'events-scratch',
            scenario: 'data-loss',
            ...parameters,
          },
          reason: 'Restore test of the events file',
        });
    }

    const finishedTask = (taskId: string) =>
      flow.finishedTask(taskId, { logWhenCompleted: false });

    it('is requested, approved by another user, restored by its action through the scaffolder and recorded as a drill', async () => {
      const requested = await requestRestore({});
      expect(requested.status).toBe(201);
      expect(requested.body.target).toEqual({
        id: 'events-scratch',
        kind: 'file-copy',
        title: 'Events scratch volume',
        environment: 'staging',
      });
      const selfApproved = await request(server)
        .post(`/api/dr/approvals/${requested.body.id}/decision`)
        .set('Authorization', as(ALICE))
        .send({ decision: 'approve' });
      expect(selfApproved.status).toBe(403);

      const approved = await request(server)
        .post(`/api/dr/approvals/${requested.body.id}/decision`)
        .set('Authorization', as(BOB))
        .send({ decision: 'approve' });
      expect(approved.body).toMatchObject({
        status: 'approved',
        executionTaskId: expect.any(String),
      });
      const task = await finishedTask(approved.body.executionTaskId);
      expect(task).toEqual({ status: 'completed', log: '' });
      expect(fs.readFileSync(path.join(directory, 'events.db'), 'utf8')).toBe(
        BACKUP_CONTENT,
      );

      const used = await request(server)
        .get(`/api/dr/approvals/${requested.body.id}`)
        .set('Authorization', as(ALICE));
      expect(used.body).toMatchObject({
        status: 'executed',
        outcome: 'succeeded',
        drillId: expect.any(String),
      });
      const drills = await request(server)
        .get('/api/dr/entities/resource/default/events-db/drills')
        .set('Authorization', as(ALICE));
      expect(drills.body.items[0]).toMatchObject({
        id: used.body.drillId,
        outcome: 'succeeded',
        scenario: 'data-loss',
      });
      drillId = used.body.drillId;
    });

    if (pgDatabase) {
      it('kept that drill where backend.database put the DR plugin', async () => {
        const stored = await withClient(pgDatabase, client =>
          client.query('SELECT id FROM dr_drills'),
        );
        expect(stored.rows).toEqual([{ id: drillId }]);
      });
    }

    it('holds its targets to the rules every target has and reports one its restorer cannot read', async () => {
      const production = await requestRestore({ targetId: 'events-live' });
      expect(production.status).toBe(400);
      expect(production.body.error.message).toBe(
        'Restore target "events-live" is misconfigured: NotAllowedError: it is a production target; restoring into production needs allowProduction: true',
      );
      const notAccepted = await requestRestore({
        targetId: 'payments-scratch',
      });
      // Refused when filed, naming the targets that accept the entity.
      expect(notAccepted.status).toBe(400);
      expect(notAccepted.body.error.message).toMatch(
        /^Restore target "payments-scratch" does not accept restores of resource:default\/events-db; pick a target that does: "/,
      );
      const relative = await requestRestore({ targetId: 'relative-scratch' });
      expect(relative.status).toBe(400);
      expect(relative.body.error.message).toBe(
        'Restore target "relative-scratch" is misconfigured: Error: directory must be an absolute path, not "scratch"',
      );
      const otherKind = await requestRestore({ kind: 'postgres' });
      expect(otherKind.status).toBe(400);
      expect(otherKind.body.error.message).toBe(
        'Restore target "events-scratch" takes file-copy restores, not postgres',
      );
    });

    it('refuses a kind no installed module handles when the request is filed', async () => {
      const unknown = await requestRestore({ kind: 'tape' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        'Invalid parameters.kind: no restorer for "tape" restores is installed; known kinds are postgres, velero, file-copy',
      );
    });
  },
);
