/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  advancePosture,
  calculatePosture,
  type PostureFacts,
  type PostureTargets,
} from './PostureCalculator';

const now = new Date('2026-11-21T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

const targets: PostureTargets = {
  rtoSeconds: 1800,
  rpoSeconds: 900,
  drillCadenceDays: 90,
  scenarios: [],
};
const healthy: PostureFacts = {
  lastSuccessfulBackupAt: minutesAgo(7),
  lastSuccessfulDrill: { completedAt: daysAgo(10), rtoSeconds: 1200 },
  lastDrill: { completedAt: daysAgo(10), outcome: 'succeeded' },
  scenarioDrills: {},
};

describe('calculatePosture', () => {
  it('is ok when RPO and RTO are met and the drill is current', () => {
    const posture = calculatePosture(targets, healthy, now);
    expect(posture.overall).toBe('ok');
    expect(posture.rpo).toEqual({
      status: 'met',
      targetSeconds: 900,
      actualSeconds: 420,
      lastSuccessfulBackupAt: minutesAgo(7).toISOString(),
    });
    expect(posture.rto).toEqual({
      status: 'met',
      targetSeconds: 1800,
      measuredSeconds: 1200,
      lastSuccessfulDrillAt: daysAgo(10).toISOString(),
    });
    expect(posture.drills).toEqual({
      status: 'current',
      lastDrillAt: daysAgo(10).toISOString(),
      lastDrillOutcome: 'succeeded',
      cadenceDays: 90,
      nextDueAt: daysAgo(-80).toISOString(),
    });
  });

  it('treats actual equal to target as met, one second more as breached', () => {
    expect(
      calculatePosture(
        targets,
        { ...healthy, lastSuccessfulBackupAt: minutesAgo(15) },
        now,
      ).rpo.status,
    ).toBe('met');
    const late = new Date(minutesAgo(15).getTime() - 1000);
    const posture = calculatePosture(
      targets,
      { ...healthy, lastSuccessfulBackupAt: late },
      now,
    );
    expect(posture.rpo.status).toBe('breached');
    expect(posture.overall).toBe('breach');
  });

  it('is in breach when the last drill took longer than the RTO, even with a current drill', () => {
    const posture = calculatePosture(
      targets,
      {
        ...healthy,
        lastSuccessfulDrill: { completedAt: daysAgo(1), rtoSeconds: 2400 },
      },
      now,
    );
    expect(posture.rto.status).toBe('breached');
    expect(posture.overall).toBe('breach');
  });

  it('is at risk when the drill is overdue or never happened', () => {
    const overdue = calculatePosture(
      targets,
      {
        ...healthy,
        lastSuccessfulDrill: { completedAt: daysAgo(91), rtoSeconds: 600 },
      },
      now,
    );
    expect(overdue.drills.status).toBe('overdue');
    expect(overdue.overall).toBe('at-risk');

    const never = calculatePosture(
      { ...targets, rtoSeconds: null },
      {
        ...healthy,
        lastSuccessfulDrill: null,
        lastDrill: { completedAt: daysAgo(2), outcome: 'failed' },
      },
      now,
    );
    expect(never.drills).toMatchObject({
      status: 'never',
      lastDrillOutcome: 'failed',
      nextDueAt: null,
    });
    expect(never.rto.status).toBe('unknown');
    expect(never.overall).toBe('at-risk');
  });

  it('is at risk when a target exists but nothing was measured', () => {
    const posture = calculatePosture(
      targets,
      { ...healthy, lastSuccessfulBackupAt: null },
      now,
    );
    expect(posture.rpo).toMatchObject({
      status: 'unknown',
      actualSeconds: null,
    });
    expect(posture.overall).toBe('at-risk');
  });

  it('ignores an unknown status whose target does not exist', () => {
    const posture = calculatePosture(
      { ...targets, rtoSeconds: null },
      { ...healthy },
      now,
    );
    expect(posture.rto.status).toBe('unknown');
    expect(posture.overall).toBe('ok');
  });

  it('is none without RTO and RPO targets, whatever was measured', () => {
    const posture = calculatePosture(
      { ...targets, rtoSeconds: null, rpoSeconds: null },
      healthy,
      now,
    );
    expect(posture.overall).toBe('none');
    expect(posture.rpo.status).toBe('unknown');
  });

  it('judges each plan scenario against its own objectives and drills', () => {
    const posture = calculatePosture(
      {
        ...targets,
        scenarios: [
          {
            scenario: 'db-corruption',
            title: 'Database corruption',
            description: null,
            rtoSeconds: 1800,
            rpoSeconds: 900,
          },
          {
            scenario: 'region-loss',
            title: null,
            description: null,
            rtoSeconds: 14400,
            rpoSeconds: 300,
          },
        ],
      },
      {
        ...healthy,
        scenarioDrills: {
          'db-corruption': {
            completedAt: daysAgo(3).toISOString(),
            rtoSeconds: 2000,
          },
        },
      },
      now,
    );
    expect(posture.scenarios).toEqual([
      expect.objectContaining({
        scenario: 'db-corruption',
        rpo: expect.objectContaining({ status: 'met' }),
        rto: expect.objectContaining({
          status: 'breached',
          measuredSeconds: 2000,
        }),
      }),
      expect.objectContaining({
        scenario: 'region-loss',
        rpo: expect.objectContaining({ status: 'breached' }),
        rto: expect.objectContaining({ status: 'unknown' }),
      }),
    ]);
  });
});

describe('nextChangeAt', () => {
  it('is the first instant the same facts judge otherwise', () => {
    const posture = calculatePosture(targets, healthy, now);
    // The RPO (15 min, backup 7 min old) turns breached before the drill
    // (10 of 90 days) turns overdue.
    expect(posture.nextChangeAt).toEqual(
      new Date(minutesAgo(7).getTime() + 900_500),
    );
    const justBefore = new Date(posture.nextChangeAt!.getTime() - 1);
    expect(calculatePosture(targets, healthy, justBefore).rpo.status).toBe(
      'met',
    );
    expect(
      calculatePosture(targets, healthy, posture.nextChangeAt!).rpo.status,
    ).toBe('breached');
  });

  it('follows the drill cadence once the RPO cannot change, and is null when only new facts can', () => {
    const noRpo = { ...targets, rpoSeconds: null };
    const drillDue = calculatePosture(noRpo, healthy, now).nextChangeAt!;
    expect(calculatePosture(noRpo, healthy, drillDue).drills.status).toBe(
      'overdue',
    );
    expect(
      calculatePosture(noRpo, { ...healthy, lastSuccessfulDrill: null }, now)
        .nextChangeAt,
    ).toBeNull();
  });

  it('ages a stored posture without changing its statuses', () => {
    const stored = {
      ...calculatePosture(targets, healthy, now),
      evaluatedAt: now.toISOString(),
    };
    const later = new Date(now.getTime() + 60_000);
    const aged = advancePosture(stored, later);
    expect(aged.rpo).toMatchObject({ status: 'met', actualSeconds: 8 * 60 });
    expect(aged.evaluatedAt).toBe(later.toISOString());
  });
});
