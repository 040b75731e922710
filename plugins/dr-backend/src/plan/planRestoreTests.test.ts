/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parsePlan } from './PlanParser';

const HEADER =
  'apiVersion: dr.backstage.io/v1alpha2\nkind: DisasterRecoveryPlan\n';

function restoreTestProblems(source: string) {
  return parsePlan(source)
    .problems.filter(p => p.field?.startsWith('spec.restoreTests'))
    .map(p => ({ field: p.field, severity: p.severity, message: p.message }));
}

describe('parsePlan: restore tests an entity declares (spec.restoreTests)', () => {
  it('reads schedules, backup choices, checks, timeout and cleanup', () => {
    const { plan, problems } = parsePlan(`${HEADER}spec:
  restoreTests:
    - name: weekly
      schedule: { cron: '0 3 * * 1' }
      backup: { pick: random-within-window, window: 7d }
      target: orders-sandbox
      scenario: database-corruption
      checks:
        - { type: sql, name: orders present, query: 'select count(*) from orders', expect: 3 }
      timeout: 30m
      cleanup: false
    - name: pitr
      schedule: { frequency: 1d }
      backup: { pick: point-in-time, window: 2d }
      target: orders-sandbox
    - name: on-demand
      schedule: manual
      target: orders-sandbox
`);
    expect(problems).toEqual([]);
    expect(plan?.spec.restoreTests).toEqual([
      {
        name: 'weekly',
        schedule: { cron: '0 3 * * 1' },
        backup: { pick: 'random-within-window', windowSeconds: 7 * 86400 },
        target: 'orders-sandbox',
        scenario: 'database-corruption',
        checks: [
          expect.objectContaining({
            type: 'sql',
            name: 'orders present',
            expect: 3,
          }),
        ],
        timeoutSeconds: 1800,
        cleanup: false,
      },
      {
        name: 'pitr',
        schedule: { frequencySeconds: 86400 },
        backup: { pick: 'point-in-time', windowSeconds: 2 * 86400 },
        target: 'orders-sandbox',
        scenario: null,
        checks: [],
        timeoutSeconds: null,
        cleanup: true,
      },
      {
        name: 'on-demand',
        schedule: { manual: true },
        backup: { pick: 'latest' },
        target: 'orders-sandbox',
        scenario: null,
        checks: [],
        timeoutSeconds: null,
        cleanup: true,
      },
    ]);
  });

  it('leaves out tests that cannot run as written and says why, never failing the plan', () => {
    const source = `${HEADER}spec:
  objectives:
    - { scenario: database-corruption, rto: 1h, rpo: 15m }
  restoreTests:
    - name: Nightly Test
      target: orders-sandbox
    - name: no-target
    - name: bad-cron
      target: orders-sandbox
      schedule: { cron: 'every night' }
    - name: too-often
      target: orders-sandbox
      schedule: { frequency: 5m }
    - name: bad-pick
      target: orders-sandbox
      backup: { pick: oldest }
    - name: no-window
      target: orders-sandbox
      backup: { pick: point-in-time }
    - name: bad-check
      target: orders-sandbox
      checks: [{ type: sql, name: orders present }]
    - name: kept
      target: orders-sandbox
      colour: blue
    - name: kept
      target: other-sandbox
    - just a string
`;
    const { plan } = parsePlan(source);
    expect(plan?.spec.objectives).toHaveLength(1);
    expect(plan?.spec.restoreTests?.map(t => [t.name, t.target])).toEqual([
      ['kept', 'orders-sandbox'],
    ]);
    const problems = restoreTestProblems(source);
    expect(problems.map(p => [p.field, p.severity])).toEqual([
      ['spec.restoreTests[0].name', 'error'],
      ['spec.restoreTests[1].target', 'error'],
      ['spec.restoreTests[2].schedule.cron', 'error'],
      ['spec.restoreTests[2]', 'error'],
      ['spec.restoreTests[3].schedule.frequency', 'error'],
      ['spec.restoreTests[3]', 'error'],
      ['spec.restoreTests[4].backup.pick', 'error'],
      ['spec.restoreTests[4]', 'error'],
      ['spec.restoreTests[5].backup.window', 'error'],
      ['spec.restoreTests[5]', 'error'],
      ['spec.restoreTests[6].checks', 'error'],
      ['spec.restoreTests[7].colour', 'warning'],
      ['spec.restoreTests[8]', 'error'],
      ['spec.restoreTests[9]', 'error'],
    ]);
    expect(problems[2].message).toMatch(
      /schedule\.cron "every night" is not a cron expression/,
    );
    expect(problems[4].message).toMatch(/at most once an hour/);
    expect(problems[12].message).toMatch(/"kept" is defined twice/);
  });

  it('reads spec.restoreTests only from v1alpha2 on', () => {
    const { plan, problems } = parsePlan(`apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
spec:
  restoreTests:
    - { name: nightly, target: orders-sandbox }
`);
    expect(plan?.spec.restoreTests).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.restoreTests',
        severity: 'warning',
        message: expect.stringContaining(
          'it is read with apiVersion: dr.backstage.io/v1alpha2',
        ),
      }),
    ]);
  });
});
