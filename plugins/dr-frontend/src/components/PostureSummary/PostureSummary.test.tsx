/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import { mockDrApi, postureFixture } from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { formatDateTime } from '../../formatting';
import { PostureSummary } from './PostureSummary';

const FROM = '2026-11-02T02:00:00.000Z';
const TO = '2026-11-30T09:45:00.000Z';

const source = {
  sourceId: 's3-prod',
  type: 's3',
  status: 'ok' as const,
  lastIndexedAt: TO,
  lastError: null,
};

function rpoCard() {
  return within(screen.getByRole('region', { name: 'RPO' }));
}

describe('PostureSummary', () => {
  it('shows per data store the window it can be restored to, where a gap cuts it, and WAL without a base backup', async () => {
    renderDr(
      <PostureSummary
        now={Date.parse(TO)}
        posture={postureFixture({
          sources: [
            {
              ...source,
              selector: 'mailblast/db/',
              recoveryWindow: { from: FROM, to: TO },
            },
            {
              ...source,
              selector: 'billing/db/',
              recoveryWindow: {
                from: FROM,
                to: '2026-11-30T08:45:00.000Z',
                gapAt: '00000001000000000000006C',
                reason: 'WAL segment 00000001000000000000006C is missing.',
              },
            },
            {
              ...source,
              selector: 'audit/db/',
              recoveryWindow: {
                from: null,
                to: null,
                reason: 'no base backup',
              },
            },
            { ...source, selector: 'plain/' },
          ],
        })}
      />,
      { api: mockDrApi() },
    );

    expect(
      await rpoCard().findByText(
        `Recoverable from ${formatDateTime(FROM)} to ${formatDateTime(
          TO,
        )} (s3-prod:mailblast/db/).`,
      ),
    ).toBeInTheDocument();
    expect(
      rpoCard().getByText(
        `Recoverable from ${formatDateTime(FROM)} to ${formatDateTime(
          '2026-11-30T08:45:00.000Z',
        )} (s3-prod:billing/db/). WAL segment 00000001000000000000006C is missing: WAL archived after it cannot be replayed.`,
      ),
    ).toBeInTheDocument();
    expect(
      rpoCard().getByText(
        'Nothing is recoverable from s3-prod:audit/db/: WAL is archived but there is no base backup to replay it onto.',
      ),
    ).toBeInTheDocument();
    // A store without continuous archiving has no window to show.
    expect(rpoCard().queryByText(/plain\//)).not.toBeInTheDocument();
  });
});
