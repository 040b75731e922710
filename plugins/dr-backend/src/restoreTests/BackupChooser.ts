/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackupRecord,
  RecoveryWindow,
} from '@dr-suite/backstage-plugin-dr-common';
import type {
  DatabaseBackupStore,
  SourceSelector,
} from '../database/DatabaseBackupStore';
import type { BackupChoice } from './RestoreTestPlans';

const PAGE = 500;
/** Bounds a random pick's listing; a window with more backups picks among the newest. */
const MAX_CANDIDATES = 5000;

/**
 * The backup a restore-test run restores and, for a point-in-time pick, the
 * instant to recover to (the kind's `targetTime` parameter).
 * @internal
 */
export interface ChosenBackup {
  backup: BackupRecord;
  kindParameters?: { targetTime: string };
}

/**
 * Picks the backup of a restore-test run among the entity's indexed
 * backups that succeeded (WAL segments aside): the newest, or a random one
 * of the window. A point-in-time pick takes a random instant of the store's
 * recovery window within the window and the newest base backup before it;
 * the kind's restorer judges whether it can recover to it.
 * @internal
 */
export class BackupChooser {
  readonly #backups: DatabaseBackupStore;
  readonly #random: () => number;

  constructor(options: {
    backups: DatabaseBackupStore;
    /** In [0, 1); Math.random by default, fixed in tests. */
    random?: () => number;
  }) {
    this.#backups = options.backups;
    this.#random = options.random ?? Math.random;
  }

  /** The chosen backup, or a sentence saying why there is none. */
  async choose(
    selectors: SourceSelector[],
    choice: BackupChoice,
    now: Date,
  ): Promise<ChosenBackup | { none: string }> {
    if (choice.pick === 'latest') {
      const [newest] = await this.#restorable(selectors, null, 1);
      return newest
        ? { backup: newest }
        : { none: 'no successful backup is indexed' };
    }
    const since = new Date(now.getTime() - choice.windowMs);
    if (choice.pick === 'random-within-window') {
      const candidates = await this.#restorable(
        selectors,
        since,
        MAX_CANDIDATES,
      );
      if (!candidates.length) {
        return {
          none: `no successful backup completed since ${since.toISOString()}`,
        };
      }
      return {
        backup: candidates[Math.floor(this.#random() * candidates.length)],
      };
    }
    return this.#pointInTime(selectors, since, now);
  }

  async #pointInTime(
    selectors: SourceSelector[],
    since: Date,
    now: Date,
  ): Promise<ChosenBackup | { none: string }> {
    // The first continuously archived data store: its window, and the
    // base backups of that store only (what its WAL replays onto).
    let store: { selector: SourceSelector; window: RecoveryWindow } | undefined;
    for (const selector of selectors) {
      const window = await this.#backups.recoveryWindows.windowFor(selector);
      if (window?.from && window.to) {
        store = { selector, window };
        break;
      }
    }
    if (!store) {
      return { none: 'no recovery window (base backup with its WAL) exists' };
    }
    const { selector, window } = store;
    // Recovery can stop no earlier than a base backup's end: the window
    // opens when the oldest base backup started.
    const bases = (await this.#restorable([selector], null, MAX_CANDIDATES))
      .filter(b => b.completedAt)
      .sort((a, b) => Date.parse(b.completedAt!) - Date.parse(a.completedAt!));
    if (!bases.length) {
      return { none: 'no base backup of the recovery window has completed' };
    }
    const oldestBase = Date.parse(bases[bases.length - 1].completedAt!);
    const from = Math.max(
      Date.parse(window.from!),
      since.getTime(),
      oldestBase,
    );
    const to = Math.min(Date.parse(window.to!), now.getTime());
    if (to < from) {
      return {
        none: `the recovery window has no instant after ${new Date(
          from,
        ).toISOString()}`,
      };
    }
    const instant = new Date(from + Math.floor(this.#random() * (to - from)));
    // The newest base backup before the instant: what recovery replays onto.
    const base = bases.find(
      b => Date.parse(b.completedAt!) <= instant.getTime(),
    )!;
    return {
      // The restorer fetches the WAL from the window's archive.
      backup: { ...base, recoveryWindow: window },
      kindParameters: { targetTime: instant.toISOString() },
    };
  }

  /** Successful backups other than WAL segments, newest first. */
  async #restorable(
    selectors: SourceSelector[],
    since: Date | null,
    max: number,
  ): Promise<BackupRecord[]> {
    const found: BackupRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#backups.list(selectors, {
        limit: Math.min(PAGE, max),
        cursor,
        statuses: ['succeeded'],
        types: ['full', 'incremental', 'snapshot'],
      });
      for (const backup of page.items) {
        const time = backup.completedAt ?? backup.startedAt;
        if (since && (!time || Date.parse(time) < since.getTime())) {
          return found;
        }
        found.push(backup);
        if (found.length >= max) return found;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return found;
  }
}
