/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackupRecord,
  DrApi,
  RecoveryWindow,
} from '@dr-suite/backstage-plugin-dr-common';

/** The requester's time zone, as the browser says. */
export function requesterTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A time in the requester's zone, e.g. `1 Dec 2026, 01:30:05`. */
export function formatInZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone,
  }).format(new Date(iso));
}

/** `2026-12-01T01:30` (a datetime-local input's value) in the browser's zone as ISO with its offset. */
export function localInputToIso(value: string): string | undefined {
  const local = new Date(value);
  if (!value || Number.isNaN(local.getTime())) return undefined;
  const offset = -local.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const withSeconds = value.length === 16 ? `${value}:00` : value.slice(0, 19);
  return `${withSeconds}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** An ISO time as a datetime-local input's value in the browser's zone. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '';
  const local = new Date(time.getTime() - time.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

/**
 * The recovery window a point-in-time restore of the chosen backup is
 * judged against: the window of the entity's source copy that holds it.
 * @returns the backup and its window; `window` undefined when its store has none
 */
export async function loadRecoveryWindow(
  api: DrApi,
  entityRef: string,
  backupId: string,
): Promise<{ backup?: BackupRecord; window?: RecoveryWindow }> {
  const [posture, backups] = await Promise.all([
    api.getPosture(entityRef),
    api.getBackups(entityRef, { status: ['succeeded'], limit: 200 }),
  ]);
  const backup = backups.items.find(b => b.id === backupId);
  if (!backup) return {};
  const source = posture.sources.find(
    s =>
      s.sourceId === backup.sourceId &&
      s.recoveryWindow !== undefined &&
      backup.key.startsWith(s.selector),
  );
  return { backup, window: source?.recoveryWindow };
}

/**
 * Why a time cannot be recovered to, in the requester's zone; undefined
 * when it can. The DR API judges the same again when the request is filed.
 */
export function pointInTimeProblem(
  targetTime: string,
  found: { backup?: BackupRecord; window?: RecoveryWindow },
  timeZone: string,
): string | undefined {
  const at = Date.parse(targetTime);
  if (Number.isNaN(at)) return 'Enter a date and time.';
  const { backup, window } = found;
  if (!backup) return 'Choose the backup first.';
  if (!window || !window.from || !window.to) {
    return `${backup.name} cannot be recovered to a point in time: ${
      window?.reason ??
      'its data store has no WAL archive with a recovery window'
    }`;
  }
  if (backup.completedAt && at < Date.parse(backup.completedAt)) {
    return `Pick a time after ${formatInZone(
      backup.completedAt,
      timeZone,
    )} (${timeZone}), when ${backup.name} completed, or an older base backup.`;
  }
  if (at < Date.parse(window.from) || at > Date.parse(window.to)) {
    return `Pick a time inside the recovery window, ${formatInZone(
      window.from,
      timeZone,
    )} to ${formatInZone(window.to, timeZone)} (${timeZone}).`;
  }
  return undefined;
}
