/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ReactElement } from 'react';
import { act, type RenderResult } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import {
  createFrontendPlugin,
  createRouteRef,
} from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  type SignalApi,
  signalApiRef,
} from '@backstage/plugin-signals-react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import type { DrApi } from '@dr-suite/backstage-plugin-dr-common';
import { drApiRef } from '../api';
import { rootRouteRef, scaffolderTemplateRouteRef } from '../routes';

type Decision = Awaited<ReturnType<PermissionApi['authorize']>>;

/** A permission API denying the named permissions and allowing the rest. */
function permissionApi(deny: string[]) {
  return {
    // The plugin does not depend on plugin-permission-common, home of the
    // AuthorizeResult enum, so the enum's string values are written out.
    authorize: jest.fn(
      async (request: Parameters<PermissionApi['authorize']>[0]) =>
        ({
          result: deny.includes(request.permission.name) ? 'DENY' : 'ALLOW',
        } as unknown as Decision),
    ),
  };
}

/**
 * Stands in for the scaffolder's template page, the default target of the
 * DR plugin's template links; mounted with the test app's routes.
 */
const selectedTemplateRouteRef = createRouteRef({
  params: ['namespace', 'templateName'],
});
const fakeScaffolderPlugin = createFrontendPlugin({
  pluginId: 'scaffolder',
  routes: { selectedTemplate: selectedTemplateRouteRef },
});

/** Declares the DR plugin's external routes, bound by their default targets. */
const drRoutesPlugin = createFrontendPlugin({
  pluginId: 'dr',
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
});

/** Options of {@link renderDr}. */
export interface RenderDrOptions {
  api: DrApi;
  /** Renders inside an entity page of this entity. */
  entity?: Entity;
  /** Permissions the permission framework denies; none by default. */
  deny?: string[];
  initialRouteEntries?: string[];
  /** Signals the page subscribes to; see {@link testSignalApi}. */
  signals?: SignalApi;
}

/**
 * A signals API whose signals a test pushes itself, as the signals plugin
 * delivers what a backend publishes.
 */
export function testSignalApi() {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  return {
    subscribe(channel: string, onMessage: (message: any) => void) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage) };
    },
    push(channel: string, message: object) {
      act(() => subscribers.get(channel)?.forEach(f => f(message)));
    },
  };
}

/**
 * Renders a DR component in a test app with the DR API, permissions, a
 * catalog and the routes it links to. Returns the render result and the
 * permission API's `authorize` mock.
 */
export function renderDr(
  element: ReactElement,
  options: RenderDrOptions,
): RenderResult & { authorize: jest.Mock } {
  const { api, entity, deny = [] } = options;
  const permissions = permissionApi(deny);
  const rendered = renderInTestApp(
    entity ? (
      <EntityProvider entity={entity}>{element}</EntityProvider>
    ) : (
      element
    ),
    {
      apis: [
        [drApiRef, api],
        [
          catalogApiRef,
          catalogApiMock.mock({
            getEntityFacets: jest.fn(async () => ({ facets: {} })),
          }),
        ],
        [permissionApiRef, permissions],
        ...(options.signals
          ? [[signalApiRef, options.signals] as const]
          : []),
      ],
      mountedRoutes: {
        '/dr': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/create/templates/:namespace/:templateName': selectedTemplateRouteRef,
      },
      features: [fakeScaffolderPlugin, drRoutesPlugin],
      initialRouteEntries: options.initialRouteEntries,
    },
  );
  return { ...rendered, authorize: permissions.authorize };
}

/**
 * A user-event instance for the DR tests: no pause between keystrokes, and no
 * `pointer-events` check, which reads the computed style of the target and
 * every ancestor through jsdom, matching each against all of MUI's style
 * rules, and made a single click cost hundreds of milliseconds on a busy
 * machine. Tests assert `toBeDisabled()` where clickability matters.
 */
export function setupUser() {
  return userEvent.setup({
    delay: null,
    pointerEventsCheck: PointerEventsCheckLevel.Never,
  });
}
