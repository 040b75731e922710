/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  drillConfirmation,
  emptyDrillForm,
  toDrillInput,
  toLocalInput,
} from './drillForm';

describe('toDrillInput', () => {
  const now = Date.parse('2026-03-12T10:00:00Z');
  const form = {
    ...emptyDrillForm(),
    scenario: 'database-corruption',
    startedAt: toLocalInput(Date.parse('2026-03-12T08:00:00Z')),
    completedAt: toLocalInput(Date.parse('2026-03-12T08:40:00Z')),
    outcome: 'succeeded' as const,
    evidenceUrl: 'https://runbooks.example.com/drills/42',
  };

  it('starts empty: nothing a single click could record', () => {
    expect(toDrillInput(emptyDrillForm(), now)).toEqual({
      errors: {
        scenario: 'Say which failure scenario was drilled.',
        startedAt: 'Enter when the drill started.',
        completedAt: 'Enter when the drill ended.',
        outcome: 'Say how the drill ended.',
        evidenceUrl:
          'Link the evidence (runbook log, ticket, recording) or describe what was done in the notes.',
      },
    });
  });

  it('needs an http(s) evidence link or notes', () => {
    expect(
      toDrillInput({ ...form, evidenceUrl: 'file:///etc/passwd' }, now).errors,
    ).toEqual({ evidenceUrl: 'Use an http or https link.' });
    const { input } = toDrillInput(
      { ...form, evidenceUrl: '', notes: 'Failed over by hand' },
      now,
    );
    expect(input).toMatchObject({ notes: 'Failed over by hand' });
    expect(input).not.toHaveProperty('evidenceUrl');
  });

  it('sums the drill up in one sentence to confirm', () => {
    expect(
      drillConfirmation(
        toDrillInput(
          { ...form, scenario: 'region-loss', measuredRto: '42m' },
          now,
        ).input!,
      ),
    ).toBe(
      'Record a succeeded drill of region-loss: 42 min, evidence https://runbooks.example.com/drills/42',
    );
    expect(
      drillConfirmation(
        toDrillInput(
          { ...form, outcome: 'failed', evidenceUrl: '', notes: 'By hand' },
          now,
        ).input!,
      ),
    ).toBe(
      'Record a failed drill of database-corruption: 40 min, notes: “By hand”',
    );
  });

  it('turns the form into a drill, leaving empty optional fields out', () => {
    expect(toDrillInput(form, now)).toEqual({
      errors: {},
      input: {
        scenario: 'database-corruption',
        startedAt: '2026-03-12T08:00:00.000Z',
        completedAt: '2026-03-12T08:40:00.000Z',
        outcome: 'succeeded',
        evidenceUrl: 'https://runbooks.example.com/drills/42',
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
