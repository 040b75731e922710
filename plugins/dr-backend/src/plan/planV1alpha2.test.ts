/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { stringify } from 'yaml';
import { parsePlan } from './PlanParser';

const V2 = 'apiVersion: dr.backstage.io/v1alpha2\nkind: DisasterRecoveryPlan\n';
const V1 = 'apiVersion: dr.backstage.io/v1alpha1\nkind: DisasterRecoveryPlan\n';

const codes = (problems: Array<{ code: string; field?: string }>) =>
  problems.map(p => `${p.code}@${p.field ?? ''}`);

describe('parsePlan: v1alpha2, objectives as the plans state them', () => {
  it('keeps seed 004: target and maximum RTO per scenario, service levels, escalation response times', () => {
    const { plan, problems } = parsePlan(`${V2}spec:
  objectives:
    - { scenario: database-corruption, rto: { target: 30m, max: 1h }, rpo: 24h }
    - { scenario: data-center-outage, rto: { target: 2h, max: 4h }, rpo: 24h }
  serviceLevels: { availability: 99.9%, durability: 99.999999999%, backupSuccessRate: 99.5% }
  escalation:
    - { name: On-call engineer, level: L1, contact: PagerDuty, responseTime: 15m }
    - { name: CTO, level: L4, contact: Emergency line, responseTime: 2h }
  links:
    - { title: Failover runbook, url: "https://wiki.example.com/failover" }
  drills:
    types:
      - { name: restore-test, title: Restore test (staging), cadence: 30d, scenarios: [database-corruption] }
      - { name: failover, cadence: 90d, scenarios: [data-center-outage] }
`);
    expect(problems.filter(p => p.severity === 'error')).toEqual([]);
    expect(
      plan?.spec.objectives.map(o => [
        o.scenario,
        o.rtoSeconds,
        o.maxRtoSeconds,
      ]),
    ).toEqual([
      ['database-corruption', 1800, 3600],
      ['data-center-outage', 7200, 14400],
    ]);
    expect(plan?.apiVersion).toBe('dr.backstage.io/v1alpha2');
    expect(plan?.spec.serviceLevels).toEqual([
      { name: 'availability', target: '99.9%' },
      { name: 'durability', target: '99.999999999%' },
      { name: 'backupSuccessRate', target: '99.5%' },
    ]);
    expect(plan?.spec.escalation).toEqual([
      {
        name: 'On-call engineer',
        role: null,
        contact: 'PagerDuty',
        level: 'L1',
        responseTimeSeconds: 900,
      },
      {
        name: 'CTO',
        role: null,
        contact: 'Emergency line',
        level: 'L4',
        responseTimeSeconds: 7200,
      },
    ]);
    expect(plan?.spec.links).toEqual([
      { title: 'Failover runbook', url: 'https://wiki.example.com/failover' },
    ]);
    expect(plan?.spec.drills.types).toEqual([
      {
        name: 'restore-test',
        title: 'Restore test (staging)',
        cadenceDays: 30,
        scenarios: ['database-corruption'],
      },
      {
        name: 'failover',
        title: null,
        cadenceDays: 90,
        scenarios: ['data-center-outage'],
      },
    ]);
  });

  it('keeps seed 000 (per data store RPO), seed 002 (overall objective, communication) and seed 003 (RPO 0)', () => {
    const { plan, problems } = parsePlan(`${V2}spec:
  overall: { rto: 15m, rpo: 1h }
  objectives:
    - { scenario: node-failure, rto: 2m, rpo: 0 }
  dataStores:
    - name: postgres
      sources: [pg-backups:batchsender/postgres/]
      objectives: { rpo: 15m }
    - name: clickhouse
      sources: clickhouse-b2:backups/
      objectives: { rpo: 24h }
  communication:
    - audience: stakeholders
      channel: "#incident-<timestamp>"
      updateEvery: 15m
      steps: [Declare the incident, Page on-call]
`);
    expect(problems.filter(p => p.severity === 'error')).toEqual([]);
    expect(plan?.spec.overall).toEqual({ rtoSeconds: 900, rpoSeconds: 3600 });
    expect(plan?.spec.objectives[0].rpoSeconds).toBe(0);
    expect(
      plan?.spec.dataStores.map(d => [d.name, d.sources, d.rpoSeconds]),
    ).toEqual([
      ['postgres', ['pg-backups:batchsender/postgres/'], 900],
      ['clickhouse', ['clickhouse-b2:backups/'], 86400],
    ]);
    expect(plan?.spec.communication).toEqual([
      {
        audience: 'stakeholders',
        channel: '#incident-<timestamp>',
        updateEverySeconds: 900,
        steps: ['Declare the incident', 'Page on-call'],
      },
    ]);
  });

  it('reports keys it does not know as warnings, in both versions, and keeps the rest', () => {
    const v2 = parsePlan(`${V2}spec:
  objectives:
    - { scenario: outage, rto: 1h, rpo: 1h, ownr: me }
  runbooks:
    - { scenario: outage, title: Fail over, steps: [Go] }
  sla: 99.9%
`);
    expect(v2.plan?.spec.objectives).toHaveLength(1);
    expect(
      v2.problems.filter(p => p.severity === 'warning').map(p => p.field),
    ).toEqual(['spec.sla', 'spec.objectives[0].ownr']);

    // A v1alpha1 plan keeps reading as before; the v1alpha2 fields it
    // carries are named as such rather than dropped in silence.
    const v1 = parsePlan(`${V1}spec:
  objectives:
    - { scenario: outage, rto: 1h, rpo: 1h }
  runbooks:
    - { scenario: outage, title: Fail over, steps: [Go] }
  serviceLevels: { availability: 99.9% }
`);
    expect(v1.plan?.spec.objectives[0]).toMatchObject({
      rtoSeconds: 3600,
      rpoSeconds: 3600,
    });
    expect(v1.plan?.spec.serviceLevels).toBeUndefined();
    expect(v1.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: 'spec.serviceLevels',
        message: expect.stringContaining(
          'apiVersion: dr.backstage.io/v1alpha2',
        ),
      }),
    ]);
  });

  it('reads an RPO of 0 and rto { target, max } only from v1alpha2', () => {
    const { plan, problems } = parsePlan(`${V1}spec:
  objectives:
    - { scenario: outage, rto: { target: 1h, max: 2h }, rpo: 0 }
`);
    expect(plan?.spec.objectives[0]).toMatchObject({
      rtoSeconds: null,
      rpoSeconds: null,
    });
    expect(codes(problems)).toEqual(
      expect.arrayContaining([
        'plan-invalid@spec.objectives[0].rto',
        'plan-invalid@spec.objectives[0].rpo',
      ]),
    );
  });

  it('turns wrong types, unknown scenarios and absurd numbers into problems', () => {
    const { plan, problems } = parsePlan(`${V2}spec:
  objectives:
    - { scenario: outage, rto: { target: 2h, max: 1h }, rpo: 99999999d }
    - { scenario: other, rto: [1h], rpo: { a: 1 } }
  dataStores:
    - { name: pg, sources: [not a source], objectives: { rpo: -5m } }
  drills:
    types:
      - { name: weekly, cadence: 7d, scenarios: [no-such-scenario] }
      - { name: broken }
      - 12
  links: [{ title: evil, url: "javascript:alert(1)" }]
  serviceLevels: [1, 2]
  overall: 5
`);
    expect(
      plan?.spec.objectives.map(o => [
        o.rtoSeconds,
        o.maxRtoSeconds ?? null,
        o.rpoSeconds,
      ]),
    ).toEqual([
      [7200, null, null],
      [null, null, null],
    ]);
    expect(plan?.spec.links).toBeUndefined();
    expect(plan?.spec.drills.types?.map(t => t.name)).toEqual(['weekly']);
    const fields = problems.map(p => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'spec.objectives[0].rto.max',
        'spec.objectives[0].rpo',
        'spec.objectives[1].rto',
        'spec.objectives[1].rpo',
        'spec.dataStores[0].sources[0]',
        'spec.dataStores[0].objectives.rpo',
        'spec.drills.types[1]',
        'spec.drills.types[2]',
        'spec.drills.types',
        'spec.links[0]',
        'spec.serviceLevels',
        'spec.overall',
      ]),
    );
    expect(
      problems.find(p => p.field === 'spec.drills.types')?.message,
    ).toContain('"no-such-scenario"');
  });

  it('never throws and always reports, over many malformed plans', () => {
    const junk: unknown[] = [
      null,
      0,
      -1,
      1e308,
      Number.NaN,
      '',
      'x',
      '0',
      true,
      [],
      [null],
      {},
      { a: 1 },
      [{ name: 1 }],
      'P',
      '1e400d',
      '-1h',
      { target: {}, max: [] },
    ];
    const paths: Array<(v: unknown) => unknown> = [
      v => ({ spec: v }),
      v => ({ metadata: v, spec: {} }),
      v => ({ spec: { objectives: v } }),
      v => ({ spec: { objectives: [v] } }),
      v => ({
        spec: { objectives: [{ scenario: 'a', rto: v, rpo: v, destroys: v }] },
      }),
      v => ({
        spec: { dataStores: [{ name: 'a', sources: v, objectives: v }] },
      }),
      v => ({
        spec: {
          dataStores: [
            { name: 'a', sources: ['s:x/'], objectives: { rpo: v } },
          ],
        },
      }),
      v => ({ spec: { drills: v } }),
      v => ({ spec: { drills: { cadence: v, scenarios: v, types: v } } }),
      v => ({
        spec: {
          drills: { types: [{ name: v, cadence: v, scenarios: v, title: v }] },
        },
      }),
      v => ({ spec: { overall: v } }),
      v => ({ spec: { overall: { rto: v, rpo: v } } }),
      v => ({ spec: { serviceLevels: v } }),
      v => ({ spec: { serviceLevels: { availability: v } } }),
      v => ({ spec: { communication: v } }),
      v => ({
        spec: {
          communication: [
            { audience: v, channel: v, updateEvery: v, steps: v },
          ],
        },
      }),
      v => ({ spec: { links: v } }),
      v => ({ spec: { links: [{ title: v, url: v }] } }),
      v => ({
        spec: { escalation: [{ name: 'a', level: v, responseTime: v }] },
      }),
      v => ({
        spec: {
          runbooks: [{ scenario: 'a', title: 'b', steps: v, expectedRto: v }],
        },
      }),
      v => ({ spec: { alerts: v } }),
      v => ({ spec: { [String(v)]: v } }),
    ];
    let parsed = 0;
    const malformed: string[] = [];
    for (const version of [
      'dr.backstage.io/v1alpha1',
      'dr.backstage.io/v1alpha2',
    ]) {
      for (const at of paths) {
        for (const value of junk) {
          const document = {
            apiVersion: version,
            kind: 'DisasterRecoveryPlan',
            ...(at(value) as object),
          };
          let source: string;
          try {
            source = stringify(document);
          } catch {
            continue;
          }
          const { plan, problems } = parsePlan(source);
          expect(Array.isArray(problems)).toBe(true);
          // Whatever was kept is well-formed.
          for (const o of plan?.spec.objectives ?? []) {
            for (const v of [o.rtoSeconds, o.rpoSeconds, o.maxRtoSeconds]) {
              if (
                v !== null &&
                v !== undefined &&
                !(Number.isFinite(v) && v >= 0)
              )
                malformed.push(`${JSON.stringify(document)}: ${v}`);
            }
          }
          for (const t of plan?.spec.drills.types ?? []) {
            if (!(t.cadenceDays > 0))
              malformed.push(`${JSON.stringify(document)}: ${t.cadenceDays}`);
          }
          parsed++;
        }
      }
    }
    expect(malformed).toEqual([]);
    expect(parsed).toBeGreaterThan(700);
  });
});
