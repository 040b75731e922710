/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { fireEvent, screen } from '@testing-library/react';
import type { EntityPosture } from '@dr-suite/backstage-plugin-dr-common';
import {
  ORDERS_REF,
  backupFixture,
  mockDrApi,
} from '../../__testUtils__/fixtures';
import { renderDr } from '../../__testUtils__/render';
import { drApiRef } from '../../api';
import { PointInTimePicker, validatePointInTime } from './PointInTimePicker';
import { formatInZone, requesterTimeZone } from './pointInTimeWindow';
import type { PointInTimePickerProps } from './schema';

const FROM = '2026-11-30T02:00:00.000Z';
const TO = '2026-11-30T09:45:00.000Z';
const base = backupFixture(0, {
  id: 'base-1',
  key: 'orders-db/base_20261130_020000/',
  name: 'base_20261130_020000',
  completedAt: '2026-11-30T02:05:00.000Z',
});

function api() {
  const drApi = mockDrApi();
  drApi.getPosture.mockResolvedValue({
    sources: [
      {
        sourceId: 'demo',
        selector: 'orders-db/',
        recoveryWindow: { from: FROM, to: TO, walPrefix: 'orders-db/wal/' },
      },
    ],
  } as unknown as EntityPosture);
  drApi.getBackups.mockResolvedValue({ items: [base], nextCursor: null });
  return drApi;
}

function fieldProps(formData?: { targetTime: string }, onChange = jest.fn()) {
  return {
    formData,
    onChange,
    rawErrors: [],
    schema: { title: 'Recover to a point in time' },
    uiSchema: { 'ui:options': {} },
    formContext: { formData: { entityRef: ORDERS_REF, backupId: 'base-1' } },
  } as unknown as PointInTimePickerProps;
}

describe('PointInTimePicker', () => {
  const zone = requesterTimeZone();

  it("shows the chosen base backup's recovery window in the requester's time zone", async () => {
    const onChange = jest.fn();
    renderDr(<PointInTimePicker {...fieldProps(undefined, onChange)} />, {
      api: api(),
    });
    expect(
      await screen.findByText(
        `Recovery window: ${formatInZone(FROM, zone)} to ${formatInZone(
          TO,
          zone,
        )} (${zone}). Leave empty to restore the backup as it is.`,
      ),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Recover to a point in time'), {
      target: { value: '2026-11-30T05:30:15' },
    });
    // The time as entered, with the requester's offset.
    const sent = onChange.mock.calls[0][0].targetTime as string;
    expect(sent).toMatch(/^2026-11-30T05:30:15[+-]\d{2}:\d{2}$/);
  });

  it('says at once when the time lies outside the window, and refuses it before filing', async () => {
    const late = { targetTime: '2026-11-30T11:00:00+00:00' };
    renderDr(<PointInTimePicker {...fieldProps(late)} />, { api: api() });
    const message = `Pick a time inside the recovery window, ${formatInZone(
      FROM,
      zone,
    )} to ${formatInZone(TO, zone)} (${zone}).`;
    expect(await screen.findByText(message)).toBeInTheDocument();

    const addError = jest.fn();
    const drApi = api();
    const context = {
      apiHolder: {
        get: (ref: unknown) => (ref === drApiRef ? drApi : undefined),
      },
      formData: { entityRef: ORDERS_REF, backupId: { id: 'base-1' } },
      schema: {},
    } as any;
    await validatePointInTime(late, { addError } as any, context);
    expect(addError).toHaveBeenCalledWith(message);
    addError.mockClear();
    await validatePointInTime(
      { targetTime: '2026-11-30T05:00:00+00:00' },
      { addError } as any,
      context,
    );
    expect(addError).not.toHaveBeenCalled();
  });
});
