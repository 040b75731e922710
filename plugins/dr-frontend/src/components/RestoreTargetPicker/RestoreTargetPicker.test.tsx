/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { screen, waitFor } from '@testing-library/react';
import { ORDERS_REF, mockDrApi } from '../../__testUtils__/fixtures';
import { renderDr, setupUser } from '../../__testUtils__/render';
import { RestoreTargetPicker } from './RestoreTargetPicker';
import type { RestoreTargetPickerProps } from './schema';

function fieldProps(options: {
  formData?: string | { id: string };
  type?: 'string' | 'object';
  entityRef?: string;
  onChange?: jest.Mock;
}): RestoreTargetPickerProps {
  return {
    formData: options.formData,
    onChange: options.onChange ?? jest.fn(),
    required: true,
    rawErrors: [],
    schema: { title: 'Restore target', type: options.type ?? 'string' },
    uiSchema: { 'ui:options': {} },
    formContext: { formData: { entityRef: options.entityRef } },
    idSchema: { $id: 'root_targetId' },
  } as unknown as RestoreTargetPickerProps;
}

describe('RestoreTargetPicker', () => {
  let user: ReturnType<typeof setupUser>;
  beforeEach(() => {
    user = setupUser();
  });

  it('offers only the targets that accept the entity, with none chosen for the user', async () => {
    const api = mockDrApi();
    api.getRestoreOptions.mockResolvedValue({
      targets: [
        {
          id: 'orders-staging',
          kind: 'postgres',
          title: 'Orders staging database',
          environment: 'staging',
        },
        {
          id: 'shared-sandbox',
          kind: 'postgres',
          title: 'Shared sandbox',
          environment: 'sandbox',
        },
      ],
      backups: [],
    });
    const onChange = jest.fn();
    renderDr(
      <RestoreTargetPicker
        {...fieldProps({ entityRef: ORDERS_REF, onChange })}
      />,
      { api },
    );
    const select = await screen.findByRole('button', {
      name: /Restore target/,
    });
    await waitFor(() => expect(select).not.toHaveAttribute('aria-disabled'));
    expect(select).not.toHaveTextContent(/staging|sandbox/i);
    expect(onChange).not.toHaveBeenCalled();
    expect(api.getRestoreOptions).toHaveBeenCalledWith({
      entityRef: ORDERS_REF,
      kind: 'postgres',
    });
    await user.click(select);
    const options = screen.getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Orders staging databasestaging · orders-staging',
      'Shared sandboxsandbox · shared-sandbox',
    ]);
    await user.click(options[1]);
    expect(onChange).toHaveBeenCalledWith('shared-sandbox');
  });

  it('as an object field, holds the target’s title for the review step, and shows the chosen one by it', async () => {
    const api = mockDrApi();
    api.getRestoreOptions.mockResolvedValue({
      targets: [
        {
          id: 'orders-staging',
          kind: 'postgres',
          title: 'Orders staging database',
          environment: 'staging',
        },
      ],
      backups: [],
    });
    const onChange = jest.fn();
    const first = renderDr(
      <RestoreTargetPicker
        {...fieldProps({ entityRef: ORDERS_REF, onChange, type: 'object' })}
      />,
      { api },
    );
    const select = await screen.findByRole('button', {
      name: /Restore target/,
    });
    await waitFor(() => expect(select).not.toHaveAttribute('aria-disabled'));
    await user.click(select);
    await user.click(screen.getByRole('option'));
    expect(onChange).toHaveBeenCalledWith({
      id: 'orders-staging',
      title: 'Orders staging database',
    });
    first.unmount();

    renderDr(
      <RestoreTargetPicker
        {...fieldProps({
          entityRef: ORDERS_REF,
          type: 'object',
          formData: { id: 'orders-staging' },
        })}
      />,
      { api },
    );
    expect(
      await screen.findByRole('button', { name: /Orders staging database/ }),
    ).toBeInTheDocument();
  });

  it('says when no target accepts the entity, and asks for the entity first', async () => {
    const api = mockDrApi();
    api.getRestoreOptions.mockResolvedValue({ targets: [], backups: [] });
    const first = renderDr(<RestoreTargetPicker {...fieldProps({})} />, {
      api,
    });
    expect(
      await screen.findByText(
        'Choose the entity first; the targets that accept it are listed here.',
      ),
    ).toBeInTheDocument();
    expect(api.getRestoreOptions).not.toHaveBeenCalled();
    first.unmount();
    renderDr(
      <RestoreTargetPicker {...fieldProps({ entityRef: ORDERS_REF })} />,
      {
        api,
      },
    );
    expect(
      await screen.findByText(
        `No postgres restore target accepts ${ORDERS_REF}; ask the platform team to allow it on one (dr.restoreTargets.<id>.allowedEntities).`,
      ),
    ).toBeInTheDocument();
  });
});
