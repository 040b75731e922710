/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, waitFor, within } from '@testing-library/react';
import {
  ORDERS_REF,
  backupFixture,
  mockDrApi,
  responseError,
} from '../../__testUtils__/fixtures';
import { renderDr, setupUser } from '../../__testUtils__/render';
import { BackupPicker } from './BackupPicker';
import type { BackupPickerProps, BackupPickerUiOptions } from './schema';

/** The props the scaffolder's form gives a field, as far as the picker reads them. */
function fieldProps(options: {
  formData?: string;
  entityRef?: string;
  uiOptions?: BackupPickerUiOptions;
  onChange?: jest.Mock;
}): BackupPickerProps {
  return {
    formData: options.formData,
    onChange: options.onChange ?? jest.fn(),
    required: true,
    rawErrors: [],
    schema: { title: 'Backup', description: 'The backup to restore' },
    uiSchema: { 'ui:options': options.uiOptions ?? {} },
    formContext: { formData: { entityRef: options.entityRef } },
    idSchema: { $id: 'root_backupId' },
  } as unknown as BackupPickerProps;
}

const wal = (index: number) =>
  backupFixture(100 + index, {
    name: `00000001000000000000000${index}`,
    type: 'wal',
    sizeBytes: 16_000_000,
  });

describe('BackupPicker', () => {
  // A fresh user per test, fast on a busy machine (see setupUser).
  let user: ReturnType<typeof setupUser>;
  beforeEach(() => {
    user = setupUser();
  });

  it("lists the entity's restorable backups newest first, with type, age and size", async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({
      items: [backupFixture(0), backupFixture(1)],
      nextCursor: null,
    });
    const onChange = jest.fn();
    renderDr(
      <BackupPicker {...fieldProps({ entityRef: ORDERS_REF, onChange })} />,
      { api },
    );

    const select = await screen.findByRole('button', { name: /Backup/ });
    // The list can be opened once the backups are in.
    await waitFor(() => expect(select).not.toHaveAttribute('aria-disabled'));
    await user.click(select);
    const options = screen.getAllByRole('option');
    expect(options).toHaveLength(2);
    expect(options[0]).toHaveTextContent('orders_full_0.sql.gz');
    expect(options[0]).toHaveTextContent(/full · .* \(\d+ .*ago\) · 12.3 MB/);
    expect(options[1]).toHaveTextContent('orders_full_1.sql.gz');
    // The backend leaves out WAL segments, however many there are.
    expect(api.getBackups).toHaveBeenCalledWith(ORDERS_REF, {
      status: ['succeeded'],
      type: ['full', 'incremental', 'snapshot'],
      limit: 50,
    });

    await user.click(options[1]);
    expect(onChange).toHaveBeenCalledWith('backup-1');
  });

  it('takes the entity and the backup types from its options', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({ items: [wal(1)], nextCursor: null });
    renderDr(
      <BackupPicker
        {...fieldProps({
          formData: 'backup-101',
          uiOptions: {
            entityRef: 'resource:default/orders-db',
            types: ['wal'],
          },
        })}
      />,
      { api },
    );

    expect(
      await screen.findByRole('button', { name: new RegExp(wal(1).name) }),
    ).toBeInTheDocument();
    expect(api.getBackups).toHaveBeenCalledWith('resource:default/orders-db', {
      status: ['succeeded'],
      type: ['wal'],
      limit: 50,
    });
  });

  it('asks for the entity first', async () => {
    const api = mockDrApi();
    renderDr(<BackupPicker {...fieldProps({})} />, { api });

    expect(
      await screen.findByText(
        'Choose the entity first; its backups are listed here.',
      ),
    ).toBeInTheDocument();
    expect(api.getBackups).not.toHaveBeenCalled();
  });

  it('says when there is nothing to restore, and when the backups cannot be listed', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValueOnce({ items: [], nextCursor: null });
    const { unmount } = renderDr(
      <BackupPicker {...fieldProps({ entityRef: ORDERS_REF })} />,
      { api },
    );
    expect(
      await screen.findByText(
        `${ORDERS_REF} has no successful full, incremental, snapshot backup to restore.`,
      ),
    ).toBeInTheDocument();
    unmount();

    api.getBackups.mockRejectedValueOnce(await responseError(403, 'denied'));
    renderDr(<BackupPicker {...fieldProps({ entityRef: ORDERS_REF })} />, {
      api,
    });
    const message = await screen.findByText(
      `Could not list the backups of ${ORDERS_REF}: denied`,
    );
    expect(within(message.parentElement!).getByRole('button')).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });
});
