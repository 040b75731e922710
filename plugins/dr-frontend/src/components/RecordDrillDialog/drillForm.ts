/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  formatDuration,
  parseDuration,
  type DrillInput,
} from '@dr-suite/backstage-plugin-dr-common';

/** What the "Record a drill" form holds, as typed. */
export interface DrillForm {
  scenario: string;
  /** `datetime-local` values, in the reader's time zone. */
  startedAt: string;
  completedAt: string;
  /** Empty until the user says how the drill ended. */
  outcome: '' | 'succeeded' | 'failed';
  measuredRto: string;
  measuredRpo: string;
  participants: string;
  notes: string;
  /** A link to what proves the drill happened; this or notes is required. */
  evidenceUrl: string;
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

/**
 * An empty form. Nothing is pre-filled: a drill is recorded only from what
 * the user says happened, never from defaults one click would accept.
 */
export function emptyDrillForm(): DrillForm {
  return {
    scenario: '',
    startedAt: '',
    completedAt: '',
    outcome: '',
    measuredRto: '',
    measuredRpo: '',
    participants: '',
    notes: '',
    evidenceUrl: '',
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
  if (!form.outcome) {
    errors.outcome = 'Say how the drill ended.';
  }
  const evidenceUrl = form.evidenceUrl.trim();
  if (evidenceUrl && !/^https?:\/\/[^\s]+$/i.test(evidenceUrl)) {
    errors.evidenceUrl = 'Use an http or https link.';
  } else if (!evidenceUrl && !form.notes.trim()) {
    errors.evidenceUrl =
      'Link the evidence (runbook log, ticket, recording) or describe what was done in the notes.';
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
  if (Object.keys(errors).length || !form.outcome) {
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
      ...(evidenceUrl !== '' && { evidenceUrl }),
      ...(actionItems.length > 0 && { actionItems }),
    },
  };
}

/**
 * What the user is about to record, in one sentence to confirm, e.g.
 * `Record a succeeded drill of region-loss: 42 min, evidence https://…`.
 */
export function drillConfirmation(input: DrillInput): string {
  const rtoSeconds =
    input.measuredRtoSeconds ??
    Math.round(
      (Date.parse(input.completedAt) - Date.parse(input.startedAt)) / 1000,
    );
  const backing = input.evidenceUrl
    ? `evidence ${input.evidenceUrl}`
    : `notes: “${input.notes}”`;
  return `Record a ${input.outcome} drill of ${
    input.scenario
  }: ${formatDuration(rtoSeconds)}, ${backing}`;
}
