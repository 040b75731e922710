/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { startDrBackend } from '../__testUtils__/startDrBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const KEY = 'seed-003 ENCRYPTION_KEY';
const DUMP = gzipSync('--\n-- PostgreSQL database dump\n--\nSELECT 1;\n');

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

describe('restore requests that can never restore are refused when filed', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;
    let backend: Awaited<ReturnType<typeof startDrBackend>>;

    const write = (key: string, body: Buffer | string, at = new Date()) => {
      const file = path.join(world.volume, key);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, body);
      fs.utimesSync(file, at, at);
    };
    /** Seed 003: `gzip | openssl enc -aes-256-cbc -salt -k "$KEY"`, no `.enc`. */
    const opensslEncrypted = (key: string, passphrase: string) => {
      const plain = path.join(world.root, 'plain.sql.gz');
      fs.writeFileSync(plain, DUMP);
      const out = path.join(world.volume, key);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      // `-pass env:` derives the key as `-k` does, without a command-line key.
      execFileSync(
        'openssl',
        [
          'enc',
          '-aes-256-cbc',
          '-salt',
          // A fixed salt keeps the wrong key's garbage the same every run.
          '-S',
          '5a17c0ffee5a17ed',
          '-in',
          plain,
          '-out',
          out,
          '-pass',
          'env:DR_TEST_KEY',
        ],
        { env: { ...process.env, DR_TEST_KEY: passphrase }, stdio: 'pipe' },
      );
      // With `-S` openssl leaves out the header it writes with a random salt.
      fs.writeFileSync(
        out,
        Buffer.concat([
          Buffer.from('Salted__'),
          Buffer.from('5a17c0ffee5a17ed', 'hex'),
          fs.readFileSync(out),
        ]),
      );
    };

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      world = createDrTestWorld();
      const day = new Date(Date.now() - 60 * 60_000);
      opensslEncrypted(
        'orders-db/enc/mailblast-full-20261130-020000.sql.gz',
        KEY,
      );
      opensslEncrypted(
        'orders-db/enc/mailblast-full-20261130-030000.sql.gz',
        'another key',
      );
      fs.mkdirSync(path.join(world.volume, 'orders-db', 'gpg'));
      for (const [name, passphrase] of [
        ['orders_full_20261130_050000.sql.gz.gpg', KEY],
        ['orders_full_20261130_060000.sql.gz.gpg', 'another key'],
      ]) {
        const gnupgHome = fs.mkdtempSync(path.join(world.root, 'gnupg-'));
        execFileSync(
          'gpg',
          [
            '--batch',
            '--pinentry-mode',
            'loopback',
            '--passphrase-fd',
            '0',
            '--symmetric',
            '--output',
            path.join(world.volume, 'orders-db', 'gpg', name),
            path.join(world.root, 'plain.sql.gz'),
          ],
          {
            input: passphrase,
            env: { ...process.env, GNUPGHOME: gnupgHome },
            stdio: 'pipe',
          },
        );
      }
      write(
        'orders-db/redis/dump-20261130-0200.rdb',
        Buffer.concat([Buffer.from('REDIS0011'), Buffer.from([0xfa, 0x09])]),
      );
      write(
        `orders-db/orders_full_20261130_040000.dump`,
        Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x10, 0x00, 0x7f, 0x80]),
      );
      const base = `orders-db/base_${stamp(day)}/`;
      // The set completed an hour ago, before the WAL below.
      write(`${base}base.tar.gz`, 'base', day);
      write(`${base}pg_wal.tar.gz`, 'wal', day);
      write(
        `${base}backup_manifest`,
        JSON.stringify({
          'PostgreSQL-Backup-Manifest-Version': 1,
          // A sound size: an empty set would be flagged suspicious first.
          Files: [{ Path: 'PG_VERSION', Size: 4096 }],
          'WAL-Ranges': [
            { Timeline: 1, 'Start-LSN': '0/2000028', 'End-LSN': '0/2000100' },
          ],
          'Manifest-Checksum': 'a'.repeat(64),
        }),
        day,
      );
      // clickhouse-backup: metadata and shadow parts, metadata.json last.
      const clickhouse = 'orders-db/clickhouse/shard1-full-20261130020000/';
      write(`${clickhouse}metadata/gold/campaigns.json`, '{}');
      write(`${clickhouse}shadow/gold/campaigns/all_1_1_0.tar`, 'tar');
      write(
        `${clickhouse}metadata.json`,
        JSON.stringify({
          backup_name: 'shard1-full-20261130020000',
          version: '2.6.3',
          creation_date: day.toISOString(),
          data_size: 3,
          metadata_size: 2,
          tables: [{ database: 'gold', table: 'campaigns' }],
          data_format: 'tar',
        }),
      );
      Object.assign(world.config.dr.sources.volume, {
        layouts: ['pg_basebackup', 'clickhouse-backup'],
        encryption: { passphrase: KEY, keyDerivation: 'evp-bytes-to-key' },
      });
      // Issue 11's soundness flag: 1 byte where the series' dumps have 6.
      write(
        `orders-db/orders_full_${stamp(new Date(Date.now() - 60_000))}.sql.gz`,
        'x',
        new Date(Date.now() - 60_000),
      );
      // WAL after the base backup, then a gap: the window ends at segment 3.
      const walAt = (minutes: number) =>
        new Date(day.getTime() + minutes * 60_000);
      write('orders-db/wal/000000010000000000000002', 'w', walAt(5));
      write('orders-db/wal/000000010000000000000003', 'w', walAt(10));
      backend = await startDrBackend({
        world,
        knex,
        restoreTargets: {
          'payments-staging': {
            type: 'postgres',
            title: 'Payments staging',
            allowedEntities: ['resource:default/payments-db'],
            connection: { user: 'postgres', database: 'payments_staging' },
          },
        },
      });
    });
    afterEach(() => world.cleanup());

    async function backupId(keyPart: string): Promise<string> {
      const res = await request(backend.server).get(
        '/api/dr/entities/resource/default/orders-db/backups?limit=500',
      );
      const found = res.body.items.find((b: { key: string }) =>
        b.key.includes(keyPart),
      );
      if (!found) throw new Error(`no backup ${keyPart} indexed`);
      return found.id;
    }

    async function requestRestore(keyPart: string) {
      return request(backend.server)
        .post('/api/dr/approvals')
        .set('Authorization', mockCredentials.user.header(ALICE))
        .send({
          parameters: {
            kind: 'postgres',
            entityRef: 'resource:default/orders-db',
            backupId: await backupId(keyPart),
            targetId: 'orders-staging',
            scenario: 'database-corruption',
          },
          reason: 'Restore drill',
        });
    }

    async function expectRefusedBeforeAnyApprover(
      res: request.Response,
      message: RegExp,
    ) {
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(await filedApprovals()).toBe(0);
      expect(backend.notifications.send).not.toHaveBeenCalled();
      expect(backend.scaffolder.scaffold).not.toHaveBeenCalled();
    }

    async function filedApprovals(): Promise<number> {
      const res = await request(backend.server)
        .get('/api/dr/approvals?view=all')
        .set('Authorization', mockCredentials.user.header(ALICE));
      return res.body.items.length;
    }

    it.each([
      [
        'a dump encrypted with another key',
        'mailblast-full-20261130-030000',
        /^The backup orders-db\/enc\/mailblast-full-20261130-030000.sql.gz cannot be decrypted with the key configured for source "volume": check the source's encryption settings .* or pick a backup made with its key$/,
      ],
      [
        'a gpg file encrypted with another passphrase',
        'orders_full_20261130_060000.sql.gz.gpg',
        /^The backup orders-db\/gpg\/orders_full_20261130_060000.sql.gz.gpg cannot be decrypted with the key configured for source "volume"/,
      ],
      [
        'a WAL segment',
        'wal/000000010000000000000042',
        /is a PostgreSQL WAL segment: .*point-in-time recovery: pick a base backup of the same data store and a time to recover to, or pick a pg_dump backup/,
      ],
      [
        'a Redis RDB snapshot',
        'dump-20261130-0200.rdb',
        /is a Redis RDB snapshot and cannot restore into a PostgreSQL target; pick a pg_dump backup/,
      ],
      [
        'a pg_basebackup set',
        'base_',
        /is a pg_basebackup set, which restores only through point-in-time recovery: choose a time to recover to \(kindParameters.targetTime\), or pick a pg_dump backup/,
      ],
      [
        'a ClickHouse backup set',
        'shard1-full-20261130020000',
        /is a ClickHouse backup set and cannot restore into a PostgreSQL target; pick a pg_dump backup/,
      ],
      [
        'a file that is no dump',
        'orders_full_20261130_040000.dump',
        /is not a PostgreSQL dump and cannot restore into a PostgreSQL target; pick a pg_dump backup/,
      ],
    ])(
      'refuses %s with a 400 before any approver sees it',
      async (_name, keyPart, message) => {
        const res = await requestRestore(keyPart);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(JSON.stringify(res.body)).not.toContain(KEY);
        expect(await filedApprovals()).toBe(0);
        expect(backend.notifications.send).not.toHaveBeenCalled();
        expect(backend.scaffolder.scaffold).not.toHaveBeenCalled();
        expect(
          inspect(
            [
              backend.auditor.createEvent.mock.calls,
              backend.auditEvent.fail.mock.calls,
            ],
            { depth: 8 },
          ),
        ).not.toContain(KEY);
      },
    );

    it('refuses a backup flagged suspicious, saying why and what to pick', async () => {
      const res = await request(backend.server)
        .get('/api/dr/entities/resource/default/orders-db/backups?limit=500')
        .set('Authorization', mockCredentials.user.header(ALICE));
      const suspicious = res.body.items.filter(
        (b: { suspicion?: string }) => b.suspicion,
      );
      expect(suspicious).toHaveLength(1);
      expect(suspicious[0].suspicion).toMatch(/size/);
      await expectRefusedBeforeAnyApprover(
        await requestRestore(suspicious[0].key),
        /^Backup orders_full_\d{8}_\d{6}.sql.gz is flagged suspicious \(.*size.*\) and is not restored on trust; pick a backup that looks sound/,
      );
    });

    it('refuses a target that does not accept the entity, naming the ones that do', async () => {
      const res = await request(backend.server)
        .post('/api/dr/approvals')
        .set('Authorization', mockCredentials.user.header(ALICE))
        .send({
          parameters: {
            kind: 'postgres',
            entityRef: 'resource:default/orders-db',
            backupId: await backupId('orders_full_'),
            targetId: 'payments-staging',
            scenario: 'database-corruption',
          },
          reason: 'Restore drill',
        });
      await expectRefusedBeforeAnyApprover(
        res,
        /^Restore target "payments-staging" does not accept restores of resource:default\/orders-db; pick a target that does: "orders-staging" \(Orders staging\)$/,
      );
    });

    it('refuses a point in time outside the recovery window, saying the window', async () => {
      const res = await request(backend.server)
        .post('/api/dr/approvals')
        .set('Authorization', mockCredentials.user.header(ALICE))
        .send({
          parameters: {
            kind: 'postgres',
            entityRef: 'resource:default/orders-db',
            backupId: await backupId('base_'),
            targetId: 'orders-staging',
            scenario: 'database-corruption',
            kindParameters: {
              // After the window's end (segment 3, 50 min ago) and after the
              // base backup completed, so only the window can refuse it.
              targetTime: new Date(Date.now() - 30 * 60_000).toISOString(),
            },
          },
          reason: 'Restore drill',
        });
      await expectRefusedBeforeAnyApprover(
        res,
        /is outside the recovery window of orders-db\/base_\d{8}_\d{6}\/'s data store, from \S+ to \S+.*; pick a time inside it/,
      );
    });

    it('answers which targets accept the entity and which backups restore into one, as filing would', async () => {
      const options = (query: string) =>
        request(backend.server)
          .get(`/api/dr/restore-options?${query}`)
          .set('Authorization', mockCredentials.user.header(ALICE));
      const targets = await options(
        'entityRef=resource:default/orders-db&kind=postgres',
      );
      expect(targets.status).toBe(200);
      expect(targets.body.targets.map((t: { id: string }) => t.id)).toEqual([
        'orders-staging',
      ]);
      const ids = {
        rdb: await backupId('dump-20261130-0200.rdb'),
        wrongKey: await backupId('mailblast-full-20261130-030000'),
        gpg: await backupId('orders_full_20261130_050000.sql.gz.gpg'),
        base: await backupId('base_'),
      };
      const judged = await options(
        `entityRef=resource:default/orders-db&targetId=orders-staging&${Object.values(
          ids,
        )
          .map(id => `backupId=${id}`)
          .join('&')}`,
      );
      expect(judged.status).toBe(200);
      const byId = Object.fromEntries(
        judged.body.backups.map((b: { backupId: string }) => [b.backupId, b]),
      );
      expect(byId[ids.rdb]).toMatchObject({
        restorable: false,
        reason: expect.stringMatching(/Redis RDB snapshot/),
      });
      expect(byId[ids.wrongKey]).toMatchObject({
        restorable: false,
        reason: expect.stringMatching(/cannot be decrypted/),
      });
      expect(byId[ids.gpg]).toEqual({ backupId: ids.gpg, restorable: true });
      expect(byId[ids.base]).toEqual({
        backupId: ids.base,
        restorable: true,
        pointInTime: true,
      });
      expect(JSON.stringify(judged.body)).not.toContain(KEY);
      const foreign = await options(
        'entityRef=resource:default/orders-db&targetId=payments-staging',
      );
      expect(foreign.status).toBe(400);
      expect(await filedApprovals()).toBe(0);
    });

    it.each([
      [
        'a seed-003 dump (found encrypted by its header)',
        'mailblast-full-20261130-020000',
      ],
      ['a gpg file', 'orders_full_20261130_050000.sql.gz.gpg'],
    ])('files %s encrypted with the configured key', async (_name, keyPart) => {
      const res = await requestRestore(keyPart);
      expect(res.status).toBe(201);
      expect(JSON.stringify(res.body)).not.toContain(KEY);
      expect(await filedApprovals()).toBe(1);
    });
  });
});
