/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { Route, Routes } from 'react-router-dom';
import { screen } from '@testing-library/react';
import {
  approvalFixture,
  auditPageFixture,
  mockDrApi,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { DrRouter } from './DrRouter';

function renderAt(url: string, header?: 'page' | 'none') {
  const api = mockDrApi();
  api.getAudit.mockResolvedValue(auditPageFixture());
  api.listApprovals.mockResolvedValue({
    items: [approvalFixture()],
    totalCount: 1,
  });
  renderDr(
    <Routes>
      <Route path="/dr/*" element={<DrRouter header={header} />} />
    </Routes>,
    { api, initialRouteEntries: [url] },
  );
}

describe('DrRouter', () => {
  it('serves the audit at the root, with the Backstage page header legacy apps need', async () => {
    renderAt('/dr');
    expect(
      await screen.findByRole('heading', { name: 'Catalog DR audit' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Disaster Recovery' }),
    ).toBeInTheDocument();
  });

  it('serves the approvals inbox below it, linking back to the audit', async () => {
    renderAt('/dr/approvals');
    expect(
      await screen.findByRole('heading', { name: 'Restore approvals' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Back to the DR audit' }),
    ).toHaveAttribute('href', '/dr');
  });

  it('leaves the page header to apps on the new frontend system', async () => {
    renderAt('/dr', 'none');
    expect(
      await screen.findByRole('heading', { name: 'Catalog DR audit' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Disaster Recovery' }),
    ).not.toBeInTheDocument();
  });
});
