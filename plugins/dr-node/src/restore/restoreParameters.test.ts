/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { restoreParametersSchema } from '@dr-suite/backstage-plugin-dr-common';
import { hashRestoreParameters } from './restoreParameters';

describe('hashRestoreParameters', () => {
  // Hashes computed by the code that stored today's approvals, when the
  // restore kind was the closed enum postgres | velero. A change here voids
  // every approved, not yet executed restore.
  it('hashes postgres and velero parameters exactly as approvals stored them', () => {
    expect(
      hashRestoreParameters({
        kind: 'postgres',
        entityRef: ' resource:default/orders-db ',
        backupId: 'b-1',
        targetId: 'orders-staging',
        scenario: 'database-corruption',
        checks: [
          {
            type: 'sql',
            name: 'orders',
            query: 'SELECT count(*) FROM orders',
            expect: 42,
          },
          {
            type: 'http',
            url: 'http://orders.staging/health',
            expectStatus: 200,
          },
        ],
      }),
    ).toBe('020aeeef915fe3c5abb2193ddc49425842f62a5d6a36f3e9a3f4bc667e53b6a0');
    expect(
      hashRestoreParameters({
        kind: 'velero',
        entityRef: 'component:default/orders',
        backupId: 'b-2',
        targetId: 'orders-staging-cluster',
        scenario: 'region-loss',
        namespace: 'orders',
      }),
    ).toBe('de4b05ae4d2a85553e0cfe96dd9e765bbd7b8024980b16dc45dca0e6984bad83');
  });

  it('hashes a kind added by a module and refuses a kind that is not a name', () => {
    const parameters = {
      kind: 'clickhouse',
      entityRef: 'resource:default/events-db',
      backupId: 'b-3',
      targetId: 'events-staging',
      scenario: 'restore-test',
    };
    expect(hashRestoreParameters(parameters)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRestoreParameters(parameters)).not.toBe(
      hashRestoreParameters({ ...parameters, kind: 'clickhouse-pitr' }),
    );
    for (const kind of [
      '',
      'Postgres',
      ' postgres',
      '1db',
      'a'.repeat(64),
      'pg_dump',
    ]) {
      const parsed = restoreParametersSchema.safeParse({ ...parameters, kind });
      expect({ kind, success: parsed.success }).toEqual({
        kind,
        success: false,
      });
    }
  });
  it('binds kind parameters such as a point in time, and hashes an empty set as none', () => {
    const parameters = {
      kind: 'postgres',
      entityRef: 'resource:default/orders-db',
      backupId: 'b-4',
      targetId: 'orders-staging',
      scenario: 'bad-migration',
    };
    const plain = hashRestoreParameters(parameters);
    expect(hashRestoreParameters({ ...parameters, kindParameters: {} })).toBe(
      plain,
    );
    const atTen = hashRestoreParameters({
      ...parameters,
      kindParameters: { targetTime: '2026-11-30T10:00:00+01:00' },
    });
    expect(atTen).not.toBe(plain);
    expect(
      hashRestoreParameters({
        ...parameters,
        kindParameters: { targetTime: '2026-11-30T10:00:01+01:00' },
      }),
    ).not.toBe(atTen);
    expect(
      restoreParametersSchema.safeParse({
        ...parameters,
        kindParameters: { 'target time': 'x' },
      }).success,
    ).toBe(false);
  });
});
