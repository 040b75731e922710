/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, within } from '@testing-library/react';
import {
  createFrontendModule,
  createTranslationMessages,
} from '@backstage/frontend-plugin-api';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { TranslationBlueprint } from '@backstage/plugin-app-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { drApiRef } from '@dr-suite/backstage-plugin-dr';
import drPlugin, {
  drTranslationRef,
} from '@dr-suite/backstage-plugin-dr/alpha';

/** An app's own wording for a few of the DR plugin's strings. */
const drInFrench = TranslationBlueprint.make({
  name: 'dr-fr',
  params: {
    resource: createTranslationMessages({
      ref: drTranslationRef,
      messages: {
        'auditPage.title': 'Audit PRA du catalogue',
        'auditPage.noObjectives': 'Aucune entité n’a encore d’objectifs PRA.',
      },
    }),
  },
});

describe('the DR plugin in an app', () => {
  it('shows the strings the app translated, and the plugin’s own for the rest', async () => {
    const emptyAudit = {
      items: [],
      totalCount: 0,
      summary: {
        total: 0,
        ok: 0,
        atRisk: 0,
        breach: 0,
        none: 0,
        criticalTier: { tier: 'tier-1', total: 0, rpoMet: 0, rtoMet: 0 },
      },
      syncedAt: null,
    };
    renderTestApp({
      features: [
        drPlugin,
        createFrontendModule({ pluginId: 'app', extensions: [drInFrench] }),
      ],
      apis: [
        [
          drApiRef,
          {
            getAudit: async () => emptyAudit,
            listApprovals: async () => ({ items: [], totalCount: 0 }),
          } as any,
        ],
        [catalogApiRef, catalogApiMock()],
        mockApis.permission(),
      ],
      initialRouteEntries: ['/dr'],
    });

    expect(
      await screen.findByText('Audit PRA du catalogue'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Aucune entité n’a encore d’objectifs PRA.'),
    ).toBeInTheDocument();
    // Untranslated strings keep the plugin's English.
    expect(
      screen.getByText(/Every entity with DR objectives/),
    ).toBeInTheDocument();
  });

  it('translates the approvals page and its tabs, and takes the page and nav title from the app’s config', async () => {
    const approvalsInFrench = TranslationBlueprint.make({
      name: 'dr-approvals-fr',
      params: {
        resource: createTranslationMessages({
          ref: drTranslationRef,
          messages: {
            'approvalsPage.title': 'Restaurations à approuver',
            'approvalsPage.backToAudit': 'Retour à l’audit PRA',
            'approvalsPage.tabs.waiting': 'En attente de moi',
            'approvalsPage.tabs.requested': 'Demandées par moi',
          },
        }),
      },
    });
    renderTestApp({
      features: [
        drPlugin,
        createFrontendModule({
          pluginId: 'app',
          extensions: [approvalsInFrench],
        }),
      ],
      // Page, nav item and entity tab titles are plain strings in the new
      // frontend system; an app words them per extension in its config.
      config: {
        app: { extensions: [{ 'page:dr': { config: { title: 'PRA' } } }] },
        backend: { baseUrl: 'http://localhost:7007' },
      },
      apis: [
        [
          drApiRef,
          {
            listApprovals: async () => ({ items: [], totalCount: 0 }),
          } as any,
        ],
        [catalogApiRef, catalogApiMock()],
        mockApis.permission(),
      ],
      initialRouteEntries: ['/dr/approvals'],
    });

    expect(
      await screen.findByRole('heading', { name: 'Restaurations à approuver' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Retour à l’audit PRA' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'En attente de moi' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Demandées par moi' }),
    ).toBeInTheDocument();
    // The sidebar's nav item and the page's header both say it.
    expect(
      within(screen.getByTestId('sidebar-root')).getByRole('link', {
        name: 'PRA',
      }),
    ).toHaveAttribute('href', '/dr');
    expect(
      within(screen.getByRole('navigation', { name: 'Breadcrumbs' })).getByRole(
        'link',
        { name: 'PRA' },
      ),
    ).toBeInTheDocument();
  });
});
