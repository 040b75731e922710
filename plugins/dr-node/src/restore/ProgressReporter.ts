/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
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

  /**
   * Runs `read`, in which a tool reads a file by itself through a descriptor
   * it shares with this process, and reports the file's offset (where the OS
   * shows it) as progress instead of counting bytes passing through; once
   * `read` succeeds, reports `finalBytes`.
   */
  async followFileOffset<T>(
    fd: number,
    finalBytes: number,
    read: () => Promise<T>,
  ): Promise<T> {
    let following = true;
    const timer = setInterval(() => {
      readFileOffset(fd).then(offset => {
        if (!following) return; // asked before the end, answered after it
        if (offset === undefined) {
          clearInterval(timer);
          return;
        }
        // Each tick is one interval, so it reports without the clock check.
        this.#bytes = offset;
        this.#report(this.describe());
      });
    }, this.#intervalMs);
    timer.unref();
    try {
      const result = await read();
      this.#bytes = finalBytes;
      this.#report(this.describe());
      return result;
    } finally {
      following = false;
      clearInterval(timer);
    }
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

/**
 * The offset of an open file description, which a child process given the
 * descriptor moves as it reads; `undefined` where the OS does not show it
 * (Linux shows it in /proc).
 */
export async function readFileOffset(fd: number): Promise<number | undefined> {
  try {
    const info = await fs.promises.readFile(`/proc/self/fdinfo/${fd}`, 'utf8');
    const pos = /^pos:\s*(\d+)/m.exec(info)?.[1];
    return pos === undefined ? undefined : Number(pos);
  } catch {
    return undefined;
  }
}
