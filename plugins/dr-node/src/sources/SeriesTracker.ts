/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { JsonObject } from '@backstage/types';
import type { KeyFacts } from './BackupKeyParser';

/**
 * What is known of one ordered series of keys.
 * @public
 */
export interface SeriesState extends JsonObject {
  first: string;
  last: string;
  /** Time of the newest backup, epoch ms. */
  lastTime: number;
  /** Mean interval between the series' backups, epoch ms; 0 when unknown. */
  intervalMs: number;
  /** When the source was last asked about this series, epoch ms. */
  checkedAt: number;
  count: number;
}

/**
 * Remembers, per ordered key series, its oldest and newest key and how often
 * it grows, so incremental runs resume after the newest key and only ask a
 * series once its next backup is due.
 */
export class SeriesTracker {
  readonly #series = new Map<string, SeriesState & { firstTime: number }>();

  static fromJSON(
    json: Record<string, SeriesState> | undefined,
  ): SeriesTracker {
    const tracker = new SeriesTracker();
    for (const [series, state] of Object.entries(json ?? {})) {
      if (typeof state?.first !== 'string' || typeof state?.last !== 'string')
        continue;
      tracker.#series.set(series, {
        first: state.first,
        last: state.last,
        lastTime: Number(state.lastTime) || 0,
        intervalMs: Number(state.intervalMs) || 0,
        checkedAt: Number(state.checkedAt) || 0,
        count: Number(state.count) || 1,
        firstTime: 0,
      });
    }
    return tracker;
  }

  /** Records a key; `time` is when its backup was taken (epoch ms). */
  observe(key: string, facts: KeyFacts, time: number): void {
    if (!facts.ordered) return;
    const state = this.#series.get(facts.series);
    if (!state) {
      this.#series.set(facts.series, {
        first: key,
        last: key,
        lastTime: time,
        firstTime: time,
        intervalMs: 0,
        checkedAt: 0,
        count: 1,
      });
      return;
    }
    state.count += 1;
    if (key < state.first) {
      state.first = key;
      state.firstTime = time;
    }
    if (key > state.last) {
      // In an incremental run the interval can only shrink, so a series that
      // paused is not asked less often once it resumes.
      if (state.firstTime === 0) {
        const gap = time - state.lastTime;
        if (gap > 0)
          state.intervalMs = state.intervalMs
            ? Math.min(state.intervalMs, gap)
            : gap;
      }
      state.last = key;
      state.lastTime = time;
    }
    if (state.firstTime !== 0 && state.count > 1) {
      state.intervalMs = Math.max(
        0,
        (state.lastTime - state.firstTime) / (state.count - 1),
      );
    }
  }

  /** Records that a complete listing just asked about every series. */
  markAllChecked(now = Date.now()): void {
    for (const state of this.#series.values()) state.checkedAt = now;
  }

  /** Records that the source was just asked about a series. */
  markChecked(series: string, now = Date.now()): void {
    const state = this.#series.get(series);
    if (state) state.checkedAt = now;
  }

  /** Moves the head of a series after retention removed keys; drops it when empty. */
  setFirst(series: string, first: string | undefined): void {
    const state = this.#series.get(series);
    if (!state) return;
    if (first === undefined) {
      this.#series.delete(series);
    } else {
      state.first = first;
      if (state.last < first) state.last = first;
    }
  }

  /**
   * Series to ask in an incremental run: all of them when `all` is set, else
   * those not asked for half an interval since their newest backup or the
   * last time they were asked (always when the interval is unknown). So a
   * new backup shows up within half its series' cadence, and a series that
   * stopped growing is not asked on every run.
   */
  dueSeries(now: number, all: boolean): Array<[string, SeriesState]> {
    return [...this.#series.entries()]
      .filter(
        ([, s]) =>
          all ||
          !s.intervalMs ||
          now - Math.max(s.lastTime, s.checkedAt) >= s.intervalMs / 2,
      )
      .map(([series, s]) => [series, this.#public(s)]);
  }

  toJSON(): Record<string, SeriesState> {
    return Object.fromEntries(
      [...this.#series].map(([k, s]) => [k, this.#public(s)]),
    );
  }

  #public(state: SeriesState & { firstTime: number }): SeriesState {
    const { firstTime: _firstTime, ...rest } = state;
    return { ...rest };
  }
}
