/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { drPlugin } from './plugin';
import { createDrTestWorld } from './__testUtils__/drTestWorld';

jest.setTimeout(60_000);

type TestScheduler = SchedulerService & {
  factory(options?: object): ServiceFactory;
};

describe('drPlugin', () => {
  let world: ReturnType<typeof createDrTestWorld>;
  let scheduler: TestScheduler;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };

  async function start(extraFeatures: any[] = [], extraConfig: object = {}) {
    scheduler = mockServices.scheduler() as TestScheduler;
    auditor.createEvent.mockResolvedValue(auditEvent);
    const backend = await startTestBackend({
      features: [
        drPlugin,
        scheduler.factory(),
        auditor.factory,
        catalogServiceMock.factory({ entities: world.entities }),
        mockServices.rootConfig.factory({
          data: { ...world.config, ...extraConfig },
        }),
        ...extraFeatures,
      ],
    });
    server = backend.server;
    return backend;
  }

  beforeEach(() => {
    world = createDrTestWorld();
    jest.clearAllMocks();
  });
  afterEach(() => world.cleanup());

  it('indexes the volume on demand and judges each posture rule', async () => {
    await start();
    const refresh = await request(server).post('/api/dr/refresh').send({});
    expect(refresh.status).toBe(202);
    expect(refresh.body).toEqual({ triggered: ['volume'] });

    const orders = await request(server).get(
      '/api/dr/entities/resource/default/orders-db/posture',
    );
    expect(orders.status).toBe(200);
    expect(orders.body).toMatchObject({
      entityRef: 'resource:default/orders-db',
      overall: 'at-risk',
      objectives: {
        rtoSeconds: 1800,
        rpoSeconds: 900,
        tier: null,
        drillCadenceDays: 90,
      },
      rpo: { status: 'met', targetSeconds: 900 },
      rto: { status: 'unknown', targetSeconds: 1800, measuredSeconds: null },
      drills: { status: 'never', lastDrillAt: null },
      sources: [
        {
          sourceId: 'volume',
          selector: 'orders-db/',
          type: 'filesystem',
          status: 'ok',
        },
      ],
    });
    // The WAL segment archived 3 minutes ago is the newest recovery point.
    expect(orders.body.rpo.actualSeconds).toBeGreaterThanOrEqual(175);
    expect(orders.body.rpo.actualSeconds).toBeLessThan(300);

    const legacy = await request(server).get(
      '/api/dr/entities/resource/default/legacy-db/posture',
    );
    expect(legacy.body).toMatchObject({
      overall: 'breach',
      rpo: { status: 'breached', targetSeconds: 86400 },
    });
    expect(legacy.body.rpo.actualSeconds).toBeGreaterThan(3 * 86400 - 60);
  });

  it('records a drill and turns the posture ok, with its measured RTO', async () => {
    await start();
    await request(server).post('/api/dr/refresh').send({ sourceId: 'volume' });
    const startedAt = new Date(Date.now() - 3600_000);
    const completedAt = new Date(startedAt.getTime() + 1200_000);

    const created = await request(server)
      .post('/api/dr/entities/resource/default/orders-db/drills')
      .send({
        scenario: 'database-corruption',
        startedAt: startedAt.toISOString(),
        completedAt: completedAt.toISOString(),
        outcome: 'succeeded',
        participants: ['user:default/alice'],
        evidenceUrl: 'https://runbooks.example.com/drills/1',
        actionItems: [
          'Automate the DNS switch',
          { title: 'Shorten WAL interval', owner: 'team-orders' },
        ],
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      entityRef: 'resource:default/orders-db',
      measuredRtoSeconds: 1200,
      recordedBy: 'user:default/mock',
      source: 'manual',
      actionItems: [
        { title: 'Automate the DNS switch' },
        { title: 'Shorten WAL interval', owner: 'team-orders' },
      ],
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'drill-record',
        meta: { entityRef: 'resource:default/orders-db' },
      }),
    );
    expect(auditEvent.success).toHaveBeenCalled();

    const posture = await request(server).get(
      '/api/dr/entities/resource/default/orders-db/posture',
    );
    expect(posture.body).toMatchObject({
      overall: 'ok',
      rto: {
        status: 'met',
        measuredSeconds: 1200,
        lastSuccessfulDrillAt: completedAt.toISOString(),
      },
      drills: { status: 'current', lastDrillOutcome: 'succeeded' },
    });

    const drills = await request(server).get(
      '/api/dr/entities/resource/default/orders-db/drills',
    );
    expect(drills.body.items).toHaveLength(1);
    expect(drills.body.items[0].id).toBe(created.body.id);
  });

  it('accepts service credentials, as CI pipelines and automation use', async () => {
    await start();
    const drill = await request(server)
      .post('/api/dr/entities/resource/default/orders-db/drills')
      .set('Authorization', mockCredentials.service.header())
      .send({
        scenario: 'restore-test',
        startedAt: new Date(Date.now() - 60_000).toISOString(),
        completedAt: new Date().toISOString(),
        outcome: 'failed',
        evidenceUrl: 'https://ci.example.com/runs/7',
      });
    expect(drill.status).toBe(201);
    expect(drill.body).toMatchObject({ recordedBy: 'external:test-service' });

    const audit = await request(server)
      .get('/api/dr/audit')
      .set('Authorization', mockCredentials.service.header());
    expect(audit.status).toBe(200);
  });

  it('rejects bad drills with a clear message and never a 500', async () => {
    await start();
    const path_ = '/api/dr/entities/resource/default/orders-db/drills';
    const now = Date.now();
    const base = {
      scenario: 'x',
      startedAt: new Date(now - 1000).toISOString(),
      completedAt: new Date(now).toISOString(),
      outcome: 'succeeded',
      notes: 'Drilled by hand',
    };
    const cases: Array<[object, RegExp]> = [
      [{ ...base, outcome: 'maybe' }, /outcome/],
      [
        { ...base, completedAt: new Date(now - 5000).toISOString() },
        /before startedAt/,
      ],
      [{ ...base, startedAt: 'yesterday' }, /ISO 8601/],
      [
        {
          ...base,
          completedAt: new Date(now + 86400_000).toISOString(),
          startedAt: new Date(now).toISOString(),
        },
        /future/,
      ],
      [{ ...base, approvalId: 'fake' }, /restore actions only/],
      [{ ...base, backupId: 'not-a-backup' }, /not an indexed backup/],
      [{ ...base, surprise: true }, /Unrecognized key/],
    ];
    for (const [body, message] of cases) {
      const res = await request(server).post(path_).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const huge = await request(server)
      .post(path_)
      .send({ ...base, notes: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
    const malformed = await request(server)
      .post(path_)
      .set('Content-Type', 'application/json')
      .send('{"scenario":');
    expect(malformed.status).toBe(400);
    expect(auditEvent.success).not.toHaveBeenCalled();
  });

  it('answers 401, 404 and 400 for the wrong caller, entity or input', async () => {
    await start();
    const none = await request(server)
      .get('/api/dr/entities/resource/default/orders-db/posture')
      .set('Authorization', mockCredentials.none.header());
    expect(none.status).toBe(401);

    const missing = await request(server).get(
      '/api/dr/entities/component/default/nope/posture',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('component:default/nope');

    const badRef = await request(server).get(
      '/api/dr/entities/component/default/%3Cscript%3E/posture',
    );
    expect(badRef.status).toBe(400);

    const badQuery = await request(server).get(
      '/api/dr/entities/resource/default/orders-db/backups?limit=100000',
    );
    expect(badQuery.status).toBe(400);
    const badCursor = await request(server).get(
      '/api/dr/entities/resource/default/orders-db/backups?cursor=abc',
    );
    expect(badCursor.status).toBe(400);

    const unknownSource = await request(server)
      .post('/api/dr/refresh')
      .send({ sourceId: 'nope' });
    expect(unknownSource.status).toBe(404);
  });

  it('explains bad annotations and a broken plan as problems instead of failing', async () => {
    await start();
    const res = await request(server).get(
      '/api/dr/entities/component/default/broken-service/posture',
    );
    expect(res.status).toBe(200);
    expect(res.body.overall).toBe('none');
    const codes = res.body.problems.map((p: { code: string }) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'invalid-annotation',
        'unknown-tier',
        'unknown-source',
        'invalid-selector',
        'plan-invalid',
      ]),
    );
    const invalid = res.body.problems.find(
      (p: { code: string }) => p.code === 'invalid-annotation',
    );
    expect(invalid).toMatchObject({
      field: 'dr.backstage.io/rto',
      fix: expect.stringContaining('15m'),
    });

    const plan = await request(server).get(
      '/api/dr/entities/component/default/broken-service/plan',
    );
    expect(plan.status).toBe(200);
    expect(plan.body.plan).toBeNull();
    expect(plan.body.problems[0].message).toMatch(
      /not valid YAML \(line \d+\)/,
    );
  });

  it('serves the parsed plan, its scenarios and the dependencies', async () => {
    await start();
    await request(server).post('/api/dr/refresh').send({});
    const plan = await request(server).get(
      '/api/dr/entities/component/default/orders-service/plan',
    );
    expect(plan.body.location).toBe(
      `file:${path.join(world.root, 'catalog', 'plans', 'orders.yaml')}`,
    );
    expect(plan.body.plan.spec.runbooks[0]).toEqual({
      scenario: 'database-corruption',
      title: 'Restore orders-db from the last good dump',
      symptoms: ['Checkout fails with constraint errors'],
      expectedRtoSeconds: 1800,
      steps: [
        {
          title: 'Stop writes',
          description: null,
          command: 'kubectl -n orders scale deploy/orders-api --replicas=0',
        },
        {
          title: 'Restore the newest dump into a fresh database',
          description: null,
          command: null,
        },
      ],
    });
    expect(plan.body.problems).toEqual([]);

    const posture = await request(server).get(
      '/api/dr/entities/component/default/orders-service/posture',
    );
    expect(posture.body.objectives).toMatchObject({
      tier: 'tier-1',
      rtoSeconds: 3600,
      rpoSeconds: 900,
      drillCadenceDays: 30,
      origins: { rto: 'tier', rpo: 'tier', drillCadence: 'plan' },
    });
    expect(
      posture.body.scenarios.map((s: { scenario: string }) => s.scenario),
    ).toEqual(['database-corruption', 'region-loss']);
    expect(posture.body.dependencies).toEqual([
      expect.objectContaining({
        entityRef: 'resource:default/orders-db',
        relation: 'dependsOn',
        overall: 'at-risk',
        rpoStatus: 'met',
      }),
      expect.objectContaining({
        entityRef: 'resource:default/legacy-db',
        overall: 'breach',
        rpoStatus: 'breached',
      }),
    ]);
    expect(posture.body.dependenciesOverall).toBe('breach');
  });

  it('pages backups newest first and filters by status', async () => {
    await start();
    await request(server).post('/api/dr/refresh').send({});
    const first = await request(server).get(
      '/api/dr/entities/resource/default/orders-db/backups?limit=10',
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(10);
    expect(first.body.items[0]).toMatchObject({
      type: 'wal',
      sourceId: 'volume',
      status: 'succeeded',
    });
    const times = first.body.items.map((i: { completedAt: string }) =>
      Date.parse(i.completedAt),
    );
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const rest = await request(server).get(
      `/api/dr/entities/resource/default/orders-db/backups?limit=100&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body.items).toHaveLength(21);
    expect(rest.body.nextCursor).toBeNull();

    const dumps = await request(server).get(
      '/api/dr/entities/resource/default/orders-db/backups?type=full&limit=100',
    );
    expect(dumps.body.items).toHaveLength(30);
    expect(
      dumps.body.items.every((b: { type: string }) => b.type === 'full'),
    ).toBe(true);

    const timeline = await request(server).get(
      '/api/dr/entities/resource/default/legacy-db/backups/timeline?days=7',
    );
    expect(timeline.status).toBe(200);
    expect(
      timeline.body.buckets.reduce(
        (n: number, b: { succeeded: number }) => n + b.succeeded,
        0,
      ),
    ).toBe(4);
    // The newest dump is three days old against a one-day RPO: one open gap.
    expect(timeline.body.gaps).toHaveLength(1);
    expect(timeline.body.gaps[0].seconds).toBeGreaterThan(3 * 86400 - 120);
    expect(timeline.body.gaps[0].to).toBe(timeline.body.to);
  });

  it('keeps the last good index of a source that goes away and says it is stale', async () => {
    await start();
    await request(server).post('/api/dr/refresh').send({});
    fs.rmSync(world.volume, { recursive: true });
    await request(server).post('/api/dr/refresh').send({ sourceId: 'volume' });

    const posture = await request(server).get(
      '/api/dr/entities/resource/default/orders-db/posture',
    );
    expect(posture.body.rpo.status).toBe('met');
    expect(posture.body.sources[0]).toMatchObject({
      status: 'stale',
      lastError: expect.stringContaining('does not exist'),
    });
    expect(posture.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'source-stale' }),
      ]),
    );
    const sources = await request(server).get('/api/dr/sources');
    expect(sources.body.items[0]).toMatchObject({
      sourceId: 'volume',
      status: 'stale',
      consecutiveFailures: 1,
      backupCount: 36,
    });
  });

  it('audits the whole catalog as JSON and streams CSV', async () => {
    await start();
    await request(server).post('/api/dr/refresh').send({});
    await scheduler.triggerTask('dr-catalog-sync');

    const audit = await request(server).get('/api/dr/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.summary).toMatchObject({
      total: 4,
      breach: 1,
      atRisk: 2,
      ok: 0,
      none: 1,
    });
    // broken-service has no valid objective, but its broken DR annotations
    // keep it in the audit instead of hiding it.
    expect(
      audit.body.items.map((r: { entityRef: string }) => r.entityRef),
    ).toEqual([
      // Sorted by the name shown (title, else name), not by the reference.
      'component:default/broken-service',
      'resource:default/legacy-db',
      'resource:default/orders-db',
      'component:default/orders-service',
    ]);
    expect(audit.body.items[0].problemCount).toBeGreaterThan(0);
    expect(audit.body.items[2]).toMatchObject({
      owner: 'group:default/team-orders',
      rpoStatus: 'met',
      overall: 'at-risk',
    });

    const breaches = await request(server).get(
      '/api/dr/audit?overall=breach&orderBy=rpo',
    );
    expect(breaches.body.items.map((r: { name: string }) => r.name)).toEqual([
      'legacy-db',
    ]);
    const none = await request(server).get('/api/dr/audit?overall=none');
    // An entity without objectives or DR annotations is not audited (it has
    // no DR tab to link to); broken annotations keep an entity listed.
    expect(none.body.items.map((r: { name: string }) => r.name)).toEqual([
      'broken-service',
    ]);

    const csv = await request(server).get(
      '/api/dr/audit?format=csv&kind=resource',
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(
      /^entityRef,kind,namespace,name,title,owner,tier,overall,/,
    );
    expect(lines.slice(1).map(l => l.split(',')[0])).toEqual([
      'resource:default/legacy-db',
      'resource:default/orders-db',
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'audit-export' }),
    );
  });

  it('goes through the permission framework for every read and write', async () => {
    const decide = (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({
        result: ['dr.audit.read', 'dr.drill.create'].includes(
          r.permission.name,
        )
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      }));
    const permissions = mockServices.permissions.mock({
      authorize: async requests => decide(requests),
      authorizeConditional: async requests => decide(requests) as any,
    });
    await start([permissions.factory]);
    expect(
      (
        await request(server).get(
          '/api/dr/entities/resource/default/orders-db/posture',
        )
      ).status,
    ).toBe(200);
    expect((await request(server).get('/api/dr/audit')).status).toBe(403);
    const drill = await request(server)
      .post('/api/dr/entities/resource/default/orders-db/drills')
      .send({
        scenario: 'x',
        startedAt: new Date().toISOString(),
        completedAt: new Date().toISOString(),
        outcome: 'succeeded',
      });
    expect(drill.status).toBe(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [expect.objectContaining({ resourceRef: 'resource:default/orders-db' })],
      expect.anything(),
    );
  });
});
