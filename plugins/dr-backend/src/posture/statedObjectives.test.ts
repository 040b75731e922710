/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { DependencyPosture } from '@dr-suite/backstage-plugin-dr-common';
import {
  calculatePosture,
  type PostureFacts,
  type PostureTargets,
} from './PostureCalculator';
import { rollUpSystem } from './systemRollup';

const NOW = new Date('2026-06-01T12:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

const targets = (extra: Partial<PostureTargets> = {}): PostureTargets => ({
  rtoSeconds: null,
  rpoSeconds: null,
  drillCadenceDays: 365,
  scenarios: [],
  ...extra,
});
const facts = (extra: Partial<PostureFacts> = {}): PostureFacts => ({
  lastSuccessfulBackupAt: null,
  lastSuccessfulDrill: { completedAt: ago(DAY), rtoSeconds: 60 },
  lastDrill: null,
  scenarioDrills: {},
  ...extra,
});
const walCopy = (lagMs: number) => ({
  key: 'pg:db/',
  sourceId: 'pg',
  location: 'eu-west-1',
  restorableAt: ago(lagMs),
  continuous: true,
});

describe('objectives as the plans state them', () => {
  describe('RPO 0 (seeds 000, 003: "no data loss")', () => {
    const rpoZero = targets({
      rpoSeconds: 0,
      rpoZeroToleranceSeconds: 300,
      scenarios: [
        {
          scenario: 'node-failure',
          title: null,
          description: null,
          rtoSeconds: null,
          rpoSeconds: 0,
        },
      ],
    });

    it('is met while continuous archiving keeps the window end within the tolerance', () => {
      const posture = calculatePosture(
        rpoZero,
        facts({
          lastSuccessfulBackupAt: ago(2 * MIN),
          locatedCopies: [walCopy(2 * MIN)],
        }),
        NOW,
      );
      expect(posture.rpo).toMatchObject({
        status: 'met',
        targetSeconds: 0,
        toleranceSeconds: 300,
      });
      expect(posture.scenarios[0]).toMatchObject({
        rpo: { status: 'met' },
        status: 'ok',
      });
      // It turns breached when the window end falls past the tolerance.
      expect(posture.nextChangeAt?.getTime()).toBe(
        ago(2 * MIN).getTime() + 300_500,
      );
    });

    it('is breached, with the reason, when WAL lags past the tolerance', () => {
      const posture = calculatePosture(
        rpoZero,
        facts({
          lastSuccessfulBackupAt: ago(20 * MIN),
          locatedCopies: [walCopy(20 * MIN)],
        }),
        NOW,
      );
      expect(posture.overall).toBe('breach');
      expect(posture.rpo).toMatchObject({
        status: 'breached',
        reason: expect.stringContaining(
          'lags 20 min behind now, past the tolerance of 5 min',
        ),
      });
      expect(posture.scenarios[0].status).toBe('breach');
    });

    it('is breached without continuous archiving, however fresh the last dump', () => {
      const posture = calculatePosture(
        rpoZero,
        facts({
          lastSuccessfulBackupAt: ago(MIN),
          locatedCopies: [{ ...walCopy(MIN), continuous: false }],
        }),
        NOW,
      );
      expect(posture.rpo).toMatchObject({
        status: 'breached',
        reason: expect.stringContaining(
          'needs continuous archiving or replication',
        ),
      });
    });
  });

  it('judges seed 004 RTOs against target and maximum, each scenario on its own drills', () => {
    const posture = calculatePosture(
      targets({
        rtoSeconds: 1800,
        scenarios: [
          {
            scenario: 'database-corruption',
            title: null,
            description: null,
            rtoSeconds: 1800,
            maxRtoSeconds: 3600,
            rpoSeconds: null,
          },
          {
            scenario: 'hardware-failure',
            title: null,
            description: null,
            rtoSeconds: 3600,
            maxRtoSeconds: 7200,
            rpoSeconds: null,
          },
          {
            scenario: 'complete-disaster',
            title: null,
            description: null,
            rtoSeconds: 14400,
            maxRtoSeconds: 28800,
            rpoSeconds: null,
          },
        ],
      }),
      facts({
        lastSuccessfulDrill: { completedAt: ago(DAY), rtoSeconds: 1200 },
        scenarioDrills: {
          // 45 min: past the 30 min target, within the 1 h maximum.
          'database-corruption': {
            completedAt: ago(DAY).toISOString(),
            rtoSeconds: 2700,
          },
          // 9 h: past the 8 h maximum.
          'complete-disaster': {
            completedAt: ago(2 * DAY).toISOString(),
            rtoSeconds: 9 * 3600,
          },
          // A fast drill of another scenario stands in for nobody.
          'region-loss': {
            completedAt: ago(DAY).toISOString(),
            rtoSeconds: 60,
          },
        },
      }),
      NOW,
    );
    const [corruption, hardware, disaster] = posture.scenarios;
    expect(corruption.rto).toEqual({
      status: 'breached',
      targetSeconds: 1800,
      measuredSeconds: 2700,
      lastSuccessfulDrillAt: ago(DAY).toISOString(),
      max: { targetSeconds: 3600, status: 'met' },
    });
    expect(corruption.status).toBe('at-risk');
    expect(hardware.rto).toMatchObject({
      status: 'unknown',
      measuredSeconds: null,
    });
    expect(hardware.status).toBe('at-risk');
    expect(disaster.rto.max).toEqual({
      targetSeconds: 28800,
      status: 'breached',
    });
    expect(disaster.status).toBe('breach');
    // The entity's own RTO is met, but a breached scenario makes it breach.
    expect(posture.rto.status).toBe('met');
    expect(posture.overall).toBe('breach');
  });

  it('judges seed 001 drill types each on its own cadence', () => {
    const posture = calculatePosture(
      targets({
        rtoSeconds: 3600,
        drillTypes: [
          {
            name: 'backup-verification',
            title: 'Backup verification',
            cadenceDays: 7,
            scenarios: ['backup-verification'],
          },
          {
            name: 'failover',
            title: null,
            cadenceDays: 90,
            scenarios: ['region-loss'],
          },
          {
            name: 'full-dr',
            title: null,
            cadenceDays: 365,
            scenarios: ['full-dr'],
          },
        ],
      }),
      facts({
        scenarioDrills: {
          'backup-verification': {
            completedAt: ago(2 * DAY).toISOString(),
            rtoSeconds: 600,
          },
          'region-loss': {
            completedAt: ago(120 * DAY).toISOString(),
            rtoSeconds: 600,
          },
        },
      }),
      NOW,
    );
    expect(
      posture.drillTypes?.map(t => [t.name, t.status, t.nextDueAt]),
    ).toEqual([
      [
        'backup-verification',
        'current',
        new Date(ago(2 * DAY).getTime() + 7 * DAY).toISOString(),
      ],
      [
        'failover',
        'overdue',
        new Date(ago(120 * DAY).getTime() + 90 * DAY).toISOString(),
      ],
      ['full-dr', 'never', null],
    ]);
    expect(posture.overall).toBe('at-risk');
    expect(posture.nextChangeAt?.getTime()).toBe(
      ago(2 * DAY).getTime() + 7 * DAY + 1,
    );
  });

  it('judges seed 000 data stores on their own RPOs: a fresh ClickHouse copy does not hide a stale PostgreSQL one', () => {
    const posture = calculatePosture(
      targets({
        rtoSeconds: 4 * 3600,
        dataStores: [
          { name: 'postgres', sources: ['pg:batchsender/'], rpoSeconds: 900 },
          { name: 'clickhouse', sources: ['ch:backups/'], rpoSeconds: 86400 },
          { name: 'redis', sources: ['nowhere:x/'], rpoSeconds: 3600 },
        ],
      }),
      facts({
        lastSuccessfulBackupAt: ago(MIN),
        locatedCopies: [
          {
            key: 'pg:batchsender/',
            sourceId: 'pg',
            location: null,
            restorableAt: ago(2 * 3600_000),
          },
          {
            key: 'ch:backups/',
            sourceId: 'ch',
            location: null,
            restorableAt: ago(MIN),
          },
        ],
      }),
      NOW,
    );
    expect(
      posture.dataStores?.map(d => [d.name, d.rpo.status, d.rpo.actualSeconds]),
    ).toEqual([
      ['postgres', 'breached', 7200],
      ['clickhouse', 'met', 60],
      ['redis', 'unknown', null],
    ]);
    expect(posture.missingDataStoreSources).toEqual([
      { store: 'redis', source: 'nowhere:x/' },
    ]);
    expect(posture.overall).toBe('breach');
  });

  it('rolls a System up to its worst part and names it', () => {
    const part = (
      entityRef: string,
      overall: DependencyPosture['overall'],
      relation: DependencyPosture['relation'] = 'hasPart',
    ): DependencyPosture => ({
      entityRef,
      relation,
      title: null,
      overall,
      rpoStatus: 'met',
      rtoStatus: 'met',
      drillStatus: 'current',
    });
    expect(
      rollUpSystem('System', 'ok', [
        part('component:default/api', 'ok'),
        part('resource:default/db', 'breach'),
        part('resource:default/cache', 'at-risk'),
        part('resource:default/other', 'breach', 'dependsOn'),
      ]),
    ).toEqual({ overall: 'breach', drivenBy: 'resource:default/db' });
    expect(
      rollUpSystem('System', 'breach', [
        part('component:default/api', 'at-risk'),
      ]),
    ).toEqual({
      overall: 'breach',
      drivenBy: null,
    });
    expect(
      rollUpSystem('Component', 'ok', [part('resource:default/db', 'breach')]),
    ).toBeUndefined();
  });
});
