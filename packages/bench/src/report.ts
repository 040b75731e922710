/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** One measured figure, with its goal and, where it has one, its baseline. */
export interface Figure {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** The figure must stay at or below this (at or above with `goalAtLeast`). */
  goal?: number;
  /** The goal is a floor, as for a throughput share. */
  goalAtLeast?: boolean;
  /** What the figure is compared with in the same run. */
  baseline?: {
    name: string;
    value: number;
    /** Its unit when not the figure's (a ratio's baseline is in ms unless told). */
    unit?: string;
  };
  note?: string;
}

const figures: Figure[] = [];

function format(value: number, unit: string): string {
  if (unit === 'ratio') return value.toFixed(3);
  if (unit === 'ms')
    return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  return `${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`;
}

/** A figure against its same-run baseline. */
function ratio(figure: Figure): number {
  if (figure.unit === 'ratio' || !figure.baseline) return figure.value;
  return figure.value / figure.baseline.value;
}

function meets(figure: Figure): boolean {
  return figure.goalAtLeast
    ? figure.value >= figure.goal!
    : figure.value <= figure.goal!;
}

/** Records a figure and prints it at once. */
export function report(figure: Figure): Figure {
  figures.push(figure);
  const parts = [
    `[${figure.suite}] ${figure.name}: ${format(figure.value, figure.unit)}`,
  ];
  if (figure.baseline) {
    parts.push(
      `(baseline ${figure.baseline.name}: ${format(
        figure.baseline.value,
        figure.baseline.unit ?? (figure.unit === 'ratio' ? 'ms' : figure.unit),
      )}${
        figure.unit === 'ratio'
          ? ''
          : `; ratio ${format(ratio(figure), 'ratio')}`
      })`,
    );
  }
  if (figure.goal !== undefined) {
    parts.push(
      `goal ${figure.goalAtLeast ? '>=' : '<='} ${format(
        figure.goal,
        figure.unit,
      )} ${meets(figure) ? 'MET' : 'MISSED'}`,
    );
  }
  if (figure.note) parts.push(`— ${figure.note}`);
  process.stdout.write(`${parts.join(' ')}\n`);
  return figure;
}

/** A Markdown table of every figure, for the README. */
export function summaryTable(): string {
  const rows = figures.map(f =>
    [
      f.suite,
      f.name,
      format(f.value, f.unit),
      f.baseline
        ? `${f.baseline.name}: ${format(
            f.baseline.value,
            f.baseline.unit ?? (f.unit === 'ratio' ? 'ms' : f.unit),
          )}`
        : '',
      f.baseline ? format(ratio(f), 'ratio') : '',
      f.goal === undefined
        ? ''
        : `${f.goalAtLeast ? '≥' : '≤'} ${format(f.goal, f.unit)} ${
            meets(f) ? '✔' : '✘'
          }`,
    ]
      // A pipe inside a cell (gunzip -c | psql) would split the Markdown row.
      .map(cell => cell.replaceAll('|', '\\|'))
      .join(' | '),
  );
  return [
    '| Suite | Figure | Value | Baseline (same run) | Ratio | Goal |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(r => `| ${r} |`),
  ].join('\n');
}

/** Percentile of sorted-or-not samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

export async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}
