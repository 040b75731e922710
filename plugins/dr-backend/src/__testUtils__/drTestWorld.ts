/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';

const DAY = 86_400_000;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

/**
 * A small catalog with backups on a temp volume, relative to now:
 * orders-db is healthy, legacy-db has no backup for three days, and
 * broken-service has every kind of bad annotation.
 */
export function createDrTestWorld() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-plugin-test-'));
  const volume = path.join(root, 'volume');
  const now = Date.now();

  const write = (key: string, at: Date, content = 'backup') => {
    const file = path.join(volume, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    fs.utimesSync(file, at, at);
  };
  for (let i = 0; i < 30; i++) {
    const at = new Date(now - 10 * 60_000 - i * 6 * 3600_000);
    write(`orders-db/orders_full_${stamp(at)}.sql.gz`, at);
  }
  write('orders-db/wal/000000010000000000000042', new Date(now - 3 * 60_000));
  for (let i = 0; i < 5; i++) {
    const at = new Date(now - 3 * DAY - i * DAY);
    write(`legacy-db/legacy-full-${stamp(at).replace('_', '-')}.sql.gz`, at);
  }

  const catalogFile = path.join(root, 'catalog', 'entities.yaml');
  fs.mkdirSync(path.dirname(catalogFile), { recursive: true });
  fs.writeFileSync(catalogFile, '# entities are served by the catalog mock\n');
  fs.mkdirSync(path.join(root, 'catalog', 'plans'));
  fs.writeFileSync(
    path.join(root, 'catalog', 'plans', 'orders.yaml'),
    `apiVersion: dr.backstage.io/v1alpha1
kind: DisasterRecoveryPlan
metadata:
  name: orders
spec:
  objectives:
    - scenario: database-corruption
      title: Database corruption
      rto: 30m
      rpo: 15m
    - scenario: region-loss
      rto: 4h
      rpo: 1h
  dataStores:
    - name: orders-db
      entityRef: resource:default/orders-db
      engine: postgresql
      backup: { method: pg_dump, schedule: "0 */6 * * *", retention: 30d, location: "volume:orders-db/", encryption: none, continuousArchiving: true }
  runbooks:
    - scenario: database-corruption
      title: Restore orders-db from the last good dump
      symptoms: [Checkout fails with constraint errors]
      expectedRto: 30m
      steps:
        - title: Stop writes
          command: kubectl -n orders scale deploy/orders-api --replicas=0
        - Restore the newest dump into a fresh database
    - scenario: region-loss
      title: Fail over to the secondary region
      steps: [Promote the replica]
  drills:
    cadence: 30d
  escalation:
    - { name: Orders on-call, role: primary, contact: "#orders-oncall" }
`,
  );
  fs.writeFileSync(
    path.join(root, 'catalog', 'plans', 'broken.yaml'),
    'apiVersion: [unclosed\n',
  );

  const location = `file:${catalogFile}`;
  const entity = (
    kind: string,
    name: string,
    annotations: Record<string, string>,
    extra: Partial<Entity> = {},
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': location,
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'group:default/team-orders' },
    ...extra,
  });

  const entities: Entity[] = [
    entity('Resource', 'orders-db', {
      'dr.backstage.io/rto': '30m',
      'dr.backstage.io/rpo': '15m',
      'dr.backstage.io/backup-sources': 'volume:orders-db/',
    }),
    entity('Resource', 'legacy-db', {
      'dr.backstage.io/rpo': '1d',
      'dr.backstage.io/backup-sources': 'volume:legacy-db/',
    }),
    entity(
      'Component',
      'orders-service',
      {
        'dr.backstage.io/tier': 'tier-1',
        'dr.backstage.io/plan': './plans/orders.yaml',
      },
      {
        relations: [
          { type: 'dependsOn', targetRef: 'resource:default/orders-db' },
          { type: 'dependsOn', targetRef: 'resource:default/legacy-db' },
        ],
      },
    ),
    entity('Component', 'broken-service', {
      'dr.backstage.io/rto': 'soon',
      'dr.backstage.io/tier': 'gold',
      'dr.backstage.io/backup-sources': 'nowhere:x/, volume:../etc',
      'dr.backstage.io/plan': './plans/broken.yaml',
    }),
    entity('Component', 'undocumented-service', {}),
  ];

  return {
    root,
    volume,
    entities,
    /** Adds a database Resource of the orders team with these annotations. */
    addResource: (name: string, annotations: Record<string, string>) =>
      entities.push(
        entity('Resource', name, annotations, {
          spec: { type: 'database', owner: 'group:default/team-orders' },
        }),
      ),
    config: {
      dr: {
        sources: { volume: { type: 'filesystem', directory: volume } },
        tiers: { 'tier-1': { rto: '1h', rpo: '15m', drillCadence: '90d' } },
      },
    },
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
