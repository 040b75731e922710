/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import request from 'supertest';
import { createDrTestWorld } from '../__testUtils__/drTestWorld';
import { startDrBackend } from '../__testUtils__/startDrBackend';
import {
  createTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const segment = (n: number) =>
  `00000001${Math.floor(n / 256)
    .toString(16)
    .toUpperCase()
    .padStart(8, '0')}${(n % 256).toString(16).toUpperCase().padStart(8, '0')}`;

/** `date +%Y%m%d-%H%M%S`, as the seed's backup script names its dumps. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** A v1alpha2 plan as seeds 003 and 004 state it: RPO 0, target and max RTO, drill types. */
const PLAN = `apiVersion: dr.backstage.io/v1alpha2
kind: DisasterRecoveryPlan
metadata: { name: mailblast }
spec:
  overall: { rto: 1h, rpo: 0 }
  objectives:
    - { scenario: node-failure, rto: { target: 30m, max: 1h }, rpo: 0 }
    - { scenario: data-center-outage, rto: { target: 2h, max: 4h }, rpo: 24h }
  runbooks:
    - { scenario: node-failure, title: Promote the replica, steps: [Promote] }
    - { scenario: data-center-outage, title: Restore elsewhere, steps: [Restore] }
  drills:
    types:
      - { name: restore-test, cadence: 30d, scenarios: [node-failure] }
      - { name: failover, cadence: 90d, scenarios: [data-center-outage] }
  serviceLevels: { availability: 99.9% }
  escalation:
    - { name: On-call, level: L1, contact: PagerDuty, responseTime: 15m }
  links:
    - { title: Network runbook, url: "https://wiki.example.com/network" }
  postMortem: yes
`;

describe('stated objectives through the API (RPO 0 with WAL lag, target vs maximum RTO, drill types, a System in breach)', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let knex: Knex;
    let world: ReturnType<typeof createDrTestWorld>;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
      world = createDrTestWorld();
    });
    afterEach(() => world.cleanup());

    it('judges each as the plan states it', async () => {
      const now = Math.floor(Date.now() / 1000) * 1000;
      const write = (key: string, at: number) => {
        const file = path.join(world.volume, key);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, 'a plausible backup');
        fs.utimesSync(file, new Date(at), new Date(at));
      };
      /** A dump 2 h ago and WAL every 15 min up to `walLag` ago. */
      const store = (name: string, walLag: number | null) => {
        const dumpAt = now - 2 * HOUR;
        write(
          `${name}/db/full/${name}-full-${stamp(new Date(dumpAt))}.sql.gz`,
          dumpAt + 5 * MINUTE,
        );
        if (walLag === null) return;
        for (let n = 1; n <= 12; n++) {
          write(
            `${name}/db/wal/${segment(n)}`,
            now - walLag - (12 - n) * 15 * MINUTE,
          );
        }
      };
      store('mailblast', 2 * MINUTE);
      store('mailblast-lag', 40 * MINUTE);
      store('mailblast-dumps', null);

      fs.writeFileSync(
        path.join(world.root, 'catalog', 'plans', 'mailblast.yaml'),
        PLAN,
      );
      const location = `file:${path.join(
        world.root,
        'catalog',
        'entities.yaml',
      )}`;
      const resource = (name: string): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name,
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location': location,
            'dr.backstage.io/plan': './plans/mailblast.yaml',
            'dr.backstage.io/backup-sources': `volume:${name}/db/`,
          },
        },
        spec: {
          type: 'database',
          owner: 'group:default/platform',
          system: 'mail',
        },
        relations: [{ type: 'partOf', targetRef: 'system:default/mail' }],
      });
      world.entities.length = 0;
      world.entities.push(
        resource('mailblast'),
        resource('mailblast-lag'),
        resource('mailblast-dumps'),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: {
            name: 'mail',
            namespace: 'default',
            annotations: { 'backstage.io/managed-by-location': location },
          },
          spec: { owner: 'group:default/platform' },
          relations: ['mailblast', 'mailblast-lag', 'mailblast-dumps'].map(
            name => ({
              type: 'hasPart',
              targetRef: `resource:default/${name}`,
            }),
          ),
        },
      );
      (world.config.dr as any).defaults = { rpoZeroTolerance: '10m' };

      const { server, scheduler } = await startDrBackend({ world, knex });
      await scheduler.triggerTask('dr-catalog-sync');
      const base = (name: string) =>
        `/api/dr/entities/resource/default/${name}`;
      const drill = async (
        scenario: string,
        daysAgo: number,
        minutes: number,
      ) => {
        const completedAt = now - daysAgo * DAY;
        const recorded = await request(server)
          .post(`${base('mailblast')}/drills`)
          .send({
            scenario,
            startedAt: new Date(completedAt - minutes * MINUTE).toISOString(),
            completedAt: new Date(completedAt).toISOString(),
            outcome: 'succeeded',
            notes: `${scenario} drill, timed by the on-call engineer`,
          });
        if (recorded.status !== 201)
          throw new Error(JSON.stringify(recorded.body));
      };
      // node-failure: 45 min, past the 30 min target, within the 1 h maximum.
      await drill('node-failure', 3, 45);
      // data-center-outage has no drill of its own; a drill of another
      // scenario (5 min) stands in for nobody.
      await drill('region-loss', 1, 5);

      const posture = async (name: string) => {
        const response = await request(server).get(`${base(name)}/posture`);
        expect(response.status).toBe(200);
        return response.body;
      };

      const healthy = await posture('mailblast');
      expect(healthy.rpo).toMatchObject({
        status: 'met',
        targetSeconds: 0,
        toleranceSeconds: 600,
      });
      const [nodeFailure, outage] = healthy.scenarios;
      expect(nodeFailure).toMatchObject({
        scenario: 'node-failure',
        status: 'at-risk',
        rpo: { status: 'met', targetSeconds: 0 },
        rto: {
          status: 'breached',
          measuredSeconds: 2700,
          max: { targetSeconds: 3600, status: 'met' },
        },
      });
      expect(outage).toMatchObject({
        status: 'at-risk',
        rto: {
          status: 'unknown',
          measuredSeconds: null,
          max: { targetSeconds: 14400, status: 'unknown' },
        },
      });
      expect(healthy.drillTypes.map((t: any) => [t.name, t.status])).toEqual([
        ['restore-test', 'current'],
        ['failover', 'never'],
      ]);
      expect(healthy.overall).toBe('at-risk');
      const codes = healthy.problems.map((p: any) => `${p.code}@${p.field}`);
      expect(codes).toEqual(
        expect.arrayContaining([
          'rto-target-exceeded@node-failure',
          'drill-type-overdue@spec.drills.types.failover',
          'plan-invalid@spec.postMortem',
        ]),
      );

      const lagging = await posture('mailblast-lag');
      expect(lagging.overall).toBe('breach');
      expect(lagging.rpo).toMatchObject({
        status: 'breached',
        reason: expect.stringContaining('lags 40 min behind now'),
      });
      expect(lagging.problems).toContainEqual(
        expect.objectContaining({
          code: 'rpo-zero-not-kept',
          message: expect.stringContaining('lags 40 min'),
        }),
      );

      const dumpsOnly = await posture('mailblast-dumps');
      expect(dumpsOnly.rpo).toMatchObject({
        status: 'breached',
        reason: expect.stringContaining(
          'needs continuous archiving or replication',
        ),
      });

      const plan = (await request(server).get(`${base('mailblast')}/plan`)).body
        .plan;
      expect(plan.spec).toMatchObject({
        serviceLevels: [{ name: 'availability', target: '99.9%' }],
        escalation: [
          { name: 'On-call', level: 'L1', responseTimeSeconds: 900 },
        ],
        links: [
          { title: 'Network runbook', url: 'https://wiki.example.com/network' },
        ],
      });

      const system = (
        await request(server).get(
          '/api/dr/entities/system/default/mail/posture',
        )
      ).body;
      // mailblast-lag and mailblast-dumps are equally in breach: the first
      // by entity ref drives it, on the DR tab and in the audit alike.
      expect(system.rollup).toEqual({
        overall: 'breach',
        drivenBy: 'resource:default/mailblast-dumps',
      });
      await scheduler.triggerTask('dr-catalog-sync');
      const audit = await request(server).get('/api/dr/audit?kind=system');
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          entityRef: 'system:default/mail',
          overall: 'breach',
          drivenBy: 'resource:default/mailblast-dumps',
        }),
      ]);
    });
  });
});
