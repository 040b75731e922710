/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

/**
 * A lock held longer than this is taken as left behind by a process that
 * can no longer be asked (e.g. on another host); what it guards takes a
 * couple of minutes at most.
 */
const STALE_AFTER_MS = 10 * 60_000;

/** Who holds a lock file: written into it when it is created. */
interface LockHolder {
  pid: number;
  host: string;
}

/** Whether the holder of `file` is gone: a dead process of this host, or too old. */
function isStale(file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
    if (Date.now() - fs.statSync(file).mtimeMs > STALE_AFTER_MS) return true;
  } catch {
    return false; // released meanwhile: just try again
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    if (holder.host !== os.hostname()) return false;
    process.kill(holder.pid, 0);
    return false; // alive (or of another user: EPERM)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Creates `file` exclusively; false when another holds it. */
function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    const holder: LockHolder = { pid: process.pid, host: os.hostname() };
    fs.writeSync(fd, JSON.stringify(holder));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Moves a stale lock aside (atomically, so one waiter breaks it), then deletes it. */
function breakStale(file: string): void {
  const aside = `${file}.stale-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // another waiter broke or the holder released it
  }
  if (!isStale(aside)) {
    // Renamed a fresh lock taken just after the stale one went: give it back.
    try {
      fs.linkSync(aside, file);
    } catch {
      // Taken again meanwhile: its holder goes first.
    }
  }
  fs.rmSync(aside, { force: true });
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      if (signal?.aborted) reject(signal.reason);
      else resolve();
    };
    timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `run` holding the lock file `file` (created with O_EXCL), which
 * serialises it with every other holder on this machine or on a shared
 * folder; waits while another holds it. A lock whose process is dead, or
 * that is older than ten minutes, is broken rather than waited for.
 * @internal
 */
export async function withLockFile<T>(
  file: string,
  run: () => Promise<T>,
  options: { signal?: AbortSignal; onWait?(): void } = {},
): Promise<T> {
  let delay = 25;
  let waiting = false;
  while (!tryCreate(file)) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (isStale(file)) {
      breakStale(file);
      continue;
    }
    if (!waiting) {
      waiting = true;
      options.onWait?.();
    }
    await pause(delay, options.signal);
    delay = Math.min(delay * 2, 500);
  }
  try {
    return await run();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
