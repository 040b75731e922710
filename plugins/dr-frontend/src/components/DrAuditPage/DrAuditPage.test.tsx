/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useLocation } from 'react-router-dom';
import { screen, waitFor, within } from '@testing-library/react';
import {
  NOW,
  approvalFixture,
  auditPageFixture,
  mockDrApi,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderDr, setupUser } from '../../__testUtils__/render';
import { DrAuditPageContent } from './DrAuditPage';

/** Shows the current URL, to check that the view lives in it. */
function Location() {
  const location = useLocation();
  return (
    <output aria-label="URL">{location.pathname + location.search}</output>
  );
}

function renderAudit(api = auditApi(), url = '/dr') {
  renderDr(
    <>
      <DrAuditPageContent />
      <Location />
    </>,
    { api, initialRouteEntries: [url] },
  );
  return api;
}

function auditApi() {
  const api = mockDrApi();
  api.getAudit.mockResolvedValue(auditPageFixture());
  api.listApprovals.mockResolvedValue({
    items: [approvalFixture()],
    totalCount: 3,
  });
  return api;
}

describe('DrAuditPageContent', () => {
  // A fresh user per test, fast on a busy machine (see setupUser).
  let user: ReturnType<typeof setupUser>;
  beforeEach(() => {
    user = setupUser();
  });

  beforeEach(() => {
    jest.useFakeTimers({
      now: NOW,
      doNotFake: ['setTimeout', 'queueMicrotask'],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('sums up the catalog and lists one page of entities', async () => {
    const api = renderAudit();

    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(
      within(summary).getByRole('button', { name: 'OK: 4. Show only these' }),
    ).toBeInTheDocument();
    expect(summary).toHaveTextContent('At risk220% of 10');
    expect(summary).toHaveTextContent('Breach220% of 10');
    expect(summary).toHaveTextContent('No objectives2');
    expect(summary).toHaveTextContent('tier-1 meeting RPO75%3 of 4');
    expect(summary).toHaveTextContent('tier-1 meeting RTO50%2 of 4');

    const table = screen.getByRole('table', { name: 'DR audit' });
    const [, orders, catalogDb] = within(table).getAllByRole('row');
    expect(
      within(orders).getByRole('link', { name: 'Orders service' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders-service/dr');
    expect(orders).toHaveTextContent('tier-1');
    expect(orders).toHaveTextContent('7 min · target 15 min');
    expect(orders).toHaveTextContent('22 min · target 1 h');
    expect(catalogDb).toHaveTextContent('Resource · 1 problem');
    expect(catalogDb).toHaveTextContent('Breached3 d · target 1 d');
    expect(screen.getByText('1-2 of 2')).toBeInTheDocument();
    expect(api.getAudit).toHaveBeenCalledWith({
      owner: [],
      kind: [],
      tier: [],
      overall: [],
      search: undefined,
      orderBy: 'entity',
      order: 'asc',
      limit: 25,
      offset: 0,
    });
  });

  it('filters by status from the summary and keeps the filter in the URL', async () => {
    const api = renderAudit();

    await user.click(await screen.findByRole('button', { name: /^Breach: 2/ }));

    expect(screen.getByRole('status', { name: 'URL' })).toHaveTextContent(
      '/dr?overall=breach',
    );
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ overall: ['breach'], offset: 0 }),
      ),
    );
    expect(
      screen.getByRole('button', { name: 'Breach: 2. Shown' }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  it('restores the whole view from a link', async () => {
    const api = auditApi();
    api.getAudit.mockResolvedValue(auditPageFixture({ totalCount: 30 }));
    renderAudit(
      api,
      '/dr?overall=breach&kind=Resource&search=catalog&orderBy=rpo&order=desc&page=2',
    );

    await screen.findByRole('table', { name: 'DR audit' });
    expect(api.getAudit).toHaveBeenCalledWith({
      owner: [],
      kind: ['Resource'],
      tier: [],
      overall: ['breach'],
      search: 'catalog',
      orderBy: 'rpo',
      order: 'desc',
      limit: 25,
      offset: 25,
    });
    expect(screen.getByLabelText('Search')).toHaveValue('catalog');
    expect(screen.getByRole('columnheader', { name: /RPO/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
  });

  it('sorts on the backend when a column header is clicked', async () => {
    const api = renderAudit();

    await user.click(await screen.findByRole('button', { name: 'Last drill' }));
    expect(screen.getByRole('status', { name: 'URL' })).toHaveTextContent(
      '/dr?orderBy=lastDrill',
    );
    await user.click(screen.getByRole('button', { name: 'Last drill' }));
    expect(screen.getByRole('status', { name: 'URL' })).toHaveTextContent(
      '/dr?orderBy=lastDrill&order=desc',
    );
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ orderBy: 'lastDrill', order: 'desc' }),
      ),
    );
  });

  it('searches once typing pauses', async () => {
    const api = renderAudit();

    await user.type(await screen.findByLabelText('Search'), 'pay');
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'URL' })).toHaveTextContent(
        '/dr?search=pay',
      ),
    );
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ search: 'pay' }),
      ),
    );
  });

  it('pages on the backend', async () => {
    const api = auditApi();
    api.getAudit.mockResolvedValue(auditPageFixture({ totalCount: 60 }));
    renderAudit(api);

    await user.click(await screen.findByRole('button', { name: 'Next page' }));
    expect(screen.getByRole('status', { name: 'URL' })).toHaveTextContent(
      '/dr?page=2',
    );
    await waitFor(() =>
      expect(api.getAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ limit: 25, offset: 25 }),
      ),
    );
  });

  it('links to the approvals waiting for the user, with their count', async () => {
    const api = renderAudit();

    expect(
      await screen.findByRole('button', {
        name: 'Restore approvals: 3 waiting for you',
      }),
    ).toHaveAttribute('href', '/dr/approvals');
    expect(api.listApprovals).toHaveBeenCalledWith({
      view: 'decide',
      status: ['pending'],
      limit: 1,
    });
  });

  it('exports the filtered audit, every page, as CSV', async () => {
    const api = auditApi();
    api.getAudit.mockResolvedValue(auditPageFixture({ totalCount: 60 }));
    api.getAuditCsv.mockResolvedValue(new Blob(['entityRef\n']));
    const createObjectURL = jest.fn(() => 'blob:audit');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function clickDownload(this: HTMLAnchorElement) {
        expect(this.download).toBe('dr-audit-2026-03-12.csv');
        expect(this.href).toBe('blob:audit');
      });
    renderAudit(api, '/dr?overall=breach&page=3');

    const exportButton = await screen.findByRole('button', {
      name: 'Export CSV',
    });
    // Enabled once the backend served the audit.
    await waitFor(() => expect(exportButton).toBeEnabled());
    await user.click(exportButton);

    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.getAuditCsv).toHaveBeenCalledWith({
      owner: [],
      kind: [],
      tier: [],
      overall: ['breach'],
      search: undefined,
      orderBy: 'entity',
      order: 'asc',
    });
    click.mockRestore();
  });

  it('downloads the drill ledger for the owners and tiers the audit is filtered to', async () => {
    const api = auditApi();
    api.getAudit.mockResolvedValue(auditPageFixture({ totalCount: 60 }));
    api.getDrillLedgerCsv.mockResolvedValue(new Blob(['drillId\n']));
    const createObjectURL = jest.fn(() => 'blob:ledger');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function clickDownload(this: HTMLAnchorElement) {
        expect(this.download).toBe('dr-drill-ledger-2026-03-12.csv');
        expect(this.href).toBe('blob:ledger');
      });
    renderAudit(
      api,
      '/dr?owner=group%3Adefault%2Fteam-orders&tier=tier-1&overall=breach',
    );

    const ledgerButton = await screen.findByRole('button', {
      name: 'Drill ledger CSV',
    });
    await waitFor(() => expect(ledgerButton).toBeEnabled());
    await user.click(ledgerButton);

    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.getDrillLedgerCsv).toHaveBeenCalledWith({
      owner: ['group:default/team-orders'],
      tier: ['tier-1'],
    });
    click.mockRestore();
  });

  it('tells users without access that the audit is for the platform team', async () => {
    const api = auditApi();
    api.getAudit.mockRejectedValue(await responseError(403, 'not allowed'));
    renderAudit(api);

    expect(
      await screen.findByText('You cannot see the DR audit'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /restricted to the platform team \(permission dr.audit.read\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    // Neither export is offered to them.
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Drill ledger CSV' }),
    ).toBeDisabled();
    // Approvers may still reach their inbox.
    expect(
      screen.getByRole('button', { name: /Restore approvals/ }),
    ).toBeInTheDocument();
  });

  it('says when no entity matches the filters, and when none has objectives', async () => {
    const api = auditApi();
    api.getAudit.mockResolvedValue(
      auditPageFixture({ items: [], totalCount: 0 }),
    );
    renderAudit(api, '/dr?search=nothing');
    expect(
      await screen.findByText('No entity matches these filters.'),
    ).toBeInTheDocument();
  });

  it('explains how entities get objectives when the audit is empty', async () => {
    const api = auditApi();
    api.getAudit.mockResolvedValue(
      auditPageFixture({ items: [], totalCount: 0 }),
    );
    renderAudit(api);
    expect(
      await screen.findByText('No entity has DR objectives yet.'),
    ).toBeInTheDocument();
  });
});
