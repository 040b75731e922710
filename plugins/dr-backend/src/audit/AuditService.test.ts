/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  DatabaseEntityStore,
  EntityWithFacts,
} from '../database/DatabaseEntityStore';
import { AuditService } from './AuditService';

const now = new Date('2026-11-21T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

function row(
  name: string,
  extra: Partial<EntityWithFacts> = {},
): EntityWithFacts {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    title: null,
    owner: 'group:default/team-a',
    tier: 'tier-1',
    rtoSeconds: 3600,
    rpoSeconds: 3600,
    drillCadenceDays: 90,
    hasObjectives: true,
    selectors: [],
    scenarios: [],
    problems: [],
    lastSuccessfulBackupAt: hoursAgo(0.5),
    lastSuccessfulDrillAt: hoursAgo(24),
    lastSuccessfulDrillRtoSeconds: 1800,
    lastDrillAt: hoursAgo(24),
    lastDrillOutcome: 'succeeded',
    scenarioDrills: {},
    ...extra,
  };
}

function serviceWith(rows: EntityWithFacts[]) {
  const store = {
    listWithFacts: async () => rows,
    iterateWithFacts: async function* iterate() {
      yield rows.slice(0, 2);
      yield rows.slice(2);
    },
    lastSyncedAt: async () => now,
  } as unknown as DatabaseEntityStore;
  return new AuditService({ entities: store, criticalTier: 'tier-1' });
}

const rows = [
  row('ok'),
  row('late', { lastSuccessfulBackupAt: hoursAgo(5) }),
  row('stale-drill', {
    tier: 'tier-2',
    lastSuccessfulDrillAt: hoursAgo(24 * 200),
  }),
  row('unowned', {
    owner: null,
    hasObjectives: false,
    rtoSeconds: null,
    rpoSeconds: null,
    tier: null,
  }),
  row('=cmd|calc', {
    title: '=HYPERLINK("http://evil")',
    problems: [{ code: 'x', severity: 'error', message: 'm' }],
  }),
];

describe('AuditService', () => {
  const service = serviceWith(rows);

  it('lists entities with objectives, judged with the posture rules, and summarises exactly those', async () => {
    const page = await service.page({}, now);
    expect(page.items.map(r => [r.name, r.overall])).toEqual([
      ['=cmd|calc', 'ok'],
      ['late', 'breach'],
      ['ok', 'ok'],
      ['stale-drill', 'at-risk'],
    ]);
    expect(page.totalCount).toBe(4);
    // The tiles add up to the rows: an entity without objectives (and so
    // without a DR tab) is neither listed nor counted.
    expect(page.summary).toEqual({
      total: 4,
      ok: 2,
      atRisk: 1,
      breach: 1,
      none: 0,
      criticalTier: { tier: 'tier-1', total: 3, rpoMet: 2, rtoMet: 3 },
    });
    expect(page.items[1]).toMatchObject({
      rpoStatus: 'breached',
      rpoActualSeconds: 18000,
      rpoTargetSeconds: 3600,
    });
    expect(page.syncedAt).toBe(now.toISOString());
  });

  it('filters by overall status, sorts worst first and pages', async () => {
    expect(
      (await service.page({ overall: ['none'] }, now)).items.map(r => r.name),
    ).toEqual([]);
    const byOverall = await service.page({ orderBy: 'overall', limit: 2 }, now);
    expect(byOverall.items.map(r => r.name)).toEqual(['late', 'stale-drill']);
    expect(byOverall.totalCount).toBe(4);
    const secondPage = await service.page(
      { orderBy: 'overall', limit: 2, offset: 2 },
      now,
    );
    expect(secondPage.items.map(r => r.name)).toEqual(['=cmd|calc', 'ok']);
  });

  it('sorts objective columns in the direction of their arrows: descending is worst first', async () => {
    const audit = serviceWith([
      row('fresh', { lastSuccessfulBackupAt: hoursAgo(0.1) }),
      row('late', { lastSuccessfulBackupAt: hoursAgo(5) }),
      row('later', { lastSuccessfulBackupAt: hoursAgo(9) }),
      row('half', { lastSuccessfulBackupAt: hoursAgo(0.5) }),
    ]);
    const names = async (order: 'asc' | 'desc') =>
      (await audit.page({ orderBy: 'rpo', order }, now)).items.map(r => r.name);
    expect(await names('desc')).toEqual(['later', 'late', 'half', 'fresh']);
    expect(await names('asc')).toEqual(['fresh', 'half', 'late', 'later']);
  });

  it('sorts entities by the name shown (the title), not by the reference', async () => {
    const audit = serviceWith([
      row('a-db', { title: 'Zebra database' }),
      row('z-service', { title: 'Alpha service' }),
      row('m-queue'),
    ]);
    const page = await audit.page({ orderBy: 'entity' }, now);
    expect(page.items.map(r => r.title ?? r.name)).toEqual([
      'Alpha service',
      'm-queue',
      'Zebra database',
    ]);
  });

  it('lists an entity whose only DR annotations are broken, with its problem count', async () => {
    const typo = row('typo', {
      tier: null,
      rtoSeconds: null,
      rpoSeconds: null,
      hasObjectives: false,
      problems: [
        {
          code: 'invalid-annotation',
          severity: 'error',
          field: 'dr.backstage.io/rpo',
          message: 'dr.backstage.io/rpo: "banana" is not a valid duration.',
        },
        { code: 'plan-missing', severity: 'info', message: 'No plan.' },
      ],
    });
    const audit = serviceWith([row('ok'), typo, rows[3]]);
    const page = await audit.page({}, now);
    expect(page.items.map(r => [r.name, r.overall, r.problemCount])).toEqual([
      ['ok', 'ok', 0],
      ['typo', 'none', 1],
    ]);
    let csv = '';
    for await (const chunk of audit.csv({}, now)) csv += chunk;
    expect(csv).toContain('component:default/typo,');
    expect(csv).not.toContain('component:default/unowned,');
  });

  it('streams CSV batch by batch and neutralises spreadsheet formulas', async () => {
    let csv = '';
    for await (const chunk of service.csv({}, now)) csv += chunk;
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'entityRef,kind,namespace,name,title,owner,tier,overall,rpoStatus,rpoTargetSeconds,rpoActualSeconds,lastSuccessfulBackupAt,rtoStatus,rtoTargetSeconds,rtoMeasuredSeconds,lastSuccessfulDrillAt,drillStatus,lastDrillAt,drillCadenceDays,scenariosBreached,problemCount,lastVerifiedRestorableBackupAt,verifiedRpoSeconds,drivenBy,drivenByHidden',
    );
    expect(lines).toHaveLength(5);
    const evil = lines.find(l => l.includes('calc'))!;
    expect(evil).toContain(`component:default/=cmd|calc`);
    expect(evil).toContain(`'=cmd|calc`);
    expect(evil).toContain(`"'=HYPERLINK(""http://evil"")"`);
    // problemCount, then the two verified-restorable columns and the
    // driving part (none here, none hidden).
    expect(evil.endsWith(',1,,,,')).toBe(true);
  });
});
