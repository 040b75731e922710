/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { startDrBackend } from '../__testUtils__/startDrBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/** A PostgreSQL 13+ backup_manifest with the fields pg_basebackup writes. */
function backupManifest(): string {
  return JSON.stringify({
    'PostgreSQL-Backup-Manifest-Version': 1,
    Files: [
      {
        Path: 'backup_label',
        Size: 227,
        'Last-Modified': '2026-11-30 09:00:01 GMT',
        'Checksum-Algorithm': 'CRC32C',
        Checksum: 'e3b0c442',
      },
      {
        Path: 'global/pg_control',
        Size: 8192,
        'Last-Modified': '2026-11-30 09:00:01 GMT',
        'Checksum-Algorithm': 'CRC32C',
        Checksum: '0f1e2d3c',
      },
    ],
    'WAL-Ranges': [
      { Timeline: 1, 'Start-LSN': '0/2000028', 'End-LSN': '0/2000100' },
    ],
    'Manifest-Checksum': 'a'.repeat(64),
  });
}

describe('posture from pg_basebackup sets (seed 001, hourly base backups, RPO 1h)', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      world = createDrTestWorld();
    });
    afterEach(() => world.cleanup());

    it('takes the RPO from the newest complete set, never from a set still being written', async () => {
      const now = Date.now();
      const write = (key: string, body: string, at: Date) => {
        const file = path.join(world.volume, key);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, body);
        fs.utimesSync(file, at, at);
      };
      /** `pg_basebackup -Ft -z`: the tars, then backup_manifest last. */
      const basebackup = (db: string, started: Date, complete: boolean) => {
        const root = `${db}/base_${stamp(started)}/`;
        const at = (m: number) => new Date(started.getTime() + m * MINUTE);
        write(`${root}base.tar.gz`, 'base', at(4));
        write(`${root}pg_wal.tar.gz`, 'wal', at(5));
        if (complete) write(`${root}backup_manifest`, backupManifest(), at(6));
      };
      // platform-db: the backups of the last two hours are complete; the
      // one started 20 minutes ago is still running. Its newest complete
      // set finished 1h54m ago: breached, although its newest files are new.
      basebackup('platform-db', new Date(now - 3 * HOUR), true);
      basebackup('platform-db', new Date(now - 2 * HOUR), true);
      basebackup('platform-db', new Date(now - 20 * MINUTE), false);
      // analytics-db completed 40 minutes ago: met.
      basebackup('analytics-db', new Date(now - 46 * MINUTE), true);
      const resource = (name: string) => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name,
          namespace: 'default',
          annotations: {
            'dr.backstage.io/rpo': '1h',
            'dr.backstage.io/backup-sources': `volume:${name}/`,
          },
        },
        spec: { type: 'database', owner: 'group:default/platform' },
      });
      world.entities.push(resource('platform-db'), resource('analytics-db'));
      (world.config.dr.sources.volume as Record<string, unknown>).layouts = [
        'pg_basebackup',
      ];

      const { server, scheduler } = await startDrBackend({ world, knex });
      await scheduler.triggerTask('dr-catalog-sync');

      const posture = async (name: string) =>
        (
          await request(server).get(
            `/api/dr/entities/resource/default/${name}/posture`,
          )
        ).body;
      const platform = await posture('platform-db');
      expect(platform.rpo).toMatchObject({
        status: 'breached',
        lastSuccessfulBackupAt: new Date(
          now - 2 * HOUR + 6 * MINUTE,
        ).toISOString(),
      });
      expect(platform.rpo.actualSeconds).toBeGreaterThanOrEqual(114 * 60);
      expect((await posture('analytics-db')).rpo).toMatchObject({
        status: 'met',
        lastSuccessfulBackupAt: new Date(now - 40 * MINUTE).toISOString(),
      });

      // One row per set, the running one listed as in-progress.
      const backups = await request(server).get(
        '/api/dr/entities/resource/default/platform-db/backups',
      );
      expect(backups.status).toBe(200);
      expect(
        backups.body.items.map((b: { status: string; type: string }) => [
          b.type,
          b.status,
        ]),
      ).toEqual([
        ['full', 'in-progress'],
        ['full', 'succeeded'],
        ['full', 'succeeded'],
      ]);
    });
  });
});
