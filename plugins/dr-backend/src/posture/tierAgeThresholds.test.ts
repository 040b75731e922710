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

const HOUR = 3_600_000;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

function writeDump(dir: string, key: string, at: Date) {
  const file = path.join(dir, key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'x'.repeat(500));
  fs.utimesSync(file, at, at);
}

describe('backup-age and WAL-age warnings from the tier (dr.tiers.<tier>.backupAgeWarning, walAgeWarning)', () => {
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

    it("warns a tier-1 entity without plan thresholds from the tier's, before the RPO breaches, and lets a plan's own threshold win (seed 002: 25 h)", async () => {
      // A 48 h RPO with a 25 h warning, as seed 002's nightly dumps.
      (world.config.dr.tiers as Record<string, unknown>)['tier-1'] = {
        rto: '4h',
        rpo: '48h',
        drillCadence: '90d',
        backupAgeWarning: '25h',
        walAgeWarning: '30m',
      };
      const dumpAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 26 * HOUR);
      for (const name of ['ledger-db', 'planned-db']) {
        writeDump(
          world.volume,
          `${name}/${name}_${stamp(dumpAt)}.sql.gz`,
          dumpAt,
        );
      }
      world.addResource('ledger-db', {
        'dr.backstage.io/tier': 'tier-1',
        'dr.backstage.io/backup-sources': 'volume:ledger-db/',
      });
      fs.writeFileSync(
        path.join(world.root, 'catalog', 'plans', 'planned.yaml'),
        `apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
metadata:
  name: planned
spec:
  objectives:
    - scenario: database-loss
      rto: 4h
      rpo: 48h
  alerts:
    backupAge: 30h
`,
      );
      world.addResource('planned-db', {
        'dr.backstage.io/tier': 'tier-1',
        'dr.backstage.io/plan': './plans/planned.yaml',
        'dr.backstage.io/backup-sources': 'volume:planned-db/',
      });

      const { server, scheduler } = await startDrBackend({ world, knex });
      await scheduler.triggerTask('dr-catalog-sync');

      const fromTier = await posture(server, 'ledger-db');
      expect(fromTier.objectives).toMatchObject({
        tier: 'tier-1',
        backupAgeWarningSeconds: 25 * 3600,
        walAgeWarningSeconds: 30 * 60,
      });
      expect(fromTier.rpo).toMatchObject({ status: 'met' });
      expect(fromTier.thresholds.backupAge).toMatchObject({
        status: 'exceeded',
        thresholdSeconds: 25 * 3600,
        since: dumpAt.toISOString(),
      });
      expect(fromTier.overall).toBe('at-risk');
      expect(fromTier.objectives.origins).toMatchObject({
        backupAgeWarning: 'tier',
        walAgeWarning: 'tier',
      });
      // Names the app-config key it came from, not the plan's spec.alerts.
      const warning = fromTier.problems.find(
        (p: any) => p.code === 'backup-age-exceeded',
      );
      expect(warning).toMatchObject({
        field: 'dr.tiers.tier-1.backupAgeWarning',
        message:
          'The newest sound backup is 1.1 days old, past the warning threshold of 1.0 days.',
      });
      expect(warning.fix).toContain(
        "The threshold is the tier-1 tier's dr.tiers.tier-1.backupAgeWarning in app-config",
      );

      // The plan states 30 h: it wins over the tier's 25 h.
      const fromPlan = await posture(server, 'planned-db');
      expect(fromPlan.objectives).toMatchObject({
        backupAgeWarningSeconds: 30 * 3600,
        walAgeWarningSeconds: 30 * 60,
      });
      expect(fromPlan.thresholds.backupAge).toMatchObject({
        status: 'ok',
        thresholdSeconds: 30 * 3600,
      });
      expect(fromPlan.objectives.origins).toMatchObject({
        backupAgeWarning: 'plan',
        walAgeWarning: 'tier',
      });
      expect(fromPlan.problems.map((p: any) => p.code)).not.toContain(
        'backup-age-exceeded',
      );
    });
  });
});
