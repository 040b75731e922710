/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, waitFor, within } from '@testing-library/react';
import {
  NOW,
  ORDERS_REF,
  backupFixture,
  minutesAgo,
  mockDrApi,
  postureFixture,
} from '../../__testUtils__/fixtures';
import { renderDr, setupUser } from '../../__testUtils__/render';
import { BackupsTable } from './BackupsTable';

describe('BackupsTable', () => {
  // A fresh user per test, fast on a busy machine (see setupUser).
  let user: ReturnType<typeof setupUser>;
  beforeEach(() => {
    user = setupUser();
  });

  it('lists backups newest first with age, type, status and size', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({
      items: [
        backupFixture(0),
        backupFixture(1, {
          name: 'orders_full_1.sql.gz',
          status: 'failed',
          sizeBytes: null,
          encrypted: null,
        }),
      ],
      nextCursor: null,
    });
    renderDr(<BackupsTable entityRef={ORDERS_REF} now={NOW} />, { api });

    const table = await screen.findByRole('table', { name: 'Backups' });
    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent('7 min ago');
    expect(first).toHaveTextContent('orders_full_0.sql.gz');
    expect(first).toHaveTextContent('full');
    expect(first).toHaveTextContent('Succeeded');
    expect(first).toHaveTextContent('12.3 MB');
    expect(first).toHaveTextContent('Yes');
    expect(second).toHaveTextContent('Failed');
    expect(second).toHaveTextContent('6 h 7 min ago');
    expect(screen.getByText('1-2 of 2')).toBeInTheDocument();
    expect(api.getBackups).toHaveBeenCalledWith(ORDERS_REF, {
      limit: 10,
      cursor: undefined,
      status: undefined,
    });
  });

  it('says why a completed backup is skipped for RPO', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({
      items: [
        backupFixture(0, {
          sizeBytes: 300,
          suspicion:
            'Suspicious: its size, 300 bytes, is 70% smaller than the median 1000 bytes of the previous 7 backups of its series (at most 50% is expected).',
        }),
        backupFixture(1),
      ],
      nextCursor: null,
    });
    renderDr(<BackupsTable entityRef={ORDERS_REF} now={NOW} />, { api });

    const table = await screen.findByRole('table', { name: 'Backups' });
    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent(
      '⚠ Skipped for RPO: its size, 300 bytes, is 70% smaller than the median 1000 bytes',
    );
    expect(second).not.toHaveTextContent('Skipped for RPO');
  });

  it('pages forward with the cursor and back again', async () => {
    const api = mockDrApi();
    api.getBackups.mockImplementation(async (_ref, query) =>
      query?.cursor === 'page-2'
        ? { items: [backupFixture(10)], nextCursor: null }
        : {
            items: Array.from({ length: 10 }, (_, i) => backupFixture(i)),
            nextCursor: 'page-2',
          },
    );
    renderDr(<BackupsTable entityRef={ORDERS_REF} now={NOW} />, { api });

    expect(await screen.findByText('1-10 of more than 10')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      await screen.findByText('orders_full_10.sql.gz'),
    ).toBeInTheDocument();
    expect(screen.getByText('11-11 of 11')).toBeInTheDocument();
    expect(api.getBackups).toHaveBeenLastCalledWith(ORDERS_REF, {
      limit: 10,
      cursor: 'page-2',
      status: undefined,
    });

    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('orders_full_0.sql.gz')).toBeInTheDocument();
  });

  it('filters by status on the backend', async () => {
    const api = mockDrApi();
    api.getBackups.mockImplementation(async (_ref, query) => ({
      items: query?.status ? [] : [backupFixture(0)],
      nextCursor: null,
    }));
    renderDr(<BackupsTable entityRef={ORDERS_REF} now={NOW} />, { api });

    await screen.findByText('orders_full_0.sql.gz');
    await user.click(screen.getByLabelText('Show'));
    await user.click(
      screen.getByRole('option', { name: 'Failed or partially failed' }),
    );
    expect(
      await screen.findByText('No backups match "Failed or partially failed".'),
    ).toBeInTheDocument();
    expect(api.getBackups).toHaveBeenLastCalledWith(ORDERS_REF, {
      limit: 10,
      cursor: undefined,
      status: ['failed', 'partially-failed'],
    });
  });

  it('badges the backups a verified restore proved restorable and filters on them', async () => {
    const api = mockDrApi();
    const verified = backupFixture(1, {
      name: 'orders_full_1.sql.gz',
      verifiedRestorable: {
        verifiedAt: minutesAgo(30),
        drillId: 'drill-1',
        restoreTestPlan: 'orders-nightly',
      },
    });
    api.getBackups.mockImplementation(async (_ref, query) => ({
      items: query?.verified ? [verified] : [backupFixture(0), verified],
      nextCursor: null,
    }));
    renderDr(<BackupsTable entityRef={ORDERS_REF} now={NOW} />, { api });

    const table = await screen.findByRole('table', { name: 'Backups' });
    const [, first, second] = within(table).getAllByRole('row');
    expect(first).not.toHaveTextContent('Verified restorable');
    expect(second).toHaveTextContent('✔ Verified restorable (orders-nightly)');

    await user.click(screen.getByLabelText('Show'));
    await user.click(
      screen.getByRole('option', { name: 'Verified restorable' }),
    );
    await waitFor(() =>
      expect(api.getBackups).toHaveBeenLastCalledWith(ORDERS_REF, {
        limit: 10,
        cursor: undefined,
        status: undefined,
        verified: 'true',
      }),
    );
    expect(
      within(
        await screen.findByRole('table', { name: 'Backups' }),
      ).getAllByRole('row'),
    ).toHaveLength(2);
  });

  it('says how to connect a source when the entity has targets but no source', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({ items: [], nextCursor: null });
    renderDr(
      <BackupsTable
        entityRef={ORDERS_REF}
        now={NOW}
        posture={postureFixture({ sources: [] })}
      />,
      { api },
    );

    const title = await screen.findByText(
      'No backup source is connected to this entity.',
    );
    const empty = title.parentElement!;
    expect(empty).toHaveTextContent(
      'It has an RPO target of 15 min, but without backups the RPO cannot be met or measured.',
    );
    // Backstage's CodeSnippet renders its content lazily, after the title.
    await waitFor(() =>
      expect(empty).toHaveTextContent(
        'metadata: annotations: dr.backstage.io/backup-sources: <sourceId>:<selector>',
      ),
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says why a connected source shows no backups', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({ items: [], nextCursor: null });
    const posture = postureFixture({
      sources: [
        {
          sourceId: 'demo',
          selector: 'orders-db/',
          type: 'filesystem',
          status: 'ok',
          lastIndexedAt: minutesAgo(2),
          lastError: null,
        },
        {
          sourceId: 's3-prod',
          selector: 'orders/',
          type: 's3',
          status: 'stale',
          lastIndexedAt: minutesAgo(60),
          lastError: 'AccessDenied',
        },
        {
          sourceId: 'new',
          selector: 'x/',
          type: 's3',
          status: 'pending',
          lastIndexedAt: null,
          lastError: null,
        },
        {
          sourceId: 'typo',
          selector: 'y/',
          type: null,
          status: 'unknown-source',
          lastIndexedAt: null,
          lastError: null,
        },
      ],
    });
    renderDr(
      <BackupsTable entityRef={ORDERS_REF} now={NOW} posture={posture} />,
      { api },
    );

    expect(
      await screen.findByText('No backups were found for this entity.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /demo:orders-db\/: indexed 2 min ago, but nothing matches the selector/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('s3-prod:orders/: indexing fails (AccessDenied).'),
    ).toBeInTheDocument();
    expect(screen.getByText(/new:x\/: not indexed yet/)).toBeInTheDocument();
    expect(
      screen.getByText(
        /typo:y\/: no source "typo" is configured under dr.sources/,
      ),
    ).toBeInTheDocument();
  });
});
