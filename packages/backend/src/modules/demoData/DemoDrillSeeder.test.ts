/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { DrApi, DrillRecord } from '@dr-suite/backstage-plugin-dr-common';
import { DEMO_DRILLS, DemoDrillSeeder } from './DemoDrillSeeder';

const DAY = 86_400_000;

/** A DR API that keeps recorded drills in memory. */
function fakeApi() {
  const drills: DrillRecord[] = [];
  const api = {
    getDrills: jest.fn(async (entityRef: string) => ({
      items: drills.filter(d => d.entityRef === entityRef),
      nextCursor: null,
    })),
    recordDrill: jest.fn(async (entityRef: string, input: any) => {
      const record = {
        ...input,
        id: String(drills.length),
        entityRef,
      } as DrillRecord;
      drills.push(record);
      return record;
    }),
  };
  return { api: api as unknown as DrApi, drills, mocks: api };
}

describe('DemoDrillSeeder', () => {
  it('records every demo drill once, dated relative to now', async () => {
    const { api, drills } = fakeApi();
    const now = new Date('2026-11-21T12:00:00Z');
    expect(await new DemoDrillSeeder(api).run('token', now)).toBe(
      DEMO_DRILLS.length,
    );
    const orders = drills.find(
      d => d.entityRef === 'component:default/orders-service',
    )!;
    expect(Date.parse(orders.completedAt)).toBe(now.getTime() - 12 * DAY);
    expect(orders.notes).toMatch(/^\[demo\] /);
    expect(await new DemoDrillSeeder(api).run('token', now)).toBe(0);
  });

  it('keeps healthy services’ drills fresh while the overdue one keeps ageing', async () => {
    const { api, drills } = fakeApi();
    const start = new Date('2026-11-21T12:00:00Z');
    await new DemoDrillSeeder(api).run('token', start);
    const sixtyDaysLater = new Date(start.getTime() + 60 * DAY);
    const recorded = await new DemoDrillSeeder(api).run(
      'token',
      sixtyDaysLater,
    );
    const renewed = drills.slice(DEMO_DRILLS.length).map(d => d.entityRef);
    expect(renewed).toEqual([
      'component:default/orders-service',
      'resource:default/orders-db',
    ]);
    expect(recorded).toBe(2);
    const payments = drills.filter(
      d =>
        d.entityRef === 'component:default/payments-service' &&
        d.outcome === 'succeeded',
    );
    expect(payments).toHaveLength(1);
  });
});
