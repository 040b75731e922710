/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import {
  type S3TestServer,
  startS3TestServer,
} from '@dr-suite/backstage-plugin-dr-node/testUtils';
import type { Knex } from 'knex';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { startDrBackend } from '../__testUtils__/startDrBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import {
  type BackupObjectWriter,
  bucketWriter,
  createBucket,
  volumeWriter,
} from '../__testUtils__/seedSystems/backupObjects';
import {
  type ExpectedPosture,
  SEED_SYSTEMS,
} from '../__testUtils__/seedSystems/seedSystems';

jest.setTimeout(180_000);

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3TestServer({ buckets: [] });
});
afterAll(() => s3?.stop());

interface BackupItem {
  type: string;
  status: string;
  details: { problem?: string };
}

/**
 * The posture of each entity in the shape of its expectation, so one
 * comparison shows every difference.
 */
async function observe(
  server: Parameters<typeof request>[0],
  name: string,
  expected: ExpectedPosture,
): Promise<ExpectedPosture> {
  const base = `/api/dr/entities/resource/default/${name}`;
  const posture = (await request(server).get(`${base}/posture`)).body;
  const backups = await request(server).get(`${base}/backups?limit=100`);
  expect(backups.status).toBe(200);
  const items: BackupItem[] = backups.body.items;
  const codes: string[] = posture.problems.map((p: { code: string }) => p.code);
  const window = posture.sources?.[0]?.recoveryWindow;
  const date = (value: string | null | undefined) =>
    value ? new Date(value) : null;
  return {
    overall: posture.overall,
    rpo: posture.rpo.status,
    lastSuccessfulBackupAt: date(posture.rpo.lastSuccessfulBackupAt),
    ...(expected.window
      ? {
          window: {
            ...(expected.window.from ? { from: date(window?.from)! } : {}),
            to: date(window?.to),
            ...(expected.window.gapAt ? { gapAt: window?.gapAt } : {}),
          },
        }
      : {}),
    ...(expected.problems
      ? { problems: expected.problems.filter(c => codes.includes(c)) }
      : {}),
    ...(expected.noProblems
      ? { noProblems: expected.noProblems.filter(c => !codes.includes(c)) }
      : {}),
    ...(expected.newestBackups
      ? {
          newestBackups: items
            .slice(0, expected.newestBackups.length)
            .map(b => [b.type, b.status] as [string, string]),
        }
      : {}),
    ...(expected.backupCount !== undefined
      ? { backupCount: items.length }
      : {}),
    ...(expected.inProgress !== undefined
      ? { inProgress: items.filter(b => b.status === 'in-progress').length }
      : {}),
    ...(expected.failedBackupProblem
      ? {
          failedBackupProblem: items.some(
            b =>
              b.status === 'failed' &&
              expected.failedBackupProblem!.test(b.details.problem ?? ''),
          )
            ? expected.failedBackupProblem
            : (items
                .filter(b => b.status === 'failed')
                .map(b => b.details.problem)
                .join(' | ') as unknown as RegExp),
        }
      : {}),
  };
}

describe('the five seed systems, modelled as their teams would, judged truthfully', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      world = createDrTestWorld();
    });
    afterEach(() => world.cleanup());

    describe.each(SEED_SYSTEMS.map(s => [`${s.seed} ${s.system}`, s] as const))(
      'seed %s',
      (_title, system) => {
        it.each(['filesystem', 's3'])('on %s', async volume => {
          let write: BackupObjectWriter;
          let source: Record<string, unknown>;
          if (volume === 's3') {
            const bucket = `seed${system.seed}-${databaseId
              .toLowerCase()
              .replace(/_/g, '')}`;
            await createBucket(s3, bucket);
            write = bucketWriter(s3, bucket);
            source = { type: 's3', bucket, ...s3.clientConfig };
          } else {
            const directory = path.join(world.root, 'seed-volume');
            fs.mkdirSync(directory);
            write = volumeWriter(directory);
            source = { type: 'filesystem', directory };
          }
          // Whole minutes: S3 dates objects to the second, and some names
          // carry only minutes (Redis's dump-YYYYMMDD-HHMM.rdb).
          const now = Math.floor(Date.now() / 60_000) * 60_000;
          const model = await system.build(write, now);

          const catalog = path.join(world.root, 'catalog');
          for (const [file, yaml] of Object.entries(model.plans)) {
            fs.writeFileSync(path.join(catalog, 'plans', file), yaml);
          }
          world.entities.length = 0;
          world.entities.push(
            ...model.entities.map(
              (e): Entity => ({
                apiVersion: 'backstage.io/v1alpha1',
                kind: e.kind,
                metadata: {
                  name: e.name,
                  namespace: 'default',
                  annotations: {
                    'backstage.io/managed-by-location': `file:${path.join(
                      catalog,
                      'entities.yaml',
                    )}`,
                    ...e.annotations,
                    ...(e.annotations['dr.backstage.io/plan']
                      ? {
                          'dr.backstage.io/plan': `./plans/${e.annotations['dr.backstage.io/plan']}`,
                        }
                      : {}),
                  },
                },
                spec: { type: 'database', owner: 'group:default/platform' },
              }),
            ),
          );
          world.config.dr.sources = {
            volume: { ...source, layouts: model.layouts },
          } as any;

          const { server, scheduler } = await startDrBackend({ world, knex });
          await scheduler.triggerTask('dr-catalog-sync');
          for (const drill of model.drills) {
            const recorded = await request(server)
              .post(`/api/dr/entities/resource/default/${drill.entity}/drills`)
              .send({
                scenario: drill.scenario,
                startedAt: drill.startedAt.toISOString(),
                completedAt: drill.completedAt.toISOString(),
                outcome: 'succeeded',
                notes: drill.notes,
              });
            expect(recorded.status).toBe(201);
          }

          const observed: Record<string, ExpectedPosture> = {};
          for (const [name, expected] of Object.entries(model.expected)) {
            observed[name] = await observe(server, name, expected);
          }
          expect(observed).toEqual(model.expected);
        });
      },
    );
  });
});
