/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen } from '@testing-library/react';
import {
  NOW,
  ORDERS_REF,
  minutesAgo,
  mockDrApi,
  responseError,
  timelineFixture,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { BackupTimeline } from './BackupTimeline';

describe('BackupTimeline', () => {
  it('charts 30 days of backups and says no gap exceeded the RPO', async () => {
    const api = mockDrApi();
    api.getBackupTimeline.mockResolvedValue(timelineFixture());
    renderDr(<BackupTimeline entityRef={ORDERS_REF} />, { api });

    expect(
      await screen.findByRole('img', { name: 'Backup timeline' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '8,400 successful and 2 failed backups in the last 30 days. No stretch without a good backup was longer than the RPO (15 min).',
      ),
    ).toBeInTheDocument();
    expect(screen.queryAllByTestId('timeline-gap')).toHaveLength(0);
    expect(screen.getByTestId('timeline-rpo-window')).toBeInTheDocument();
    expect(api.getBackupTimeline).toHaveBeenCalledWith(ORDERS_REF, {
      days: 30,
    });
  });

  it('draws each stretch longer than the RPO and says when backups stopped', async () => {
    const api = mockDrApi();
    api.getBackupTimeline.mockResolvedValue(
      timelineFixture({
        rpoTargetSeconds: 86400,
        gaps: [
          {
            from: minutesAgo(20 * 1440),
            to: minutesAgo(18 * 1440),
            seconds: 2 * 86400,
          },
          {
            from: minutesAgo(3 * 1440),
            to: new Date(NOW).toISOString(),
            seconds: 3 * 86400,
          },
        ],
      }),
    );
    renderDr(<BackupTimeline entityRef={ORDERS_REF} />, { api });

    expect(
      await screen.findByText(
        /2 stretches without a good backup lasted longer than the RPO \(1 d\); the longest 3 d\. There has been no good backup for 3 d now\./,
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('timeline-gap')).toHaveLength(2);
    expect(
      screen.getByText('No good backup for longer than the RPO'),
    ).toBeInTheDocument();
  });

  it('says gaps are not judged without an RPO target', async () => {
    const api = mockDrApi();
    api.getBackupTimeline.mockResolvedValue(
      timelineFixture({ rpoTargetSeconds: null }),
    );
    renderDr(<BackupTimeline entityRef={ORDERS_REF} />, { api });

    expect(
      await screen.findByText(
        /Without an RPO target, gaps between backups are not judged\./,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('timeline-rpo-window')).not.toBeInTheDocument();
  });

  it('says so when there were no backups and nothing to judge them by', async () => {
    const api = mockDrApi();
    const empty = timelineFixture({ rpoTargetSeconds: null });
    api.getBackupTimeline.mockResolvedValue({
      ...empty,
      buckets: empty.buckets.map(b => ({ ...b, succeeded: 0, failed: 0 })),
    });
    renderDr(<BackupTimeline entityRef={ORDERS_REF} />, { api });

    expect(
      await screen.findByText('No backups completed in the last 30 days.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('shows loading, then the error with a retry', async () => {
    const api = mockDrApi();
    api.getBackupTimeline.mockRejectedValue(
      await responseError(500, 'index unavailable'),
    );
    renderDr(<BackupTimeline entityRef={ORDERS_REF} />, { api });

    expect(
      screen.getByRole('progressbar', { name: 'Loading the backup timeline' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Could not load the backup timeline'),
    ).toBeInTheDocument();
    expect(screen.getByText('index unavailable')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });
});
