/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  Approval,
  AuditPage,
  AuditRow,
  BackupRecord,
  BackupTimeline,
  DrApi,
  DrillRecord,
  EntityPosture,
  PlanResponse,
} from '@dr-suite/backstage-plugin-dr-common';

/** "Now" in every fixture, so ages read the same on every run. */
export const NOW = Date.parse('2026-03-12T10:00:00Z');

/** An ISO time `minutes` before {@link NOW}. */
export const minutesAgo = (minutes: number) =>
  new Date(NOW - minutes * 60_000).toISOString();

export const ORDERS_REF = 'component:default/orders-service';

export const ordersEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    title: 'Orders service',
    annotations: {
      'dr.backstage.io/tier': 'tier-1',
      'dr.backstage.io/backup-sources': 'demo:orders-db/',
    },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

/**
 * The orders service under another name. Permission answers are cached per
 * entity across renders, so tests about denied permissions use their own.
 */
export function entityNamed(name: string): Entity {
  return { ...ordersEntity, metadata: { ...ordersEntity.metadata, name } };
}

/** A healthy posture: RPO and RTO met, drills current. */
export function postureFixture(
  overrides: Partial<EntityPosture> = {},
): EntityPosture {
  return {
    entityRef: ORDERS_REF,
    overall: 'ok',
    objectives: {
      rtoSeconds: 3600,
      rpoSeconds: 900,
      tier: 'tier-1',
      drillCadenceDays: 90,
      origins: { rto: 'tier', rpo: 'tier', drillCadence: 'tier' },
    },
    rpo: {
      status: 'met',
      targetSeconds: 900,
      actualSeconds: 420,
      lastSuccessfulBackupAt: minutesAgo(7),
    },
    rto: {
      status: 'met',
      targetSeconds: 3600,
      measuredSeconds: 1320,
      lastSuccessfulDrillAt: minutesAgo(12 * 24 * 60),
    },
    drills: {
      status: 'current',
      lastDrillAt: minutesAgo(12 * 24 * 60),
      lastDrillOutcome: 'succeeded',
      cadenceDays: 90,
      nextDueAt: minutesAgo(-78 * 24 * 60),
    },
    scenarios: [
      {
        scenario: 'database-corruption',
        title: 'Orders database corrupted or dropped',
        rpo: {
          status: 'met',
          targetSeconds: 900,
          actualSeconds: 420,
          lastSuccessfulBackupAt: minutesAgo(7),
        },
        rto: {
          status: 'met',
          targetSeconds: 1800,
          measuredSeconds: 1320,
          lastSuccessfulDrillAt: minutesAgo(12 * 24 * 60),
        },
      },
    ],
    sources: [
      {
        sourceId: 'demo',
        selector: 'orders-db/',
        type: 'filesystem',
        status: 'ok',
        lastIndexedAt: minutesAgo(1),
        lastError: null,
      },
    ],
    dependencies: [
      {
        entityRef: 'resource:default/orders-db',
        relation: 'dependsOn',
        title: 'Orders database',
        overall: 'breach',
        rpoStatus: 'breached',
        rtoStatus: 'met',
        drillStatus: 'current',
      },
    ],
    dependenciesOverall: 'breach',
    problems: [],
    evaluatedAt: minutesAgo(0),
    ...overrides,
  };
}

export function backupFixture(
  index: number,
  overrides: Partial<BackupRecord> = {},
): BackupRecord {
  const completedAt = minutesAgo(7 + index * 360);
  return {
    id: `backup-${index}`,
    sourceId: 'demo',
    sourceType: 'filesystem',
    key: `orders-db/orders_full_${index}.sql.gz`,
    name: `orders_full_${index}.sql.gz`,
    type: 'full',
    status: 'succeeded',
    startedAt: completedAt,
    completedAt,
    sizeBytes: 12_345_678,
    checksum: null,
    encrypted: true,
    details: {},
    ...overrides,
  };
}

export function drillFixture(
  index: number,
  overrides: Partial<DrillRecord> = {},
): DrillRecord {
  return {
    id: `drill-${index}`,
    entityRef: ORDERS_REF,
    scenario: 'database-corruption',
    startedAt: minutesAgo(12 * 24 * 60 + 30),
    completedAt: minutesAgo(12 * 24 * 60),
    outcome: 'succeeded',
    measuredRtoSeconds: 1320,
    measuredRpoSeconds: 360,
    backupId: null,
    participants: ['user:default/alice', 'Dana from the DBA team'],
    notes: 'Restored the 06:00 dump to staging and replayed WAL.',
    source: 'manual',
    evidenceUrl: null,
    actionItems: [
      {
        title: 'Script the DATABASE_URL switch',
        owner: 'group:default/team-orders',
      },
      { title: 'Update the runbook', done: true },
    ],
    approvalId: null,
    taskId: null,
    recordedBy: 'user:default/alice',
    recordedAt: minutesAgo(12 * 24 * 60),
    voided: null,
    kind: 'drill',
    phases: [],
    checks: [],
    restoreTestPlan: null,
    ...overrides,
  };
}

export function timelineFixture(
  overrides: Partial<BackupTimeline> = {},
): BackupTimeline {
  const from = NOW - 30 * 86_400_000;
  const bucketMs = 6 * 3600_000;
  return {
    from: new Date(from).toISOString(),
    to: new Date(NOW).toISOString(),
    bucketSeconds: bucketMs / 1000,
    rpoTargetSeconds: 900,
    buckets: Array.from({ length: 120 }, (_, i) => ({
      start: new Date(from + i * bucketMs).toISOString(),
      end: new Date(from + (i + 1) * bucketMs).toISOString(),
      succeeded: 70,
      failed: i === 40 ? 2 : 0,
    })),
    gaps: [],
    ...overrides,
  };
}

export function planFixture(): PlanResponse {
  return {
    entityRef: ORDERS_REF,
    location: 'file:./plans/orders.yaml',
    fetchedAt: minutesAgo(1),
    problems: [],
    plan: {
      apiVersion: 'dr.backstage.io/v1alpha1',
      kind: 'DisasterRecoveryPlan',
      metadata: {
        name: 'orders',
        title: 'Orders disaster recovery plan',
        description: null,
      },
      spec: {
        objectives: [
          {
            scenario: 'database-corruption',
            title: 'Orders database corrupted or dropped',
            description: null,
            rtoSeconds: 1800,
            rpoSeconds: 900,
          },
        ],
        dataStores: [],
        runbooks: [
          {
            scenario: 'database-corruption',
            title: 'Restore orders-db from the newest good dump and replay WAL',
            symptoms: ['Checkout fails with "relation orders does not exist"'],
            expectedRtoSeconds: 1800,
            steps: [
              {
                title: 'Stop writes',
                description: 'Scale the API down.',
                command:
                  'kubectl -n orders scale deploy/orders-api --replicas=0',
              },
              {
                title: 'Restore to staging first',
                description: null,
                command: null,
              },
            ],
          },
        ],
        drills: { cadenceDays: 90, scenarios: ['database-corruption'] },
        escalation: [
          {
            name: 'Orders on-call',
            role: 'primary',
            contact: '#orders-oncall',
          },
          {
            name: 'Head of engineering',
            role: null,
            contact: 'eng-head@acme.example',
          },
        ],
      },
    },
  };
}

export function auditRowFixture(overrides: Partial<AuditRow> = {}): AuditRow {
  return {
    entityRef: ORDERS_REF,
    kind: 'Component',
    namespace: 'default',
    name: 'orders-service',
    title: 'Orders service',
    owner: 'group:default/team-orders',
    tier: 'tier-1',
    overall: 'ok',
    rpoStatus: 'met',
    rpoTargetSeconds: 900,
    rpoActualSeconds: 420,
    lastSuccessfulBackupAt: minutesAgo(7),
    rtoStatus: 'met',
    rtoTargetSeconds: 3600,
    rtoMeasuredSeconds: 1320,
    lastSuccessfulDrillAt: minutesAgo(12 * 24 * 60),
    drillStatus: 'current',
    lastDrillAt: minutesAgo(12 * 24 * 60),
    drillCadenceDays: 90,
    scenariosBreached: 0,
    problemCount: 0,
    ...overrides,
  };
}

export function auditPageFixture(
  overrides: Partial<AuditPage> = {},
): AuditPage {
  return {
    items: [
      auditRowFixture(),
      auditRowFixture({
        entityRef: 'resource:default/catalog-db',
        kind: 'Resource',
        name: 'catalog-db',
        title: 'Product catalog database',
        owner: 'group:default/team-catalog',
        tier: null,
        overall: 'breach',
        rpoStatus: 'breached',
        rpoTargetSeconds: 86400,
        rpoActualSeconds: 3 * 86400,
        problemCount: 1,
      }),
    ],
    totalCount: 2,
    summary: {
      total: 10,
      ok: 4,
      atRisk: 2,
      breach: 2,
      none: 2,
      criticalTier: { tier: 'tier-1', total: 4, rpoMet: 3, rtoMet: 2 },
    },
    syncedAt: minutesAgo(1),
    ...overrides,
  };
}

export function approvalFixture(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'approval-1',
    entityRef: 'resource:default/orders-db',
    status: 'pending',
    requester: 'user:default/alice',
    reason: 'Check last night’s orders against the 06:00 dump.',
    ticket: 'https://tickets.example/INC-42',
    parameters: {
      kind: 'postgres',
      entityRef: 'resource:default/orders-db',
      backupId: 'backup-0',
      targetId: 'staging-pg',
      scenario: 'database-corruption',
      checks: [
        {
          type: 'sql',
          name: 'Orders exist',
          query: 'select count(*) from orders',
          minRows: 1,
        },
      ],
    },
    parameterHash: 'abc',
    requiredApprovals: 2,
    decisions: [
      {
        approver: 'user:default/carol',
        decision: 'approve',
        comment: 'Fine by me',
        decidedAt: minutesAgo(5),
      },
    ],
    createdAt: minutesAgo(30),
    expiresAt: minutesAgo(-180),
    executedAt: null,
    executionTaskId: null,
    outcome: null,
    outcomeMessage: null,
    backup: backupFixture(0),
    target: {
      id: 'staging-pg',
      kind: 'postgres',
      title: 'Staging PostgreSQL',
      environment: 'staging',
    },
    canDecide: true,
    ...overrides,
  };
}

/** A DR API whose every method is a jest mock that fails unless told otherwise. */
export function mockDrApi(): jest.Mocked<DrApi> {
  const unexpected = (name: string): jest.Mock<any, any> =>
    jest.fn(() => Promise.reject(new Error(`unexpected call to ${name}`)));
  return {
    getPosture: unexpected('getPosture'),
    getBackups: unexpected('getBackups'),
    getBackupTimeline: unexpected('getBackupTimeline'),
    getDrills: unexpected('getDrills'),
    recordDrill: unexpected('recordDrill'),
    voidDrill: unexpected('voidDrill'),
    getPlan: unexpected('getPlan'),
    getAudit: unexpected('getAudit'),
    getAuditCsv: unexpected('getAuditCsv'),
    getDrillLedgerCsv: unexpected('getDrillLedgerCsv'),
    getSources: unexpected('getSources'),
    refresh: unexpected('refresh'),
    requestApproval: unexpected('requestApproval'),
    listApprovals: unexpected('listApprovals'),
    getApproval: unexpected('getApproval'),
    decideApproval: unexpected('decideApproval'),
    claimApproval: unexpected('claimApproval'),
    reportApprovalOutcome: unexpected('reportApprovalOutcome'),
    getRestoreOptions: unexpected('getRestoreOptions'),
  };
}

/** The error DrClient throws for an HTTP error answer. */
export function responseError(
  status: number,
  message: string,
  name = 'Error',
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    status,
    statusText: String(status),
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
  } as Response);
}

/** A DR API answering every entity read with the fixtures above. */
export function entityDrApi(posture: EntityPosture = postureFixture()) {
  const api = mockDrApi();
  api.getPosture.mockResolvedValue(posture);
  api.getBackupTimeline.mockResolvedValue(timelineFixture());
  api.getBackups.mockResolvedValue({
    items: [backupFixture(0), backupFixture(1)],
    nextCursor: null,
  });
  api.getDrills.mockResolvedValue({
    items: [drillFixture(0)],
    nextCursor: null,
  });
  api.getPlan.mockResolvedValue(planFixture());
  return api;
}
