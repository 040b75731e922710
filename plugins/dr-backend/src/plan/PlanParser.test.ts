/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from './PlanParser';

const HEADER =
  'apiVersion: dr.backstage.io/v1alpha1\nkind: DisasterRecoveryPlan\n';

describe('parsePlan', () => {
  it('reads every plan shipped in examples/plans without problems', () => {
    const dir = path.resolve(__dirname, '../../../../examples/plans');
    for (const file of fs.readdirSync(dir)) {
      const { plan, problems } = parsePlan(
        fs.readFileSync(path.join(dir, file), 'utf8'),
      );
      expect({ file, problems }).toEqual({ file, problems: [] });
      expect(plan?.spec.runbooks.length).toBeGreaterThan(0);
    }
  });

  it('parses objectives, data stores, runbooks, cadence and contacts', () => {
    const { plan, problems } =
      parsePlan(`${HEADER}metadata: { name: x, title: X plan }
spec:
  objectives:
    - { scenario: corruption, title: Corruption, rto: 30m, rpo: PT15M }
  dataStores:
    - name: db
      backup: { method: pg_dump, schedule: "0 * * * *", retention: 7d, location: s3://b/db/, encryption: aes-256-cbc, continuousArchiving: true }
  runbooks:
    - scenario: corruption
      title: Restore
      symptoms: [errors]
      expectedRto: 25m
      steps:
        - Stop writes
        - { title: Restore, command: "pg_restore -j 4 -d app dump" }
  drills: { cadence: 60d, scenarios: [corruption] }
  escalation:
    - { name: On-call, contact: "#oncall" }
`);
    expect(problems).toEqual([]);
    expect(plan).toEqual({
      apiVersion: 'dr.backstage.io/v1alpha1',
      kind: 'DisasterRecoveryPlan',
      metadata: { name: 'x', title: 'X plan', description: null },
      spec: {
        objectives: [
          {
            scenario: 'corruption',
            title: 'Corruption',
            description: null,
            rtoSeconds: 1800,
            rpoSeconds: 900,
          },
        ],
        dataStores: [
          {
            name: 'db',
            entityRef: null,
            engine: null,
            backup: {
              method: 'pg_dump',
              schedule: '0 * * * *',
              retention: '7d',
              location: 's3://b/db/',
              encryption: 'aes-256-cbc',
              continuousArchiving: true,
            },
          },
        ],
        runbooks: [
          {
            scenario: 'corruption',
            title: 'Restore',
            symptoms: ['errors'],
            expectedRtoSeconds: 1500,
            steps: [
              { title: 'Stop writes', description: null, command: null },
              {
                title: 'Restore',
                description: null,
                command: 'pg_restore -j 4 -d app dump',
              },
            ],
          },
        ],
        drills: { cadenceDays: 60, scenarios: ['corruption'] },
        escalation: [{ name: 'On-call', role: null, contact: '#oncall' }],
      },
    });
  });

  it('keeps the valid parts and names the path of each invalid entry', () => {
    const { plan, problems } = parsePlan(`${HEADER}spec:
  objectives:
    - { scenario: ok, rto: 1h }
    - { title: no scenario }
    - { scenario: bad-rto, rto: someday }
  runbooks:
    - { scenario: ok, title: Fine, steps: [one] }
    - { scenario: ok, title: No steps, steps: [] }
  escalation: not-a-list
`);
    expect(plan?.spec.objectives.map(o => [o.scenario, o.rtoSeconds])).toEqual([
      ['ok', 3600],
      ['bad-rto', null],
    ]);
    expect(plan?.spec.runbooks.map(r => r.title)).toEqual(['Fine']);
    expect(problems.map(p => p.field)).toEqual([
      'spec.objectives[1]',
      'spec.objectives[2].rto',
      'spec.runbooks[1]',
      'spec.escalation',
      'spec.runbooks',
    ]);
    expect(problems[0].message).toMatch(
      /spec\.objectives\[1\] is left out: scenario: Required/,
    );
  });

  it('refuses unknown versions, non-mappings and broken YAML with a clear message', () => {
    expect(
      parsePlan('apiVersion: v2\nkind: Other\n').problems[0],
    ).toMatchObject({
      code: 'plan-unsupported',
      fix: expect.stringContaining('dr.backstage.io/v1alpha1'),
    });
    expect(parsePlan('- a list').problems[0].message).toMatch(
      /must be a YAML mapping/,
    );
    expect(parsePlan(`${HEADER}spec: [\n`).problems[0].message).toMatch(
      /not valid YAML \(line \d+\)/,
    );
    expect(parsePlan(`${HEADER}metadata: {}\n`).problems[0].message).toMatch(
      /no spec/,
    );
  });

  it('refuses a billion-laughs document instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const result = parsePlan(
      `${HEADER}spec:\n  objectives: []\n${lines.join('\n')}\n`,
    );
    expect(result.plan).toBeNull();
    expect(result.problems[0].code).toBe('plan-invalid');
  });
});
