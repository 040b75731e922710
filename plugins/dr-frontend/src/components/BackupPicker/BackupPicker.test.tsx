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
  formData?: string | { id: string };
  type?: 'string' | 'object';
  entityRef?: string;
  targetId?: string | { id: string; title: string };
  uiOptions?: BackupPickerUiOptions;
  onChange?: jest.Mock;
}): BackupPickerProps {
  return {
    formData: options.formData,
    onChange: options.onChange ?? jest.fn(),
    required: true,
    rawErrors: [],
    schema: {
      title: 'Backup',
      description: 'The backup to restore',
      type: options.type ?? 'string',
    },
    uiSchema: { 'ui:options': options.uiOptions ?? {} },
    formContext: {
      formData: { entityRef: options.entityRef, targetId: options.targetId },
    },
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

  it('as an object field, holds the backup’s name, time and size for the review step', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({
      items: [backupFixture(0), backupFixture(1)],
      nextCursor: null,
    });
    const onChange = jest.fn();
    renderDr(
      <BackupPicker
        {...fieldProps({ entityRef: ORDERS_REF, onChange, type: 'object' })}
      />,
      { api },
    );

    const select = await screen.findByRole('button', { name: /Backup/ });
    await waitFor(() => expect(select).not.toHaveAttribute('aria-disabled'));
    await user.click(select);
    await user.click(screen.getAllByRole('option')[1]);

    expect(onChange).toHaveBeenCalledWith({
      id: backupFixture(1).id,
      name: 'orders_full_1.sql.gz',
      takenAt: expect.stringMatching(/\d/),
      size: '12.3 MB',
    });
  });

  it('shows the chosen backup of an object field by its name', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({
      items: [backupFixture(0), backupFixture(1)],
      nextCursor: null,
    });
    renderDr(
      <BackupPicker
        {...fieldProps({
          entityRef: ORDERS_REF,
          type: 'object',
          formData: { id: backupFixture(1).id },
        })}
      />,
      { api },
    );

    expect(
      await screen.findByRole('button', { name: /orders_full_1\.sql\.gz/ }),
    ).toBeInTheDocument();
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

  it('offers only the backups the backend says can restore into the chosen target, and says how many it left out', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({
      items: [backupFixture(0), backupFixture(1), backupFixture(2)],
      nextCursor: null,
    });
    api.getRestoreOptions.mockResolvedValue({
      targets: [],
      backups: [
        { backupId: 'backup-0', restorable: true },
        {
          backupId: 'backup-1',
          restorable: false,
          reason: 'The backup orders_full_1.sql.gz is a Redis RDB snapshot',
        },
        { backupId: 'backup-2', restorable: true, pointInTime: true },
      ],
    });
    renderDr(
      <BackupPicker
        {...fieldProps({
          entityRef: ORDERS_REF,
          targetId: 'orders-staging',
          uiOptions: { targetIdField: 'targetId' },
        })}
      />,
      { api },
    );
    expect(
      await screen.findByText(
        '1 backup that cannot restore into orders-staging is not offered (a WAL segment, another format, a wrong key, flagged suspicious).',
      ),
    ).toBeInTheDocument();
    expect(api.getRestoreOptions).toHaveBeenCalledWith({
      entityRef: ORDERS_REF,
      kind: 'postgres',
      targetId: 'orders-staging',
      backupId: ['backup-0', 'backup-1', 'backup-2'],
    });
    await user.click(screen.getByRole('button', { name: /Backup/ }));
    const options = screen.getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      expect.stringContaining('orders_full_0.sql.gz'),
      expect.stringContaining('orders_full_2.sql.gz'),
    ]);
  });

  it('judges the backups against the target of an object-typed target field', async () => {
    const api = mockDrApi();
    api.getBackups.mockResolvedValue({
      items: [backupFixture(0)],
      nextCursor: null,
    });
    api.getRestoreOptions.mockResolvedValue({
      targets: [],
      backups: [{ backupId: 'backup-0', restorable: true }],
    });
    renderDr(
      <BackupPicker
        {...fieldProps({
          entityRef: ORDERS_REF,
          targetId: { id: 'orders-staging', title: 'Orders staging database' },
          uiOptions: { targetIdField: 'targetId' },
        })}
      />,
      { api },
    );
    const select = await screen.findByRole('button', { name: /Backup/ });
    await waitFor(() => expect(select).not.toHaveAttribute('aria-disabled'));
    expect(api.getRestoreOptions).toHaveBeenCalledWith({
      entityRef: ORDERS_REF,
      kind: 'postgres',
      targetId: 'orders-staging',
      backupId: ['backup-0'],
    });
  });

  it('asks for the restore target first when it judges backups against one', async () => {
    const api = mockDrApi();
    renderDr(
      <BackupPicker
        {...fieldProps({
          entityRef: ORDERS_REF,
          uiOptions: { targetIdField: 'targetId' },
        })}
      />,
      { api },
    );
    expect(
      await screen.findByText(
        'Choose the restore target first; only backups that can restore into it are listed.',
      ),
    ).toBeInTheDocument();
    expect(api.getBackups).not.toHaveBeenCalled();
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
