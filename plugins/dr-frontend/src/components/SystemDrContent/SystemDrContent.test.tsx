/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import type { DependencyPosture } from '@dr-suite/backstage-plugin-dr-common';
import { mockDrApi, postureFixture } from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { SystemDrContent } from './SystemDrContent';

const SHOP = 'system:default/shop';

function part(
  name: string,
  title: string,
  overall: DependencyPosture['overall'],
): DependencyPosture {
  return {
    entityRef: `resource:default/${name}`,
    relation: 'hasPart',
    title,
    overall,
    rpoStatus: overall === 'breach' ? 'breached' : 'met',
    rtoStatus: 'met',
    drillStatus: 'current',
  };
}

describe('SystemDrContent', () => {
  it('heads the tab with the rolled-up status and the part that drives it, linking to its DR tab', async () => {
    renderDr(
      <SystemDrContent
        entityRef={SHOP}
        now={Date.now()}
        posture={postureFixture({
          entityRef: SHOP,
          overall: 'none',
          dependencies: [
            part('search-index', 'Search index', 'ok'),
            part('orders-db', 'Orders database', 'breach'),
          ],
          dependenciesOverall: 'breach',
          rollup: { overall: 'breach', drivenBy: 'resource:default/orders-db' },
        })}
      />,
      { api: mockDrApi() },
    );

    const header = await screen.findByRole('group', {
      name: 'DR posture of the system, rolled up over its parts',
    });
    expect(within(header).getByText('Breach')).toBeInTheDocument();
    expect(header).toHaveTextContent('Driven by Orders database');
    expect(
      within(header).getByRole('link', { name: 'Orders database' }),
    ).toHaveAttribute('href', '/catalog/default/resource/orders-db/dr');
    expect(header).not.toHaveTextContent('Judged by its parts');
  });

  it('says so when no part has a DR posture to roll up', async () => {
    renderDr(
      <SystemDrContent
        entityRef={SHOP}
        now={Date.now()}
        posture={postureFixture({
          entityRef: SHOP,
          overall: 'none',
          dependencies: [part('docs-site', 'Docs site', 'none')],
          dependenciesOverall: 'none',
          rollup: { overall: 'none', drivenBy: null },
        })}
      />,
      { api: mockDrApi() },
    );

    const header = await screen.findByRole('group', {
      name: 'DR posture of the system, rolled up over its parts',
    });
    expect(header).toHaveTextContent(
      'No part of this system has a DR posture yet',
    );
    expect(within(header).queryByRole('link')).toBeNull();
  });
});
