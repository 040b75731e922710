/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { ConfigReader } from '@backstage/config';
import type { EntityPosture } from '@dr-suite/backstage-plugin-dr-common';
import { RestoreTargetRegistry } from '@dr-suite/backstage-plugin-dr-node';
import { DatabaseBackupVerificationStore } from '../database/DatabaseBackupVerificationStore';
import { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import { readRestoreTestPlans } from '../restoreTests/RestoreTestPlans';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { VerifiedRestorablePostures } from './VerifiedRestorablePosture';

const ORDERS = 'resource:default/orders-db';
const DAY = 86_400_000;
/** A Monday 03:00 UTC, when the weekly cron plan runs. */
const LAST_RUN = new Date('2026-11-02T03:00:00Z');

const config = new ConfigReader({
  dr: {
    restoreTargets: {
      'orders-sandbox': {
        type: 'postgres',
        environment: 'sandbox',
        allowRestoreTests: true,
        connection: { user: 'postgres', database: 'orders_sandbox' },
      },
    },
    restoreTests: {
      'orders-weekly': {
        entities: [ORDERS],
        schedule: { frequency: { cron: '0 3 * * 1' }, timeout: '1h' },
        target: 'orders-sandbox',
      },
      'orders-weekdays': {
        entities: [ORDERS],
        // Hourly on weekdays: judged by its widest gap, the weekend.
        schedule: { frequency: { cron: '0 * * * 1-5' }, timeout: '10m' },
        target: 'orders-sandbox',
      },
      'orders-on-demand': {
        entities: [ORDERS],
        schedule: { frequency: { trigger: 'manual' }, timeout: '1h' },
        target: 'orders-sandbox',
      },
    },
  },
});

/** The part of a stored posture the restore-test statuses read. */
const posture = {
  entityRef: ORDERS,
  objectives: { tier: null },
  rpo: { targetSeconds: 900 },
  problems: [],
} as unknown as EntityPosture;
const ordersEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
};

describe('restore-test plans that have not run within their schedule', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function postures(runs: string[]) {
      const knex = await migratedDatabase(databases, databaseId);
      const drills = new DatabaseDrillStore(knex);
      for (const plan of runs) {
        await drills.insert({
          entityRef: ORDERS,
          scenario: 'restore-test',
          startedAt: new Date(LAST_RUN.getTime() - 60_000),
          completedAt: LAST_RUN,
          outcome: 'succeeded',
          measuredRtoSeconds: 60,
          measuredRpoSeconds: 3600,
          backupId: null,
          participants: [],
          notes: '',
          actionItems: [],
          approvalId: null,
          taskId: null,
          recordedBy: `restore-test-plan:${plan}`,
          kind: 'restore-test',
          restoreTestPlan: plan,
        });
      }
      return new VerifiedRestorablePostures({
        verifications: new DatabaseBackupVerificationStore(knex),
        drills,
        plans: readRestoreTestPlans(
          config,
          RestoreTargetRegistry.fromConfig(config),
        ),
      });
    }

    it('judges a cron plan by its cron expression and never a manual one', async () => {
      const verified = await postures([
        'orders-weekly',
        'orders-weekdays',
        'orders-on-demand',
      ]);
      const statuses = async (now: Date) => {
        const read = await verified.addTo(posture, ordersEntity, {}, now);
        return {
          tests: read.verifiedRestorable!.restoreTests.map(t => [
            t.plan,
            t.status,
            t.schedule,
          ]),
          warnings: read.problems
            .filter(p => p.code === 'restore-test-overdue')
            .map(p => p.message),
        };
      };

      // Two days on: within the week, and the weekend gap, of the cron plans.
      expect(await statuses(new Date(LAST_RUN.getTime() + 2 * DAY))).toEqual({
        tests: [
          ['orders-weekly', 'current', 'cron 0 3 * * 1'],
          ['orders-weekdays', 'current', 'cron 0 * * * 1-5'],
          ['orders-on-demand', 'current', 'manual'],
        ],
        warnings: [],
      });
      // Four days on: the weekday plan has missed more than a weekend.
      const fourDays = await statuses(new Date(LAST_RUN.getTime() + 4 * DAY));
      expect(fourDays.tests.map(([plan, status]) => [plan, status])).toEqual([
        ['orders-weekly', 'current'],
        ['orders-weekdays', 'overdue'],
        ['orders-on-demand', 'current'],
      ]);
      expect(fourDays.warnings).toEqual([
        'Restore-test plan orders-weekdays last ran 4 d ago, longer than its schedule',
      ]);
      // Eight days and two hours on: a week and its timeout have passed.
      const later = await statuses(
        new Date(LAST_RUN.getTime() + 8 * DAY + 2 * 3600_000),
      );
      expect(later.tests.map(([plan, status]) => [plan, status])).toEqual([
        ['orders-weekly', 'overdue'],
        ['orders-weekdays', 'overdue'],
        ['orders-on-demand', 'current'],
      ]);
      // A manual plan, a year later: still not a warning.
      const yearLater = await statuses(
        new Date(LAST_RUN.getTime() + 365 * DAY),
      );
      expect(yearLater.tests[2]).toEqual([
        'orders-on-demand',
        'current',
        'manual',
      ]);
      expect(yearLater.warnings).toHaveLength(2);
    });

    it('warns of a scheduled plan that never ran, not of a manual one', async () => {
      const verified = await postures([]);
      const read = await verified.addTo(posture, ordersEntity, {}, LAST_RUN);
      expect(
        read.verifiedRestorable!.restoreTests.map(t => [t.plan, t.status]),
      ).toEqual([
        ['orders-weekly', 'never'],
        ['orders-weekdays', 'never'],
        ['orders-on-demand', 'never'],
      ]);
      expect(
        read.problems
          .filter(p => p.code === 'restore-test-overdue')
          .map(p => p.message),
      ).toEqual([
        'Restore-test plan orders-weekly has not run yet',
        'Restore-test plan orders-weekdays has not run yet',
      ]);
    });
  });
});
