/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
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

jest.setTimeout(120_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `date +%Y%m%d-%H%M%S`, as the seed's backup script names its dumps. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

const segment = (n: number) =>
  `00000001${Math.floor(n / 256)
    .toString(16)
    .toUpperCase()
    .padStart(8, '0')}${(n % 256).toString(16).toUpperCase().padStart(8, '0')}`;

type Writer = (key: string, at: Date) => Promise<void>;

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3TestServer({ buckets: ['backups'] });
});
afterAll(() => s3?.stop());

/** Puts an object into s3rver and dates it (s3rver serves the file's mtime). */
const s3Writer: Writer = async (key, at) => {
  const body = 'encrypted';
  const response = await fetch(`${s3.endpoint}/backups/${key}`, {
    method: 'PUT',
    body,
  });
  expect(response.status).toBe(200);
  const stored = path.join(s3.directory, 'backups', `${key}._S3rver_object`);
  while (
    (fs.statSync(stored, { throwIfNoEntry: false })?.size ?? -1) !== body.length
  ) {
    await new Promise(resolve => setImmediate(resolve));
  }
  fs.utimesSync(stored, at, at);
};

describe('recovery windows in the posture (seed 003: daily encrypted pg_dump + WAL every 15 min to S3, RPO 15 min)', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      world = createDrTestWorld();
    });
    afterEach(() => world.cleanup());

    it.each(['filesystem', 's3'])(
      'judges RPO from the end of the gap-free window on %s',
      async volume => {
        const fsWriter: Writer = async (key, at) => {
          const file = path.join(world.volume, key);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, 'encrypted');
          fs.utimesSync(file, at, at);
        };
        const write = volume === 's3' ? s3Writer : fsWriter;
        const prefix = `run-${databaseId}-${Date.now()}/`;
        // Whole seconds: S3 reports LastModified to the second.
        const now = Math.floor(Date.now() / 1000) * 1000;
        const dumpAt = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);

        /** One store: two daily dumps, WAL every 15 minutes since before the older. */
        const store = async (
          name: string,
          options: { missing?: number; dumps?: boolean } = {},
        ) => {
          const root = `${prefix}${name}/db/`;
          if (options.dumps !== false) {
            for (const hoursAgo of [26, 2]) {
              const at = dumpAt(hoursAgo);
              await write(
                `${root}full/${name}-full-${stamp(at)}.sql.gz`,
                new Date(at.getTime() + 5 * MINUTE),
              );
            }
          }
          // Segment n was archived (27h - 15 min × n) ago; the newest 5 minutes ago.
          const count = 108;
          for (let n = 1; n <= count; n++) {
            if (n === options.missing) continue;
            await write(
              `${root}wal/${segment(n)}`,
              new Date(now - 5 * MINUTE - (count - n) * 15 * MINUTE),
            );
          }
          return (n: number) =>
            new Date(now - 5 * MINUTE - (count - n) * 15 * MINUTE);
        };
        const walTime = await store('mailblast');
        // Segment 104 (an hour before the newest) never reached the bucket.
        await store('mailblast-gap', { missing: 104 });
        await store('mailblast-nobase', { dumps: false });

        if (volume === 's3') {
          world.config.dr.sources = {
            volume: {
              type: 's3',
              bucket: 'backups',
              ...s3.clientConfig,
            },
          } as any;
        }
        const resource = (name: string) => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name,
            namespace: 'default',
            annotations: {
              'dr.backstage.io/rpo': '15m',
              'dr.backstage.io/backup-sources': `volume:${prefix}${name}/db/`,
            },
          },
          spec: { type: 'database', owner: 'group:default/platform' },
        });
        world.entities.length = 0;
        world.entities.push(
          resource('mailblast'),
          resource('mailblast-gap'),
          resource('mailblast-nobase'),
        );

        const { server, scheduler } = await startDrBackend({ world, knex });
        await scheduler.triggerTask('dr-catalog-sync');
        const posture = async (name: string) =>
          (
            await request(server).get(
              `/api/dr/entities/resource/default/${name}/posture`,
            )
          ).body;

        const healthy = await posture('mailblast');
        expect(healthy.rpo).toMatchObject({
          status: 'met',
          lastSuccessfulBackupAt: walTime(108).toISOString(),
        });
        expect(healthy.sources[0].recoveryWindow).toEqual({
          // The older dump's first WAL segment is archived after it; every
          // segment from there to the newest is present.
          from: expect.any(String),
          to: walTime(108).toISOString(),
          // Where point-in-time restores fetch the segments from.
          walPrefix: expect.stringMatching(/mailblast\/db\/wal\/$/),
        });
        expect(Date.parse(healthy.sources[0].recoveryWindow.from)).toBe(
          dumpAt(26).getTime(),
        );
        expect(
          healthy.problems.filter((p: { code: string }) =>
            p.code.startsWith('wal-'),
          ),
        ).toEqual([]);

        // WAL continues after the gap, but RPO counts from the segment before it.
        const gap = await posture('mailblast-gap');
        expect(gap.rpo).toMatchObject({
          status: 'breached',
          lastSuccessfulBackupAt: walTime(103).toISOString(),
        });
        expect(gap.overall).toBe('breach');
        expect(gap.sources[0].recoveryWindow).toMatchObject({
          to: walTime(103).toISOString(),
          gapAt: segment(104),
        });
        expect(gap.problems).toContainEqual(
          expect.objectContaining({
            code: 'wal-gap',
            message: expect.stringContaining(
              `WAL segment ${segment(104)} is missing`,
            ),
          }),
        );

        const noBase = await posture('mailblast-nobase');
        expect(noBase.rpo).toMatchObject({
          status: 'unknown',
          lastSuccessfulBackupAt: null,
        });
        expect(noBase.sources[0].recoveryWindow).toMatchObject({
          from: null,
          to: null,
        });
        expect(noBase.problems).toContainEqual(
          expect.objectContaining({
            code: 'wal-without-base-backup',
            message: expect.stringContaining('nothing can be restored'),
          }),
        );
      },
    );
  });
});
