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
const DAY = 24 * HOUR;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/** Now, to the second, so times read back from file names compare equal. */
function wholeSeconds(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}

function writeBackup(dir: string, key: string, at: Date, bytes: number) {
  const file = path.join(dir, key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'x'.repeat(bytes));
  fs.utimesSync(file, at, at);
}

function writePlan(
  world: ReturnType<typeof createDrTestWorld>,
  name: string,
  spec: string,
) {
  fs.writeFileSync(
    path.join(world.root, 'catalog', 'plans', `${name}.yaml`),
    `apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
metadata:
  name: ${name}
spec:
${spec}`,
  );
}

describe('posture per location, from sound backups, with warning thresholds (issue 11)', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      world = createDrTestWorld();
    });
    afterEach(() => world.cleanup());

    const posture = async (server: any, name: string) =>
      (
        await request(server).get(
          `/api/dr/entities/resource/default/${name}/posture`,
        )
      ).body;

    it('judges region loss only from the cross-region copy (seed 004: fresh local dump, 3.8-day-old cross-region copy)', async () => {
      const now = wholeSeconds();
      const crossRegion = path.join(world.root, 'cross-region');
      const local = new Date(now - 2 * HOUR);
      const remote = new Date(now - 3.8 * DAY);
      writeBackup(
        world.volume,
        `sq-db/small-squaretable_full_${stamp(local)}.sql.gz`,
        local,
        500,
      );
      writeBackup(
        crossRegion,
        `sq-db/small-squaretable_full_${stamp(remote)}.sql.gz`,
        remote,
        500,
      );
      world.config.dr.sources = {
        volume: {
          type: 'filesystem',
          directory: world.volume,
          location: 'us-east-1',
        },
        'cross-region': {
          type: 'filesystem',
          directory: crossRegion,
          location: 'us-west-2',
        },
        unplaced: { type: 'filesystem', directory: crossRegion },
      } as any;
      writePlan(
        world,
        'sq',
        `  objectives:
    - scenario: database-corruption
      rto: 1h
      rpo: 24h
    - scenario: region-loss
      rto: 4h
      rpo: 24h
      destroys: [us-east-1]
`,
      );
      world.addResource('sq-db', {
        'dr.backstage.io/rpo': '24h',
        'dr.backstage.io/plan': './plans/sq.yaml',
        'dr.backstage.io/backup-sources': 'volume:sq-db/, cross-region:sq-db/',
      });
      world.addResource('sq-unplaced', {
        'dr.backstage.io/rpo': '24h',
        'dr.backstage.io/plan': './plans/sq.yaml',
        'dr.backstage.io/backup-sources': 'volume:sq-db/, unplaced:sq-db/',
      });

      world.addResource('sq-alone', {
        'dr.backstage.io/rpo': '24h',
        'dr.backstage.io/plan': './plans/sq.yaml',
        'dr.backstage.io/backup-sources': 'volume:sq-db/',
      });

      const { server, scheduler } = await startDrBackend({ world, knex });
      await scheduler.triggerTask('dr-catalog-sync');

      const body = await posture(server, 'sq-db');
      // The local copy keeps the overall RPO met...
      expect(body.rpo).toMatchObject({
        status: 'met',
        lastSuccessfulBackupAt: local.toISOString(),
      });
      const scenario = (name: string) =>
        body.scenarios.find((s: { scenario: string }) => s.scenario === name);
      expect(scenario('database-corruption').rpo.status).toBe('met');
      // ...but losing us-east-1 leaves only the 3.8-day-old copy.
      expect(scenario('region-loss')).toMatchObject({
        destroys: ['us-east-1'],
        rpo: {
          status: 'breached',
          lastSuccessfulBackupAt: remote.toISOString(),
        },
      });
      // Each copy's newest good backup, by location.
      expect(
        body.sources.map((s: any) => [
          s.sourceId,
          s.location,
          s.lastSuccessfulBackupAt,
        ]),
      ).toEqual([
        ['volume', 'us-east-1', local.toISOString()],
        ['cross-region', 'us-west-2', remote.toISOString()],
      ]);

      // Only the local copy and one without a location: nothing survives.
      const alone = await posture(server, 'sq-alone');
      expect(
        alone.scenarios.find((s: any) => s.scenario === 'region-loss').rpo
          .status,
      ).toBe('unknown');
      expect(alone.problems).toContainEqual(
        expect.objectContaining({
          code: 'no-surviving-copy',
          message:
            'Scenario "region-loss" destroys us-east-1, where every placed copy is kept (volume:sq-db/ in us-east-1): no backup survives it.',
        }),
      );

      // A copy whose location is unknown is not assumed to survive.
      const unplaced = await posture(server, 'sq-unplaced');
      expect(
        unplaced.scenarios.find((s: any) => s.scenario === 'region-loss').rpo,
      ).toMatchObject({ status: 'unknown', lastSuccessfulBackupAt: null });
      expect(unplaced.problems).toContainEqual(
        expect.objectContaining({
          code: 'source-location-unknown',
          field: 'unplaced',
        }),
      );
    });

    it('skips a dump 70% smaller than the median of its series and judges RPO from the previous one', async () => {
      const now = wholeSeconds();
      const shrunk = new Date(now - HOUR);
      for (let i = 1; i <= 6; i++) {
        const at = new Date(now - HOUR - i * 6 * HOUR);
        writeBackup(
          world.volume,
          `shop-db/shop_full_${stamp(at)}.sql.gz`,
          at,
          1000,
        );
      }
      const previous = new Date(now - 7 * HOUR);
      const shrunkKey = `shop-db/shop_full_${stamp(shrunk)}.sql.gz`;
      writeBackup(world.volume, shrunkKey, shrunk, 300);
      world.addResource('shop-db', {
        'dr.backstage.io/rpo': '6h',
        'dr.backstage.io/backup-sources': 'volume:shop-db/',
      });

      const { server, scheduler } = await startDrBackend({ world, knex });
      await scheduler.triggerTask('dr-catalog-sync');

      const body = await posture(server, 'shop-db');
      // Counting the shrunken dump, RPO would be met (1 h old).
      expect(body.rpo).toMatchObject({
        status: 'breached',
        lastSuccessfulBackupAt: previous.toISOString(),
      });
      expect(body.overall).toBe('breach');
      const problem = body.problems.find(
        (p: any) => p.code === 'backup-suspicious',
      );
      expect(problem.message).toContain(path.basename(shrunkKey));
      expect(problem.message).toContain('70% smaller than the median');

      // Still listed, with the reason.
      const backups = await request(server).get(
        '/api/dr/entities/resource/default/shop-db/backups',
      );
      expect(backups.body.items[0]).toMatchObject({
        key: shrunkKey,
        status: 'succeeded',
        suspicion: expect.stringContaining('70% smaller'),
      });
      expect(backups.body.items[1].suspicion).toBeUndefined();

      // Nor does it close the stretch without a sound backup on the timeline.
      const timeline = await request(server).get(
        '/api/dr/entities/resource/default/shop-db/backups/timeline?days=2',
      );
      expect(timeline.body.gaps.at(-1)).toMatchObject({
        from: previous.toISOString(),
      });
    });

    it("warns when the newest dump or WAL segment is older than the plan's alert thresholds, before the RPO breaches (seed 003: 26 h, 30 min)", async () => {
      const now = wholeSeconds();
      const dump = new Date(now - 27 * HOUR);
      writeBackup(
        world.volume,
        `mail-db/mailblast-full-${stamp(dump).replace('_', '-')}.sql.gz`,
        dump,
        500,
      );
      writeBackup(
        world.volume,
        'mail-db/wal/000000010000000000000007',
        new Date(now - 40 * MINUTE),
        500,
      );
      writePlan(
        world,
        'mail',
        `  objectives:
    - scenario: database-loss
      rto: 1h
      rpo: 48h
  alerts:
    backupAge: 26h
    walAge: 30m
`,
      );
      world.addResource('mail-db', {
        'dr.backstage.io/plan': './plans/mail.yaml',
        'dr.backstage.io/backup-sources': 'volume:mail-db/',
      });

      const { server, scheduler } = await startDrBackend({ world, knex });
      await scheduler.triggerTask('dr-catalog-sync');

      const body = await posture(server, 'mail-db');
      expect(body.objectives).toMatchObject({
        backupAgeWarningSeconds: 26 * 3600,
        walAgeWarningSeconds: 30 * 60,
      });
      expect(body.thresholds.backupAge).toMatchObject({
        status: 'exceeded',
        thresholdSeconds: 26 * 3600,
        since: dump.toISOString(),
      });
      expect(body.thresholds.walAge).toMatchObject({ status: 'exceeded' });
      expect(body.problems.map((p: any) => p.code)).toEqual(
        expect.arrayContaining(['backup-age-exceeded', 'wal-age-exceeded']),
      );
      expect(
        body.problems.find((p: any) => p.code === 'backup-age-exceeded')
          .message,
      ).toBe(
        'The newest sound backup is 1.1 days old, past the warning threshold of 1.1 days.',
      );
      // The plan set it: the warning names the plan's field.
      expect(
        body.problems.find((p: any) => p.code === 'backup-age-exceeded'),
      ).toMatchObject({
        field: 'spec.alerts.backupAge',
        fix: expect.stringContaining(
          'The threshold is spec.alerts.backupAge in the DR plan',
        ),
      });
    });

    it('tells the owners once when a suspicious dump puts the posture in breach, and again when it recovers', async () => {
      const now = wholeSeconds();
      for (let i = 1; i <= 5; i++) {
        const at = new Date(now - 7 * HOUR - (i - 1) * 6 * HOUR);
        writeBackup(
          world.volume,
          `notify-db/notify_full_${stamp(at)}.sql.gz`,
          at,
          1000,
        );
      }
      const fresh = new Date(now - 3 * HOUR);
      writeBackup(
        world.volume,
        `notify-db/notify_full_${stamp(fresh)}.sql.gz`,
        fresh,
        1000,
      );
      world.addResource('notify-db', {
        'dr.backstage.io/rpo': '6h',
        'dr.backstage.io/backup-sources': 'volume:notify-db/',
      });
      const { server, scheduler, notifications } = await startDrBackend({
        world,
        knex,
      });
      await scheduler.triggerTask('dr-catalog-sync');
      const ofEntity = () =>
        notifications.send.mock.calls
          .map(([n]: any[]) => n)
          .filter((n: any) =>
            n.payload.title.endsWith('resource:default/notify-db'),
          );
      expect((await posture(server, 'notify-db')).overall).toBe('at-risk');
      expect(ofEntity()).toEqual([]);

      // The fresh dump turns out to be a 70% smaller rewrite: skipped, so the
      // 7-hour-old one is the newest sound backup and RPO breaches.
      writeBackup(
        world.volume,
        `notify-db/notify_full_${stamp(fresh)}.sql.gz`,
        fresh,
        300,
      );
      await request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'volume', full: true });
      expect((await posture(server, 'notify-db')).overall).toBe('breach');
      expect(ofEntity()).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['group:default/team-orders'],
          },
          payload: expect.objectContaining({
            title: 'DR posture in breach: resource:default/notify-db',
            description: expect.stringContaining(
              `notify_full_${stamp(
                fresh,
              )}.sql.gz (volume:notify-db/) is skipped for RPO`,
            ),
            link: '/catalog/default/resource/notify-db/dr',
            severity: 'critical',
          }),
        },
      ]);

      // Indexing again changes nothing: no repeat.
      await request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'volume', full: true });
      await scheduler.triggerTask('dr-catalog-sync');
      expect(ofEntity()).toHaveLength(1);

      // A sound dump arrives: recovery is told too.
      const next = new Date(now - HOUR);
      writeBackup(
        world.volume,
        `notify-db/notify_full_${stamp(next)}.sql.gz`,
        next,
        1000,
      );
      await request(server)
        .post('/api/dr/refresh')
        .send({ sourceId: 'volume', full: true });
      expect((await posture(server, 'notify-db')).overall).toBe('at-risk');
      expect(ofEntity()).toHaveLength(2);
      expect(ofEntity()[1].payload).toMatchObject({
        title: 'DR posture improved: resource:default/notify-db',
        description: expect.stringContaining('from in breach to at risk'),
        severity: 'normal',
      });
    });
  });
});
