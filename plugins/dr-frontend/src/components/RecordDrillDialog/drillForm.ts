/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  parseDuration,
  type DrillInput,
  type DrillOutcome,
} from '@dr-suite/backstage-plugin-dr-common';

/** What the "Record a drill" form holds, as typed. */
export interface DrillForm {
  scenario: string;
  /** `datetime-local` values, in the reader's time zone. */
  startedAt: string;
  completedAt: string;
  outcome: DrillOutcome;
  measuredRto: string;
  measuredRpo: string;
  participants: string;
  notes: string;
  actionItems: string;
}

/** Form fields that can be wrong. */
export type DrillFormErrors = Partial<Record<keyof DrillForm, string>>;

/** A `datetime-local` value for a time, in the reader's time zone. */
export function toLocalInput(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An empty form: a drill of the last hour that succeeded. */
export function emptyDrillForm(now: number, scenario = ''): DrillForm {
  return {
    scenario,
    startedAt: toLocalInput(now - 3600_000),
    completedAt: toLocalInput(now),
    outcome: 'succeeded',
    measuredRto: '',
    measuredRpo: '',
    participants: '',
    notes: '',
    actionItems: '',
  };
}

function optionalDuration(
  text: string,
  field: keyof DrillForm,
  errors: DrillFormErrors,
): number | undefined {
  if (!text.trim()) {
    return undefined;
  }
  try {
    return parseDuration(text);
  } catch {
    errors[field] = 'Use a duration such as 45m, 1h30m or PT45M.';
    return undefined;
  }
}

/**
 * Turns the form into the body of `POST .../drills`, or says what to fix.
 * Empty optional fields are left out so the backend's defaults apply.
 */
export function toDrillInput(
  form: DrillForm,
  now: number = Date.now(),
): { input?: DrillInput; errors: DrillFormErrors } {
  const errors: DrillFormErrors = {};
  const scenario = form.scenario.trim();
  if (!scenario) {
    errors.scenario = 'Say which failure scenario was drilled.';
  }
  const started = Date.parse(form.startedAt);
  const completed = Date.parse(form.completedAt);
  if (Number.isNaN(started)) {
    errors.startedAt = 'Enter when the drill started.';
  }
  if (Number.isNaN(completed)) {
    errors.completedAt = 'Enter when the drill ended.';
  } else if (completed > now + 60_000) {
    errors.completedAt = 'A drill cannot end in the future.';
  } else if (!Number.isNaN(started) && completed <= started) {
    errors.completedAt = 'The drill must end after it started.';
  }
  const measuredRtoSeconds = optionalDuration(
    form.measuredRto,
    'measuredRto',
    errors,
  );
  const measuredRpoSeconds = optionalDuration(
    form.measuredRpo,
    'measuredRpo',
    errors,
  );
  if (Object.keys(errors).length) {
    return { errors };
  }
  const participants = form.participants
    .split(',')
    .map(p => p.trim())
    .filter(Boolean);
  const actionItems = form.actionItems
    .split('\n')
    .map(item => item.trim())
    .filter(Boolean);
  const notes = form.notes.trim();
  return {
    errors,
    input: {
      scenario,
      startedAt: new Date(started).toISOString(),
      completedAt: new Date(completed).toISOString(),
      outcome: form.outcome,
      ...(measuredRtoSeconds !== undefined && { measuredRtoSeconds }),
      ...(measuredRpoSeconds !== undefined && { measuredRpoSeconds }),
      ...(participants.length > 0 && { participants }),
      ...(notes !== '' && { notes }),
      ...(actionItems.length > 0 && { actionItems }),
    },
  };
}
