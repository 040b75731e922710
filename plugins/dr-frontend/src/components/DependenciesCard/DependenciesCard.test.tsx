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
