/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import { mockDrApi, postureFixture } from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { DependenciesCard } from './DependenciesCard';

describe('DependenciesCard', () => {
  it("shows each dependency's posture, linking to its own DR tab", async () => {
    renderDr(<DependenciesCard posture={postureFixture()} />, {
      api: mockDrApi(),
    });

    expect(
      await screen.findByText('Worst of them: Breach'),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Dependencies' });
    const [, row] = within(table).getAllByRole('row');
    expect(
      within(row).getByRole('link', { name: 'Orders database' }),
    ).toHaveAttribute('href', '/catalog/default/resource/orders-db/dr');
    expect(row).toHaveTextContent('Depends on');
    expect(row).toHaveTextContent('BreachBreachedMetCurrent');
  });

  it("lists a system's parts worst first, and does not judge parts without objectives", async () => {
    const part = (name: string, overall: 'ok' | 'breach' | 'none') => ({
      entityRef: `component:default/${name.toLocaleLowerCase('en-US')}`,
      relation: 'hasPart' as const,
      title: name,
      overall,
      rpoStatus: overall === 'breach' ? ('breached' as const) : ('met' as const),
      rtoStatus: 'met' as const,
      drillStatus: overall === 'none' ? ('never' as const) : ('current' as const),
    });
    renderDr(
      <DependenciesCard
        variant="parts"
        posture={postureFixture({
          dependencies: [
            part('Storefront', 'none'),
            part('Orders', 'ok'),
            part('Catalog', 'breach'),
          ],
        })}
      />,
      { api: mockDrApi() },
    );

    const table = await screen.findByRole('table', {
      name: 'Parts of this system',
    });
    const [, ...rows] = within(table).getAllByRole('row');
    expect(rows.map(row => row.textContent)).toEqual([
      'CatalogBreachBreachedMetCurrent',
      'OrdersOKMetMetCurrent',
      'StorefrontNo objectives———',
    ]);
    // A part without objectives may have no DR tab: it links to its page.
    expect(
      within(rows[2]).getByRole('link', { name: 'Storefront' }),
    ).toHaveAttribute('href', '/catalog/default/component/storefront');
  });

  it('explains what would show here when there are no dependencies', async () => {
    renderDr(
      <DependenciesCard
        posture={postureFixture({
          dependencies: [],
          dependenciesOverall: null,
        })}
      />,
      { api: mockDrApi() },
    );

    expect(
      await screen.findByText('No dependencies with a DR posture.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
