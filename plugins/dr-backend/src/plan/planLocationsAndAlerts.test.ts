/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parsePlan } from './PlanParser';

const HEADER =
  'apiVersion: dr.backstage.io/v1alpha1\nkind: DisasterRecoveryPlan\n';

describe('parsePlan: what scenarios destroy and alert thresholds (v1alpha1 additions)', () => {
  it('reads destroys and spec.alerts', () => {
    const { plan, problems } = parsePlan(`${HEADER}spec:
  objectives:
    - { scenario: database-corruption, rpo: 24h }
    - { scenario: region-loss, rpo: 24h, destroys: [us-east-1, on-prem] }
    - { scenario: site-loss, rpo: 24h, destroys: on-prem }
  alerts: { backupAge: 26h, walAge: 30m }
`);
    expect(problems.filter(p => p.code !== 'plan-incomplete')).toEqual([]);
    expect(plan?.spec.objectives.map(o => [o.scenario, o.destroys])).toEqual([
      ['database-corruption', undefined],
      ['region-loss', ['us-east-1', 'on-prem']],
      ['site-loss', ['on-prem']],
    ]);
    expect(plan?.spec.alerts).toEqual({
      backupAgeSeconds: 26 * 3600,
      walAgeSeconds: 1800,
    });
  });

  it('keeps the objective and reports wrong values instead of failing', () => {
    const { plan, problems } = parsePlan(`${HEADER}spec:
  objectives:
    - { scenario: region-loss, rpo: 24h, destroys: { region: us-east-1 } }
    - { scenario: zone-loss, rpo: 1h, destroys: [42, ''] }
  alerts: { backupAge: tomorrow, walAge: -5m }
`);
    expect(
      plan?.spec.objectives.map(o => [o.scenario, o.rpoSeconds, o.destroys]),
    ).toEqual([
      ['region-loss', 86400, undefined],
      ['zone-loss', 3600, undefined],
    ]);
    expect(plan?.spec.alerts).toBeUndefined();
    expect(
      problems.filter(p => p.code !== 'plan-incomplete').map(p => p.field),
    ).toEqual([
      'spec.objectives[0].destroys',
      'spec.objectives[1].destroys',
      'spec.alerts.backupAge',
      'spec.alerts.walAge',
    ]);
    expect(problems[0].message).toMatch(/must be a list of locations/);

    expect(parsePlan(`${HEADER}spec:\n  alerts: [26h]\n`).problems).toEqual([
      expect.objectContaining({ field: 'spec.alerts' }),
    ]);
  });
});
