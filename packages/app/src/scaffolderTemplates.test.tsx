/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screen, waitFor } from '@testing-library/react';
import { parse } from 'yaml';
import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  MockStarredEntitiesApi,
  catalogApiRef,
  entityRouteRef,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';

const ROOT = resolve(__dirname, '../../..');

/** The example templates, as the catalog serves them. */
const templates = ['restore-to-staging', 'dr-drill', 'dr-restore-execute'].map(
  name =>
    parse(
      readFileSync(resolve(ROOT, `examples/templates/${name}.yaml`), 'utf8'),
    ),
);

type JsonObject = NonNullable<
  NonNullable<Parameters<typeof renderTestApp>[0]>['config']
>;

/** The scaffolder's extension settings of the demo app's app-config.yaml. */
function scaffolderExtensionConfig(): JsonObject[] {
  const appConfig = parse(
    readFileSync(resolve(ROOT, 'app-config.yaml'), 'utf8'),
  );
  return (appConfig.app.extensions as JsonObject[]).filter(extension =>
    Object.keys(extension).some(id => id.includes(':scaffolder')),
  );
}

describe('the template list of the demo app', () => {
  it('offers the DR templates people start, not the execution template the backend starts', async () => {
    renderTestApp({
      features: [scaffolderPlugin],
      config: {
        app: { extensions: scaffolderExtensionConfig() },
        backend: { baseUrl: 'http://localhost:7007' },
      },
      apis: [
        [catalogApiRef, catalogApiMock({ entities: templates })],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: ['/create/templates'],
    });

    // The list renders once with every template the filter lets through; the
    // app boots first, which takes a few seconds on a busy machine.
    await waitFor(
      () => expect(screen.getByText('Restore to staging')).toBeInTheDocument(),
    );
    expect(screen.getByText('Run a DR drill')).toBeInTheDocument();
    expect(screen.queryByText(/DR restore execution/)).not.toBeInTheDocument();
  });
});
