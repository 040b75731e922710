/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { emptyDrillForm, toDrillInput, toLocalInput } from './drillForm';

describe('toDrillInput', () => {
  const now = Date.parse('2026-03-12T10:00:00Z');
  const form = {
    ...emptyDrillForm(now, 'database-corruption'),
    startedAt: toLocalInput(Date.parse('2026-03-12T08:00:00Z')),
    completedAt: toLocalInput(Date.parse('2026-03-12T08:40:00Z')),
  };

  it('turns the form into a drill, leaving empty optional fields out', () => {
    expect(toDrillInput(form, now)).toEqual({
      errors: {},
      input: {
        scenario: 'database-corruption',
        startedAt: '2026-03-12T08:00:00.000Z',
        completedAt: '2026-03-12T08:40:00.000Z',
        outcome: 'succeeded',
      },
    });
  });

  it('parses durations and splits people and action items', () => {
    const { input } = toDrillInput(
      {
        ...form,
        outcome: 'failed',
        measuredRto: '35m',
        measuredRpo: 'PT6M',
        participants: 'user:default/alice, bob ,',
        notes: '  Key missing from the vault ',
        actionItems: 'Move the key\n\n  Re-run the drill \n',
      },
      now,
    );
    expect(input).toEqual(
      expect.objectContaining({
        outcome: 'failed',
        measuredRtoSeconds: 2100,
        measuredRpoSeconds: 360,
        participants: ['user:default/alice', 'bob'],
        notes: 'Key missing from the vault',
        actionItems: ['Move the key', 'Re-run the drill'],
      }),
    );
  });

  it('says what to fix', () => {
    expect(
      toDrillInput(
        {
          ...form,
          scenario: ' ',
          completedAt: form.startedAt,
          measuredRto: 'soon',
        },
        now,
      ),
    ).toEqual({
      errors: {
        scenario: 'Say which failure scenario was drilled.',
        completedAt: 'The drill must end after it started.',
        measuredRto: 'Use a duration such as 45m, 1h30m or PT45M.',
      },
    });
    expect(
      toDrillInput({ ...form, completedAt: toLocalInput(now + 3600_000) }, now)
        .errors,
    ).toEqual({ completedAt: 'A drill cannot end in the future.' });
  });
});
