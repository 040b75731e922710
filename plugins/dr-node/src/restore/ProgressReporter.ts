/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { Transform, type TransformCallback } from 'node:stream';

function megabytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e3).toFixed(1)} kB`;
}

/**
 * Counts the bytes flowing through and reports progress at most every few
 * seconds, so a task page shows how far a restore is.
 */
export class ProgressReporter extends Transform {
  readonly #total: number | undefined;
  readonly #report: (message: string) => void;
  readonly #intervalMs: number;
  #bytes = 0;
  #lastReport = Date.now();

  constructor(options: {
    totalBytes?: number;
    report: (message: string) => void;
    intervalMs?: number;
  }) {
    super();
    this.#total =
      options.totalBytes && options.totalBytes > 0
        ? options.totalBytes
        : undefined;
    this.#report = options.report;
    this.#intervalMs = options.intervalMs ?? 2000;
  }

  get bytes(): number {
    return this.#bytes;
  }

  _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    this.#bytes += chunk.length;
    const now = Date.now();
    if (now - this.#lastReport >= this.#intervalMs) {
      this.#lastReport = now;
      this.#report(this.describe());
    }
    callback(null, chunk);
  }

  _flush(callback: TransformCallback): void {
    this.#report(this.describe());
    callback();
  }

  describe(): string {
    if (!this.#total) return `Read ${megabytes(this.#bytes)} of the backup`;
    const percent = Math.min(
      100,
      Math.floor((this.#bytes / this.#total) * 100),
    );
    return `Read ${megabytes(this.#bytes)} of ${megabytes(
      this.#total,
    )} of the backup (${percent}%)`;
  }
}
