/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProgressReporter, readFileOffset } from './ProgressReporter';

// The offset of a shared file description shows in Linux's /proc only.
const describeOnLinux = process.platform === 'linux' ? describe : describe.skip;

describeOnLinux('following a file that a tool reads by itself', () => {
  let directory: string;
  let fd: number;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-progress-'));
    const file = path.join(directory, 'dump.sql.gz');
    fs.writeFileSync(file, Buffer.alloc(4_000_000, 1));
    fd = fs.openSync(file, 'r');
  });
  afterEach(() => {
    fs.closeSync(fd);
    fs.rmSync(directory, { recursive: true, force: true });
  });

  /** Reads like a child given the descriptor would: moving the shared offset. */
  const readAhead = (bytes: number) =>
    fs.readSync(fd, Buffer.alloc(bytes), 0, bytes, null);

  it('reads the offset that reading moved', async () => {
    expect(await readFileOffset(fd)).toBe(0);
    readAhead(1_000_000);
    expect(await readFileOffset(fd)).toBe(1_000_000);
  });

  it('reports how far the reader got, then the end', async () => {
    const reports: string[] = [];
    let firstReport!: () => void;
    const reported = new Promise<void>(resolve => {
      firstReport = resolve;
    });
    const progress = new ProgressReporter({
      totalBytes: 4_000_000,
      intervalMs: 1,
      report: message => {
        reports.push(message);
        firstReport();
      },
    });
    readAhead(1_000_000);
    // The reading tool finishes once progress was reported along the way.
    await progress.followFileOffset(fd, 4_000_000, () => reported);
    expect(reports[0]).toBe('Read 1.0 MB of 4.0 MB of the backup (25%)');
    expect(reports[reports.length - 1]).toBe(
      'Read 4.0 MB of 4.0 MB of the backup (100%)',
    );
    expect(progress.bytes).toBe(4_000_000);
  });

  it('reports no end when the reading tool failed', async () => {
    const reports: string[] = [];
    const progress = new ProgressReporter({
      totalBytes: 4_000_000,
      report: message => reports.push(message),
    });
    await expect(
      progress.followFileOffset(fd, 4_000_000, async () => {
        throw new Error('psql failed (exit 3)');
      }),
    ).rejects.toThrow('psql failed (exit 3)');
    expect(reports).toEqual([]);
  });
});
