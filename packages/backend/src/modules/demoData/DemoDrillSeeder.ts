/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { DrApi, DrillInput } from '@dr-suite/backstage-plugin-dr-common';

const DAY = 86_400_000;
const DEMO_NOTE = '[demo]';

/** A drill the demo keeps at about the same age. */
export interface DemoDrill {
  entityRef: string;
  scenario: string;
  outcome: 'succeeded' | 'failed';
  ageDays: number;
  rtoMinutes: number;
  rpoMinutes?: number;
  /** Record a fresh one when the newest is older than this; without it the drill only ages. */
  renewAfterDays?: number;
  notes: string;
  participants?: string[];
  actionItems?: DrillInput['actionItems'];
}

export const DEMO_DRILLS: DemoDrill[] = [
  {
    entityRef: 'component:default/orders-service',
    scenario: 'database-corruption',
    outcome: 'succeeded',
    ageDays: 12,
    renewAfterDays: 45,
    rtoMinutes: 22,
    rpoMinutes: 6,
    notes:
      'Restored the 06:00 dump to staging and replayed WAL; checkout smoke test passed.',
    participants: ['user:default/alice', 'user:default/bob'],
    actionItems: [
      {
        title: 'Script the DATABASE_URL switch',
        owner: 'group:default/team-orders',
      },
    ],
  },
  {
    entityRef: 'resource:default/orders-db',
    scenario: 'database-corruption',
    outcome: 'succeeded',
    ageDays: 12,
    renewAfterDays: 45,
    rtoMinutes: 18,
    rpoMinutes: 6,
    notes: 'Restore of orders-db into a fresh database, row counts verified.',
    participants: ['user:default/alice'],
  },
  {
    entityRef: 'resource:default/orders-events',
    scenario: 'broker-loss',
    outcome: 'succeeded',
    ageDays: 30,
    renewAfterDays: 150,
    rtoMinutes: 12,
    notes: 'Imported the definitions export into a new RabbitMQ vhost.',
  },
  {
    entityRef: 'component:default/payments-service',
    scenario: 'database-corruption',
    outcome: 'succeeded',
    ageDays: 130,
    rtoMinutes: 40,
    notes: 'Last quarter’s drill; the next one was postponed.',
    participants: ['user:default/carol'],
  },
  {
    entityRef: 'component:default/payments-service',
    scenario: 'database-corruption',
    outcome: 'failed',
    ageDays: 20,
    rtoMinutes: 75,
    notes:
      'Decryption key for the dump was not in the vault the runbook names; aborted after 75 minutes.',
    participants: ['user:default/carol', 'user:default/bob'],
    actionItems: [
      'Move the dump key to the vault path in the runbook',
      'Re-run the drill',
    ],
  },
  {
    entityRef: 'resource:default/payments-db',
    scenario: 'database-corruption',
    outcome: 'succeeded',
    ageDays: 130,
    rtoMinutes: 38,
    notes: 'Restore of the ledger into staging.',
  },
  {
    entityRef: 'component:default/catalog-service',
    scenario: 'database-corruption',
    outcome: 'succeeded',
    ageDays: 20,
    renewAfterDays: 120,
    rtoMinutes: 95,
    notes: 'Restored catalog-db from the nightly dump.',
  },
  {
    entityRef: 'resource:default/catalog-db',
    scenario: 'database-corruption',
    outcome: 'succeeded',
    ageDays: 20,
    renewAfterDays: 120,
    rtoMinutes: 80,
    notes: 'Nightly dump restored; search index rebuilt afterwards.',
  },
  {
    entityRef: 'resource:default/product-images',
    scenario: 'bucket-loss',
    outcome: 'succeeded',
    ageDays: 40,
    renewAfterDays: 300,
    rtoMinutes: 240,
    notes: 'Copied the snapshot back from the second region.',
  },
];

/**
 * Records the demo drills through the DR API, keeping their ages roughly
 * constant: a drill with `renewAfterDays` is recorded again once the newest
 * one has grown older than that; the others are recorded once and age, which
 * is what keeps payments overdue.
 */
export class DemoDrillSeeder {
  readonly #api: DrApi;

  constructor(api: DrApi) {
    this.#api = api;
  }

  async run(token: string, now = new Date()): Promise<number> {
    let recorded = 0;
    for (const drill of DEMO_DRILLS) {
      const { items } = await this.#api.getDrills(
        drill.entityRef,
        { limit: 100 },
        { token },
      );
      const previous = items.filter(
        d =>
          d.notes?.startsWith(DEMO_NOTE) &&
          d.scenario === drill.scenario &&
          d.outcome === drill.outcome,
      );
      const newestAgeDays = previous.length
        ? (now.getTime() -
            Math.max(...previous.map(d => Date.parse(d.completedAt)))) /
          DAY
        : Infinity;
      const due =
        drill.renewAfterDays === undefined
          ? !previous.length
          : newestAgeDays > drill.renewAfterDays;
      if (!due) continue;
      const completedAt = new Date(now.getTime() - drill.ageDays * DAY);
      await this.#api.recordDrill(
        drill.entityRef,
        {
          scenario: drill.scenario,
          startedAt: new Date(
            completedAt.getTime() - drill.rtoMinutes * 60_000,
          ).toISOString(),
          completedAt: completedAt.toISOString(),
          outcome: drill.outcome,
          measuredRtoSeconds: drill.rtoMinutes * 60,
          measuredRpoSeconds:
            drill.rpoMinutes === undefined ? undefined : drill.rpoMinutes * 60,
          participants: drill.participants,
          notes: `${DEMO_NOTE} ${drill.notes}`,
          actionItems: drill.actionItems,
        },
        { token },
      );
      recorded += 1;
    }
    return recorded;
  }
}
