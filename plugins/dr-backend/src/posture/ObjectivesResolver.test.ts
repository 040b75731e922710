/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { DrPlan } from '@dr-suite/backstage-plugin-dr-common';
import { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import { ObjectivesResolver } from './ObjectivesResolver';
import { TierRegistry } from './TierRegistry';

const logger = mockServices.logger.mock();
const config = new ConfigReader({
  dr: {
    sources: {
      vol: { type: 'filesystem', directory: '/backups' },
      velero: {
        type: 'velero',
        cluster: {
          url: 'http://127.0.0.1:1',
          serviceAccountToken: 't',
          skipTLSVerify: true,
        },
      },
      broken: { type: 's3' },
    },
    tiers: {
      gold: { rto: '1h', rpo: '15m', drillCadence: '30d' },
      odd: { rto: 'whenever', rpo: '1h' },
    },
  },
});
const resolver = new ObjectivesResolver({
  tiers: TierRegistry.fromConfig(config, logger),
  sources: BackupSourceRegistry.fromConfig(config, { logger }),
  defaultDrillCadenceDays: 90,
});

function entity(
  annotations: Record<string, string>,
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'svc', annotations },
  };
}

function plan(
  objectives: Array<[string, number | null, number | null]>,
  cadenceDays: number | null = null,
): DrPlan {
  return {
    apiVersion: 'dr.backstage.io/v1alpha1',
    kind: 'DisasterRecoveryPlan',
    metadata: { name: null, title: null, description: null },
    spec: {
      objectives: objectives.map(([scenario, rtoSeconds, rpoSeconds]) => ({
        scenario,
        title: null,
        description: null,
        rtoSeconds,
        rpoSeconds,
      })),
      dataStores: [],
      runbooks: [],
      drills: { cadenceDays, scenarios: [] },
      escalation: [],
    },
  };
}

const codes = (r: ReturnType<typeof resolver.resolve>) =>
  r.problems.map(p => p.code);

describe('ObjectivesResolver', () => {
  it('lets annotations win over the tier, and takes the rest from the tier', () => {
    const result = resolver.resolve(
      entity({
        'dr.backstage.io/tier': 'gold',
        'dr.backstage.io/rpo': 'PT5M',
        'dr.backstage.io/backup-sources': 'vol:db/',
      }),
      null,
    );
    expect(result.objectives).toEqual({
      rtoSeconds: 3600,
      rpoSeconds: 300,
      tier: 'gold',
      drillCadenceDays: 30,
      origins: { rto: 'tier', rpo: 'annotation', drillCadence: 'tier' },
    });
    expect(result.hasObjectives).toBe(true);
    expect(result.selectorSpecs).toEqual([
      { sourceId: 'vol', selector: 'db/' },
    ]);
    expect(codes(result)).toEqual(['plan-missing']);
  });

  it('falls back to the strictest plan objective and the plan cadence', () => {
    const result = resolver.resolve(
      entity({
        'dr.backstage.io/plan': './plan.yaml',
        'dr.backstage.io/backup-sources': 'vol:db/',
      }),
      plan(
        [
          ['corruption', 1800, 900],
          ['region', 14400, 60],
        ],
        45,
      ),
    );
    expect(result.objectives).toMatchObject({
      rtoSeconds: 1800,
      rpoSeconds: 60,
      drillCadenceDays: 45,
      origins: { rto: 'plan', rpo: 'plan', drillCadence: 'plan' },
    });
  });

  it('has no objectives without annotations, tier or plan', () => {
    const result = resolver.resolve(
      entity({ 'dr.backstage.io/backup-sources': 'vol:db/' }),
      null,
    );
    expect(result.hasObjectives).toBe(false);
    expect(result.objectives).toMatchObject({
      rtoSeconds: null,
      rpoSeconds: null,
      drillCadenceDays: 90,
    });
    expect(result.problems).toEqual([]);
  });

  it('turns every bad value into a problem that says how to fix it', () => {
    const result = resolver.resolve(
      entity({
        'dr.backstage.io/rto': 'asap',
        'dr.backstage.io/rpo': '-5m',
        'dr.backstage.io/tier': 'platinum',
        'dr.backstage.io/backup-sources':
          'vol:, nope:x/, broken:y/, velero:Bad_NS, vol:ok/, vol:ok/',
      }),
      null,
    );
    expect(codes(result)).toEqual([
      'unknown-tier',
      'invalid-annotation',
      'invalid-annotation',
      'invalid-selector',
      'unknown-source',
      'source-misconfigured',
      'invalid-selector',
    ]);
    expect(result.problems.every(p => p.fix && p.message)).toBe(true);
    expect(result.problems[0].fix).toMatch(/Use one of gold, odd/);
    // Only the valid selector survives, once.
    expect(result.selectorSpecs).toEqual([
      { sourceId: 'vol', selector: 'ok/' },
    ]);
    expect(result.hasObjectives).toBe(false);
  });

  it('reports a tier whose own config is broken and uses its valid parts', () => {
    const result = resolver.resolve(
      entity({
        'dr.backstage.io/tier': 'odd',
        'dr.backstage.io/backup-sources': 'vol:a/',
      }),
      null,
    );
    expect(result.objectives).toMatchObject({
      rtoSeconds: null,
      rpoSeconds: 3600,
    });
    expect(codes(result)).toContain('invalid-tier-config');
  });

  it('warns when an RPO is set without any backup source', () => {
    const result = resolver.resolve(
      entity({ 'dr.backstage.io/rpo': '1h' }),
      null,
    );
    expect(codes(result)).toEqual(['no-backup-sources', 'plan-missing']);
  });

  it('resolves an empty velero selector from the kubernetes annotations', () => {
    const result = resolver.resolve(
      entity({
        'dr.backstage.io/backup-sources': 'velero',
        'backstage.io/kubernetes-namespace': 'orders',
      }),
      null,
    );
    expect(result.selectorSpecs).toEqual([
      { sourceId: 'velero', selector: 'namespace=orders' },
    ]);
  });

  it('notes kinds the audit does not cover and refuses oversized annotations', () => {
    const api = resolver.resolve(
      entity({ 'dr.backstage.io/rto': '1h' }, 'API'),
      null,
    );
    expect(codes(api)).toContain('unsupported-kind');
    const huge = resolver.resolve(
      entity({ 'dr.backstage.io/backup-sources': `vol:${'x'.repeat(5000)}` }),
      null,
    );
    expect(codes(huge)).toEqual(['invalid-annotation']);
  });
});
