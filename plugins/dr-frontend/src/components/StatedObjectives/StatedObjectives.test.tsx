/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import {
  NOW,
  ORDERS_REF,
  minutesAgo,
  mockDrApi,
  planFixture,
  postureFixture,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { Runbooks } from '../Runbooks';
import { StatedObjectives } from './StatedObjectives';

const rows = (name: string) =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );

describe('StatedObjectives', () => {
  it('shows each scenario with its own status, RPO 0 and target vs max RTO, data stores, drill types and the part driving a System', async () => {
    const posture = postureFixture({
      rollup: { overall: 'breach', drivenBy: 'resource:default/batch-db' },
      scenarios: [
        {
          scenario: 'node-failure',
          title: 'Node failure',
          status: 'breach',
          rpo: {
            status: 'breached',
            targetSeconds: 0,
            toleranceSeconds: 300,
            actualSeconds: 2400,
            lastSuccessfulBackupAt: minutesAgo(40),
            reason: 'Continuous archiving lags 40 min behind now.',
          },
          rto: {
            status: 'breached',
            targetSeconds: 1800,
            measuredSeconds: 2700,
            lastSuccessfulDrillAt: minutesAgo(600),
            max: { targetSeconds: 3600, status: 'met' },
          },
        },
      ],
      dataStores: [
        {
          name: 'clickhouse',
          sources: ['ch:backups/'],
          rpo: {
            status: 'met',
            targetSeconds: 86400,
            actualSeconds: 3600,
            lastSuccessfulBackupAt: minutesAgo(60),
          },
        },
      ],
      drillTypes: [
        {
          name: 'failover',
          title: 'Failover drill',
          cadenceDays: 90,
          scenarios: ['region-loss'],
          status: 'never',
          lastSuccessfulAt: null,
          nextDueAt: null,
        },
      ],
    });
    renderDr(<StatedObjectives posture={posture} now={NOW} />, {
      api: mockDrApi(),
    });

    expect(await screen.findByText(/driven by/)).toHaveTextContent(
      'driven by batch-db',
    );
    expect(rows('Scenarios')).toEqual([
      [
        'Node failure',
        'Breach',
        expect.stringContaining(
          'target 0 (no data loss, within 5 min)Restorable point 40 min old · Continuous archiving lags 40 min behind now.',
        ),
        expect.stringContaining('target 30 minMetmax 1 h'),
      ],
    ]);
    expect(rows('Data stores')).toEqual([
      ['clickhouse', 'ch:backups/', expect.stringContaining('target 1 d')],
    ]);
    expect(rows('Drill types')).toEqual([
      [
        'Failover drilldrills of region-loss',
        'every 90 d',
        'Never drilled',
        '—',
        'now',
      ],
    ]);
  });

  it('shows what else the plan keeps: service levels, response times, communication, other runbooks', async () => {
    const api = mockDrApi();
    const response = planFixture();
    response.plan!.spec.serviceLevels = [
      { name: 'availability', target: '99.9%' },
    ];
    response.plan!.spec.communication = [
      {
        audience: 'stakeholders',
        channel: '#incident',
        updateEverySeconds: 900,
        steps: [],
      },
    ];
    response.plan!.spec.links = [
      { title: 'Network runbook', url: 'https://wiki.example.com/net' },
    ];
    response.plan!.spec.escalation = [
      {
        name: 'On-call',
        role: null,
        contact: 'PagerDuty',
        level: 'L1',
        responseTimeSeconds: 900,
      },
    ];
    api.getPlan.mockResolvedValue(response);
    renderDr(<Runbooks entityRef={ORDERS_REF} posture={postureFixture()} />, {
      api,
    });

    expect(
      await screen.findByRole('list', { name: 'Service levels' }),
    ).toHaveTextContent('99.9%availability');
    expect(
      screen.getByRole('list', { name: 'Escalation contacts' }),
    ).toHaveTextContent('On-callL1Responds within 15 minPagerDuty');
    expect(
      screen.getByRole('list', { name: 'Communication plan' }),
    ).toHaveTextContent('stakeholders#incident · updates every 15 min');
    // External links carry a "new window" hint in their accessible name.
    expect(screen.getByText('Network runbook').closest('a')).toHaveAttribute(
      'href',
      'https://wiki.example.com/net',
    );
  });
});
