/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One stream of backup files a simulated job writes. */
interface DemoSeries {
  /** File name (relative to the dataset prefix) of the backup taken at `time`. */
  fileName(time: Date): string;
  everyMs: number;
  keepMs: number;
  /** How long ago the job stopped producing files (a broken job). */
  stoppedMs?: number;
  content(time: Date): Buffer;
  checksumSidecar?: boolean;
}

/** Backups of one data store under one prefix of the demo volume. */
export interface DemoDataset {
  prefix: string;
  series: DemoSeries[];
}

function compact(time: Date, separator: string): string {
  const iso = time.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}${separator}${iso
    .slice(11, 19)
    .replace(/:/g, '')}`;
}

function hex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}

/** WAL segment names grow with time like a real archive's. */
function walName(time: Date): string {
  const segment = Math.floor(time.getTime() / (5 * MINUTE));
  return `wal/00000001${hex8(Math.floor(segment / 256))}${hex8(segment % 256)}`;
}

/** A plain SQL dump psql can restore, with more rows as time goes on. */
function sqlDump(
  database: string,
  table: string,
  columns: string,
  row: (i: number) => string,
) {
  return (time: Date) => {
    // Grows slowly and wraps by 20% at most, so no dump is ever judged
    // suspicious by the size check (dr.backupChecks, 50% by default).
    const rows = 400 + (Math.floor(time.getTime() / HOUR) % 100);
    const values = Array.from(
      { length: rows },
      (_, i) => `(${row(i + 1)})`,
    ).join(',\n');
    return gzipSync(
      [
        `-- Demo dump of ${database} taken at ${time.toISOString()} by the DR suite demo generator`,
        `CREATE TABLE IF NOT EXISTS ${table} (${columns});`,
        `INSERT INTO ${table} VALUES\n${values};`,
        '',
      ].join('\n'),
    );
  };
}

const walContent = (time: Date) =>
  Buffer.from(`demo WAL segment ${time.toISOString()}\n`);

/** The demo shop's data stores, matching examples/entities.yaml. */
export const DEMO_DATASETS: DemoDataset[] = [
  {
    prefix: 'orders-db/',
    series: [
      {
        fileName: t => `orders_full_${compact(t, '_')}.sql.gz`,
        everyMs: 6 * HOUR,
        keepMs: 7 * DAY,
        content: sqlDump(
          'orders-db',
          'orders',
          'id bigint PRIMARY KEY, customer text NOT NULL, total_cents bigint NOT NULL, status text NOT NULL',
          i =>
            `${i}, 'customer-${(i * 7) % 97}', ${(i * 1337) % 50000}, '${
              i % 9 ? 'shipped' : 'open'
            }'`,
        ),
        checksumSidecar: true,
      },
      {
        fileName: walName,
        everyMs: 5 * MINUTE,
        keepMs: DAY,
        content: walContent,
      },
    ],
  },
  {
    prefix: 'payments-db/',
    series: [
      {
        fileName: t => `payments_full_${compact(t, '_')}.sql.gz`,
        everyMs: 6 * HOUR,
        keepMs: 7 * DAY,
        content: sqlDump(
          'payments-db',
          'charges',
          'id bigint PRIMARY KEY, order_id bigint NOT NULL, amount_cents bigint NOT NULL, state text NOT NULL',
          i => `${i}, ${i}, ${(i * 1337) % 50000}, 'captured'`,
        ),
        checksumSidecar: true,
      },
      {
        fileName: walName,
        everyMs: 5 * MINUTE,
        keepMs: DAY,
        content: walContent,
      },
    ],
  },
  {
    // The nightly job broke three days ago: RPO of one day is breached.
    prefix: 'catalog-db/',
    series: [
      {
        fileName: t => `catalog-full-${compact(t, '-')}.sql.gz`,
        everyMs: DAY,
        keepMs: 14 * DAY,
        stoppedMs: 3 * DAY,
        content: sqlDump(
          'catalog-db',
          'products',
          'id bigint PRIMARY KEY, sku text NOT NULL, title text NOT NULL',
          i => `${i}, 'SKU-${1000 + i}', 'Product ${i}'`,
        ),
      },
    ],
  },
  {
    prefix: 'product-images/',
    series: [
      {
        fileName: t => `images_snapshot_${compact(t, '_')}.tar.zst`,
        everyMs: DAY,
        keepMs: 14 * DAY,
        content: t => Buffer.from(`demo image snapshot ${t.toISOString()}\n`),
      },
    ],
  },
  {
    prefix: 'orders-events/',
    series: [
      {
        fileName: t => `definitions_full_${compact(t, '_')}.json`,
        everyMs: HOUR,
        keepMs: 2 * DAY,
        content: t =>
          Buffer.from(
            JSON.stringify({
              exported_at: t.toISOString(),
              queues: [{ name: 'orders.created' }],
            }),
          ),
      },
    ],
  },
];

/**
 * Plays the demo shop's backup jobs up to now: writes the backups a job would
 * have written (file times set to when they were taken) and deletes what
 * retention would have removed. Running it again only adds what is new, so
 * the demo shows the same posture whenever it is started.
 */
export class DemoBackupGenerator {
  readonly #directory: string;
  readonly #datasets: DemoDataset[];

  constructor(options: { directory: string; datasets?: DemoDataset[] }) {
    this.#directory = path.resolve(options.directory);
    this.#datasets = options.datasets ?? DEMO_DATASETS;
  }

  run(now = new Date()): { written: number; removed: number } {
    let written = 0;
    let removed = 0;
    for (const dataset of this.#datasets) {
      const wanted = new Map<string, { time: Date; series: DemoSeries }>();
      for (const series of dataset.series) {
        const newest = now.getTime() - (series.stoppedMs ?? 0);
        const oldest = now.getTime() - (series.stoppedMs ?? 0) - series.keepMs;
        for (
          let t = Math.floor(newest / series.everyMs) * series.everyMs;
          t > oldest;
          t -= series.everyMs
        ) {
          const time = new Date(t);
          wanted.set(dataset.prefix + series.fileName(time), { time, series });
        }
      }
      for (const [key, { time, series }] of wanted) {
        const file = path.join(this.#directory, key);
        if (fs.existsSync(file)) continue;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const content = series.content(time);
        fs.writeFileSync(file, content);
        fs.utimesSync(file, time, time);
        if (series.checksumSidecar) {
          const digest = createHash('sha256').update(content).digest('hex');
          fs.writeFileSync(
            `${file}.sha256`,
            `${digest}  ${path.basename(file)}\n`,
          );
          fs.utimesSync(`${file}.sha256`, time, time);
        }
        written += 1;
      }
      for (const key of this.#listFiles(dataset.prefix)) {
        const backupKey = key.endsWith('.sha256')
          ? key.slice(0, -'.sha256'.length)
          : key;
        if (!wanted.has(backupKey)) {
          fs.rmSync(path.join(this.#directory, key));
          if (key === backupKey) removed += 1;
        }
      }
    }
    return { written, removed };
  }

  #listFiles(prefix: string): string[] {
    const root = path.join(this.#directory, prefix);
    if (!fs.existsSync(root)) return [];
    return (
      fs.readdirSync(root, {
        recursive: true,
        withFileTypes: true,
      }) as fs.Dirent[]
    )
      .filter(entry => entry.isFile())
      .map(entry =>
        path
          .relative(this.#directory, path.join(entry.parentPath, entry.name))
          .split(path.sep)
          .join('/'),
      );
  }
}
