/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, waitFor, within } from '@testing-library/react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
// The demo templates as shipped (they belong to no package). The CLI's jest
// transform reads a YAML file as the object it holds (its type declaration
// says string, as webpack serves it).
import '@backstage/cli/asset-types';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import restoreToStagingYaml from '../../../examples/templates/restore-to-staging.yaml';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import drDrillYaml from '../../../examples/templates/dr-drill.yaml';
import { ORDERS_REF, backupFixture, mockDrApi } from './__testUtils__/fixtures';
import { renderDr, setupUser } from './__testUtils__/render';
import { BackupPicker } from './components/BackupPicker';
import { PointInTimePicker } from './components/PointInTimePicker';
import { RestoreTargetPicker } from './components/RestoreTargetPicker';

type Values = Record<string, unknown>;

interface Template {
  metadata: { title: string };
  spec: {
    parameters: Array<Values & { title: string }>;
    steps: Array<{ input: Values }>;
  };
}

/** The template as the scaffolder's form gets it from the backend. */
function manifestOf(template: Template) {
  type Manifest = Parameters<typeof Stepper>[0]['manifest'];
  return {
    title: template.metadata.title,
    steps: template.spec.parameters.map(schema => ({
      title: schema.title,
      schema,
    })),
  } as Manifest;
}

/** A step input `${{ parameters.a.b }}` as the scaffolder resolves it. */
function resolveInput(input: unknown, parameters: Values): unknown {
  const match =
    typeof input === 'string' &&
    input.match(/^\$\{\{\s*parameters\.([\w.]+)\s*\}\}$/);
  if (!match) return input;
  return match[1]
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object' ? (value as Values)[key] : undefined,
      parameters,
    );
}

function drApiWithOrdersBackups() {
  const api = mockDrApi();
  api.getRestoreOptions.mockImplementation(async query => ({
    targets: [
      {
        id: 'orders-staging',
        kind: 'postgres',
        title: 'Orders staging database',
        environment: 'staging',
      },
    ],
    // Every backup the picker asks about can restore there.
    backups: ([query.backupId ?? []].flat() as string[]).map(backupId => ({
      backupId,
      restorable: true,
    })),
  }));
  api.getBackups.mockResolvedValue({
    items: [backupFixture(0), backupFixture(1)],
    nextCursor: null,
  });
  return api;
}

describe.each([
  ['restore-to-staging', restoreToStagingYaml],
  ['dr-drill', drDrillYaml],
])('the %s template', (_name, yaml) => {
  const template = yaml as unknown as Template;
  // The stepper scrolls to the top on each step; jsdom has no scrolling.
  beforeEach(() => {
    jest.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });

  it('reviews the restore target by its title and the backup by its name, time and size, and files their ids', async () => {
    const user = setupUser();
    const onCreate = jest.fn(async (_values: Values) => {});
    renderDr(
      <Stepper
        manifest={manifestOf(template)}
        extensions={[
          { name: 'RestoreTargetPicker', component: RestoreTargetPicker },
          { name: 'BackupPicker', component: BackupPicker },
          { name: 'PointInTimePicker', component: PointInTimePicker },
        ]}
        initialState={{ entityRef: ORDERS_REF }}
        onCreate={onCreate}
      />,
      { api: drApiWithOrdersBackups() },
    );

    const target = await screen.findByRole('button', {
      name: /Restore target/,
    });
    await waitFor(() => expect(target).not.toHaveAttribute('aria-disabled'));
    await user.click(target);
    await user.click(
      screen.getByRole('option', { name: /Orders staging database/ }),
    );
    const backup = screen.getByRole('button', { name: /^Backup/ });
    await waitFor(() => expect(backup).not.toHaveAttribute('aria-disabled'));
    await user.click(backup);
    await user.click(screen.getAllByRole('option')[0]);

    // Through the steps to the review.
    for (;;) {
      const reason = screen.queryByRole('textbox', { name: /Reason/ });
      if (reason) await user.type(reason, 'Look at the review');
      const review = screen.queryByRole('button', { name: 'Review' });
      if (review) {
        await user.click(review);
        break;
      }
      await user.click(screen.getByRole('button', { name: 'Next' }));
    }

    const table = await screen.findByRole('table');
    const row = (label: string) =>
      within(table)
        .getAllByRole('row')
        .find(r => within(r).queryByText(label, { exact: true }));
    expect(row('Restore target')).toHaveTextContent('Orders staging database');
    expect(row('Backup')).toHaveTextContent('orders_full_0.sql.gz');
    expect(row('Backup taken')).toHaveTextContent(/\d{1,2}:\d\d/);
    expect(row('Backup size')).toHaveTextContent('12.3 MB');
    // No id or hash anywhere in the review.
    expect(table).not.toHaveTextContent('orders-staging');
    expect(table).not.toHaveTextContent('backup-0');

    // The restore request still gets the ids.
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onCreate).toHaveBeenCalled());
    const parameters = onCreate.mock.calls[0][0];
    const input = template.spec.steps[0].input;
    expect(resolveInput(input.targetId, parameters)).toBe('orders-staging');
    expect(resolveInput(input.backupId, parameters)).toBe('backup-0');
  });
});
