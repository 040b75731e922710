/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackupPage,
  BackupRecord,
  BackupTimeline,
  DrillPage,
  DrillRecord,
  EntityPosture,
  PlanResponse,
} from '@dr-suite/backstage-plugin-dr-common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RPO_SECONDS = 15 * 60;
const RTO_SECONDS = 3600;
const TIMELINE_DAYS = 30;
const TIMELINE_BUCKETS = 120;

/** The entity the benchmark opens. */
export const BENCH_ENTITY = {
  kind: 'component',
  namespace: 'default',
  name: 'bench-service',
};
export const BENCH_ENTITY_REF = `${BENCH_ENTITY.kind}:${BENCH_ENTITY.namespace}/${BENCH_ENTITY.name}`;

/**
 * A heavy entity's DR data, as the dr-backend would answer for it: every
 * backup and drill, and the responses the DR tab asks for.
 */
export interface DrTabData {
  backups: BackupRecord[];
  drills: DrillRecord[];
  posture: EntityPosture;
  timeline: BackupTimeline;
  plan: PlanResponse;
}

/**
 * `backupCount` backups, newest first: WAL segments every five minutes and
 * a full dump every six hours, one in 200 failed plus a two-hour stretch of
 * failures ten days ago; and `drillCount` drills, one every three days.
 */
export function generateDrTabData(options: {
  now: number;
  backupCount: number;
  drillCount: number;
}): DrTabData {
  const { now, backupCount, drillCount } = options;
  const backups: BackupRecord[] = Array.from(
    { length: backupCount },
    (_, i) => {
      const completedAt = now - 2 * MINUTE - i * 5 * MINUTE;
      const full = i % 72 === 0;
      const inOutage =
        completedAt > now - 10 * DAY - 2 * HOUR && completedAt < now - 10 * DAY;
      const name = full
        ? `bench_full_${new Date(completedAt)
            .toISOString()
            .replace(/[-:]/g, '')
            .slice(0, 15)}.sql.gz`
        : `0000000100000${(100_000 - i)
            .toString(16)
            .toUpperCase()
            .padStart(11, '0')}`;
      return {
        id: `backup-${i}`,
        sourceId: 'bench',
        sourceType: 'filesystem',
        key: `bench-db/${full ? '' : 'wal/'}${name}`,
        name,
        type: full ? 'full' : 'wal',
        status: inOutage || i % 200 === 199 ? 'failed' : 'succeeded',
        startedAt: new Date(
          completedAt - (full ? 4 * MINUTE : 2_000),
        ).toISOString(),
        completedAt: new Date(completedAt).toISOString(),
        sizeBytes: full ? 1_800_000_000 + i * 1_000 : 16_777_216,
        checksum: null,
        encrypted: true,
        details: {},
      };
    },
  );

  const drills: DrillRecord[] = Array.from({ length: drillCount }, (_, i) => {
    const completedAt = now - 12 * DAY - i * 3 * DAY;
    const rto = 20 * MINUTE + (i % 7) * 5 * MINUTE;
    return {
      id: `drill-${i}`,
      entityRef: BENCH_ENTITY_REF,
      scenario: i % 3 === 0 ? 'region-loss' : 'database-corruption',
      startedAt: new Date(completedAt - rto).toISOString(),
      completedAt: new Date(completedAt).toISOString(),
      outcome: i % 9 === 4 ? 'failed' : 'succeeded',
      measuredRtoSeconds: rto / 1000,
      measuredRpoSeconds: 300 + (i % 5) * 60,
      backupId: null,
      participants: ['user:default/alice', 'user:default/bob'],
      notes: `Drill ${i}: restored the newest dump to staging and replayed WAL.`,
      actionItems:
        i % 4 === 0 ? [{ title: 'Automate the DNS switch', done: i > 40 }] : [],
      approvalId: null,
      taskId: null,
      recordedBy: 'user:default/alice',
      recordedAt: new Date(completedAt).toISOString(),
      source: 'manual',
      evidenceUrl: null,
      voided: null,
      kind: 'drill',
      phases: [],
      checks: [],
      restoreTestPlan: null,
    };
  });

  const lastGood = backups.find(b => b.status === 'succeeded')!;
  const lastGoodDrill = drills.find(d => d.outcome === 'succeeded')!;
  const rpo = {
    status: 'met' as const,
    targetSeconds: RPO_SECONDS,
    actualSeconds: Math.round((now - Date.parse(lastGood.completedAt!)) / 1000),
    lastSuccessfulBackupAt: lastGood.completedAt,
  };
  const rto = {
    status: 'met' as const,
    targetSeconds: RTO_SECONDS,
    measuredSeconds: lastGoodDrill.measuredRtoSeconds,
    lastSuccessfulDrillAt: lastGoodDrill.completedAt,
  };
  const posture: EntityPosture = {
    entityRef: BENCH_ENTITY_REF,
    overall: 'ok',
    objectives: {
      rtoSeconds: RTO_SECONDS,
      rpoSeconds: RPO_SECONDS,
      tier: 'tier-1',
      drillCadenceDays: 90,
      origins: { rto: 'tier', rpo: 'tier', drillCadence: 'tier' },
    },
    rpo,
    rto,
    drills: {
      status: 'current',
      lastDrillAt: drills[0].completedAt,
      // The bench's drills are never unverified.
      lastDrillOutcome: drills[0].outcome === 'failed' ? 'failed' : 'succeeded',
      cadenceDays: 90,
      nextDueAt: new Date(
        Date.parse(lastGoodDrill.completedAt) + 90 * DAY,
      ).toISOString(),
    },
    scenarios: [
      {
        scenario: 'database-corruption',
        title: 'Database corrupted or dropped',
        rpo,
        rto,
      },
      {
        scenario: 'region-loss',
        title: 'Primary region unavailable',
        rpo,
        rto,
      },
    ],
    sources: [
      {
        sourceId: 'bench',
        selector: 'bench-db/',
        type: 'filesystem',
        status: 'ok',
        lastIndexedAt: new Date(now - MINUTE).toISOString(),
        lastError: null,
      },
    ],
    dependencies: Array.from({ length: 5 }, (_, i) => ({
      entityRef: `resource:default/bench-db-${i}`,
      relation: 'dependsOn' as const,
      title: `Bench database ${i}`,
      overall: 'ok' as const,
      rpoStatus: 'met' as const,
      rtoStatus: 'met' as const,
      drillStatus: 'current' as const,
    })),
    dependenciesOverall: 'ok',
    problems: [],
    evaluatedAt: new Date(now).toISOString(),
  };

  return {
    backups,
    drills,
    posture,
    timeline: bucketTimeline(backups, now),
    plan: benchPlan(),
  };
}

/** Buckets the backups of the last 30 days and finds the RPO gaps, as the backend does. */
function bucketTimeline(backups: BackupRecord[], now: number): BackupTimeline {
  const from = now - TIMELINE_DAYS * DAY;
  const bucketMs = (TIMELINE_DAYS * DAY) / TIMELINE_BUCKETS;
  const buckets = Array.from({ length: TIMELINE_BUCKETS }, (_, i) => ({
    start: new Date(from + i * bucketMs).toISOString(),
    end: new Date(from + (i + 1) * bucketMs).toISOString(),
    succeeded: 0,
    failed: 0,
  }));
  const completions = backups
    .map(b => ({
      at: Date.parse(b.completedAt!),
      ok: b.status === 'succeeded',
    }))
    .filter(c => c.at >= from)
    .sort((a, b) => a.at - b.at);
  for (const { at, ok } of completions) {
    const bucket =
      buckets[
        Math.min(TIMELINE_BUCKETS - 1, Math.floor((at - from) / bucketMs))
      ];
    if (ok) bucket.succeeded += 1;
    else bucket.failed += 1;
  }
  const gaps = [];
  let previous = from;
  for (const end of [...completions.filter(c => c.ok).map(c => c.at), now]) {
    if (end - previous > RPO_SECONDS * 1000) {
      gaps.push({
        from: new Date(previous).toISOString(),
        to: new Date(end).toISOString(),
        seconds: Math.round((end - previous) / 1000),
      });
    }
    previous = end;
  }
  return {
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    bucketSeconds: bucketMs / 1000,
    rpoTargetSeconds: RPO_SECONDS,
    buckets,
    gaps,
  };
}

function benchPlan(): PlanResponse {
  const steps = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      title: `Step ${i + 1}`,
      description: 'What to do and how to tell it worked.',
      command:
        i % 2 ? null : `kubectl -n bench rollout restart deploy/bench-${i}`,
    }));
  return {
    entityRef: BENCH_ENTITY_REF,
    location: 'file:./plans/bench.yaml',
    fetchedAt: new Date().toISOString(),
    problems: [],
    plan: {
      apiVersion: 'dr.backstage.io/v1alpha1',
      kind: 'DisasterRecoveryPlan',
      metadata: { name: 'bench', title: 'Bench DR plan', description: null },
      spec: {
        objectives: [
          {
            scenario: 'database-corruption',
            title: 'Database corrupted or dropped',
            description: null,
            rtoSeconds: 1800,
            rpoSeconds: 900,
          },
          {
            scenario: 'region-loss',
            title: 'Primary region unavailable',
            description: null,
            rtoSeconds: 14400,
            rpoSeconds: 3600,
          },
        ],
        dataStores: [],
        runbooks: [
          {
            scenario: 'database-corruption',
            title: 'Restore the database from the newest good dump',
            symptoms: ['Errors from the database'],
            expectedRtoSeconds: 1800,
            steps: steps(6),
          },
          {
            scenario: 'region-loss',
            title: 'Fail over to the secondary region',
            symptoms: ['Region health checks failing'],
            expectedRtoSeconds: 14400,
            steps: steps(4),
          },
        ],
        drills: {
          cadenceDays: 90,
          scenarios: ['database-corruption', 'region-loss'],
        },
        escalation: [
          { name: 'Bench on-call', role: 'primary', contact: '#bench-oncall' },
        ],
      },
    },
  };
}

/** A page of items newest first; the cursor is the offset of the next page. */
export function pageOf<T>(
  items: T[],
  query: URLSearchParams,
): { items: T[]; nextCursor: string | null } {
  const limit = Math.min(500, Number(query.get('limit') ?? 50));
  const offset = Number(query.get('cursor') ?? 0);
  const next = offset + limit;
  return {
    items: items.slice(offset, next),
    nextCursor: next < items.length ? String(next) : null,
  };
}

/** Backups filtered by the `status` query parameters, then paged. */
export function backupPage(
  data: DrTabData,
  query: URLSearchParams,
): BackupPage {
  const statuses = query.getAll('status');
  const backups = statuses.length
    ? data.backups.filter(b => statuses.includes(b.status))
    : data.backups;
  return pageOf(backups, query);
}

/** Drills, paged. */
export function drillPage(data: DrTabData, query: URLSearchParams): DrillPage {
  return pageOf(data.drills, query);
}
