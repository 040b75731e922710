/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import {
  NOW,
  minutesAgo,
  mockDrApi,
  postureFixture,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { BackupCopies } from './BackupCopies';

const copy = {
  type: 'filesystem',
  status: 'ok' as const,
  lastIndexedAt: minutesAgo(1),
  lastError: null,
};

describe('BackupCopies', () => {
  it('shows each copy by location with its newest good backup and the scenarios that lose it (seed 004)', async () => {
    const posture = postureFixture({
      sources: [
        {
          ...copy,
          sourceId: 'local',
          selector: 'sq-db/',
          location: 'us-east-1',
          lastSuccessfulBackupAt: minutesAgo(120),
        },
        {
          ...copy,
          sourceId: 'cross-region',
          selector: 'sq-db/',
          location: 'us-west-2',
          lastSuccessfulBackupAt: minutesAgo(3.8 * 24 * 60),
        },
        { ...copy, sourceId: 'legacy', selector: 'sq-db/' },
      ],
      thresholds: {
        backupAge: {
          status: 'exceeded',
          thresholdSeconds: 26 * 3600,
          actualSeconds: 27 * 3600,
          since: minutesAgo(27 * 60),
        },
      },
    });
    posture.scenarios = [
      {
        ...posture.scenarios[0],
        scenario: 'region-loss',
        title: 'Regional disaster',
        destroys: ['us-east-1'],
      },
    ];
    renderDr(<BackupCopies posture={posture} now={NOW} />, {
      api: mockDrApi(),
    });

    const table = await screen.findByRole('table', {
      name: 'Copies by location',
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      [
        'us-east-1',
        'local:sq-db/',
        expect.stringContaining('(2 h ago)'),
        'Regional disaster',
      ],
      [
        'us-west-2',
        'cross-region:sq-db/',
        expect.stringContaining('(4 d ago)'),
        '—',
      ],
      ['Not configured', 'legacy:sq-db/', 'None', '—'],
    ]);
    expect(
      screen.getByText('⚠ Newest backup older than 1 d 2 h'),
    ).toBeInTheDocument();
  });
});
