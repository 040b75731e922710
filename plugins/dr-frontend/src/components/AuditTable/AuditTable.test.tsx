/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import {
  entityPresentationApiRef,
  type EntityPresentationApi,
} from '@backstage/plugin-catalog-react';
import { auditRowFixture, mockDrApi } from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import type { AuditView } from '../../hooks/useAuditView';
import { AuditTable } from './AuditTable';

/** The catalog's titles of the demo's groups. */
const TITLES: Record<string, string> = {
  'group:default/platform-team': 'Platform team',
  'group:default/team-catalog': 'Catalog team',
  'group:default/team-orders': 'Orders team',
};

/** Presents entities by their catalog titles, as the app's catalog does. */
const presentationApi: EntityPresentationApi = {
  forEntity(entityOrRef) {
    const entityRef = String(entityOrRef);
    const snapshot = {
      entityRef,
      primaryTitle: TITLES[entityRef] ?? entityRef,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

const VIEW: AuditView = {
  owner: [],
  kind: [],
  tier: [],
  overall: [],
  search: '',
  orderBy: 'owner',
  order: 'asc',
  page: 0,
  pageSize: 25,
};

describe('AuditTable', () => {
  it('names owners by what the Owner column sorts by, so the order reads right, with their titles below', async () => {
    // As the backend sorts the column: by the owner ref, ascending.
    const rows = [
      'group:default/platform-team',
      'group:default/team-catalog',
      'group:default/team-orders',
    ].map((owner, index) =>
      auditRowFixture({
        entityRef: `component:default/service-${index}`,
        name: `service-${index}`,
        title: `Service ${index}`,
        owner,
      }),
    );
    renderDr(
      <TestApiProvider apis={[[entityPresentationApiRef, presentationApi]]}>
        <AuditTable
          rows={rows}
          totalCount={rows.length}
          view={VIEW}
          now={Date.now()}
          onChange={jest.fn()}
        />
      </TestApiProvider>,
      { api: mockDrApi() },
    );

    const table = await screen.findByRole('table', { name: 'DR audit' });
    const owners = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row => within(within(row).getAllByRole('cell')[1]).getByRole('link'))
      .map(link => link.textContent);
    expect(owners).toEqual(['platform-team', 'team-catalog', 'team-orders']);
    expect(owners).toEqual([...owners].sort());
    // The catalog title is still there, below the name.
    expect(within(table).getByText('Catalog team')).toBeInTheDocument();
    expect(
      within(table).getByRole('link', { name: 'team-orders' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-orders');
  });
  it("names the part a System's status comes from, linking to its DR tab", async () => {
    const rows = [
      auditRowFixture({
        entityRef: 'system:default/shop',
        kind: 'System',
        name: 'shop',
        title: 'Acme Shop',
        overall: 'breach',
        drivenBy: 'resource:default/orders-db',
      }),
    ];
    renderDr(
      <AuditTable
        rows={rows}
        totalCount={rows.length}
        view={VIEW}
        now={Date.now()}
        onChange={jest.fn()}
      />,
      { api: mockDrApi() },
    );

    const table = await screen.findByRole('table', { name: 'DR audit' });
    const [, row] = within(table).getAllByRole('row');
    const overall = within(row).getAllByRole('cell')[3];
    expect(overall).toHaveTextContent('Breachdriven by resource:orders-db');
    expect(within(overall).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/orders-db/dr',
    );
  });
  it('says a System is driven by a part the reader cannot see, without naming or linking it', async () => {
    const rows = [
      auditRowFixture({
        entityRef: 'system:default/shop',
        kind: 'System',
        name: 'shop',
        overall: 'breach',
        drivenBy: null,
        drivenByHidden: true,
      }),
    ];
    renderDr(
      <AuditTable
        rows={rows}
        totalCount={rows.length}
        view={VIEW}
        now={Date.now()}
        onChange={jest.fn()}
      />,
      { api: mockDrApi() },
    );

    const table = await screen.findByRole('table', { name: 'DR audit' });
    const [, row] = within(table).getAllByRole('row');
    const overall = within(row).getAllByRole('cell')[3];
    expect(overall).toHaveTextContent('Breachdriven by a part you cannot see');
    expect(within(overall).queryByRole('link')).toBeNull();
  });
});
