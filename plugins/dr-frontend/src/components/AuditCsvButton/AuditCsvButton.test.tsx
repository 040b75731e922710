/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen } from '@testing-library/react';
import type { AuditQuery } from '@dr-suite/backstage-plugin-dr-common';
import { mockDrApi } from '../../__testUtils__/fixtures';
import { renderDr, setupUser } from '../../__testUtils__/render';
import { AuditCsvButton } from './AuditCsvButton';

const query: AuditQuery = {
  owner: [],
  kind: [],
  tier: [],
  overall: [],
  orderBy: 'entity',
  order: 'asc',
};

// DrAuditPage.test.tsx exports the audit as a user who may read it.
describe('AuditCsvButton', () => {
  it('is disabled, saying why, for users who may not read the audit', async () => {
    const user = setupUser();
    const api = mockDrApi();
    renderDr(<AuditCsvButton query={query} forbidden />, { api });

    const button = await screen.findByRole('button', { name: 'Export CSV' });
    expect(button).toBeDisabled();
    await user.hover(button.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Exporting the DR audit is restricted to the platform team (permission dr.audit.read).',
    );
    expect(api.getAuditCsv).not.toHaveBeenCalled();
  });
});
