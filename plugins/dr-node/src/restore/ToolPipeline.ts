/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const STDERR_TAIL = 4000;

/** One command of a {@link runToolPipeline}. */
export interface ToolStep {
  command: string;
  args: string[];
}

interface Finished {
  step: ToolStep;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Whether a tool ended only because the one after it stopped reading. Node's
 * stdio pipes are socket pairs, so that shows as a reset as well as EPIPE.
 */
function brokenPipe(finished: Finished): boolean {
  return (
    finished.signal === 'SIGPIPE' ||
    /broken pipe|connection reset by peer/i.test(finished.stderr)
  );
}

/** A failed write into a tool that already exited, which is not the cause. */
function isPipeError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return (
    code === 'EPIPE' ||
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'ERR_STREAM_DESTROYED'
  );
}

/**
 * Runs client tools joined by operating-system pipes, as `a | b` would in a
 * shell, feeding the first one `input`: a stream, or an open file descriptor
 * that the first tool reads by itself. Data between the tools never passes
 * through Node, which keeps large restores off the event loop and the
 * garbage collector. Fails with the words of the tool that caused it: a
 * broken input stream first, then the first tool that failed on its own.
 */
export async function runToolPipeline(
  steps: ToolStep[],
  options: {
    env: NodeJS.ProcessEnv;
    input?: Readable | number;
    signal?: AbortSignal;
  },
): Promise<void> {
  const { input } = options;
  const children: ChildProcess[] = [];
  for (const [index, step] of steps.entries()) {
    const previous = children[index - 1];
    let stdin: 'pipe' | 'ignore' | Readable | number = 'ignore';
    if (typeof input === 'number') stdin = input;
    else if (input) stdin = 'pipe';
    if (previous) stdin = previous.stdout!;
    children.push(
      spawn(step.command, step.args, {
        env: options.env,
        stdio: [stdin, index === steps.length - 1 ? 'ignore' : 'pipe', 'pipe'],
        signal: options.signal,
      }),
    );
    // The child holds the pipe now; our copy would keep the writer from
    // seeing that its reader died.
    previous?.stdout!.destroy();
  }
  const finished = children.map(
    (child, index) =>
      new Promise<Finished>((resolve, reject) => {
        let stderr = '';
        child.stderr!.on('data', chunk => {
          stderr = (stderr + chunk).slice(-STDERR_TAIL);
        });
        child.once('error', reject);
        child.once('close', (code, signal) =>
          resolve({ step: steps[index], code, signal, stderr }),
        );
      }),
  );
  let feedError: unknown;
  if (input && typeof input !== 'number') {
    const stdin = children[0].stdin!;
    await pipeline(input, stdin).catch(error => {
      feedError = error;
      stdin.destroy();
    });
  }
  const results = await Promise.all(finished);
  // A broken stream (corrupt gzip, wrong key, a source gone) is the cause
  // even when a tool failed on what it got, and a tool that succeeded on
  // part of it must not count.
  if (feedError && !isPipeError(feedError)) throw feedError;
  const failed =
    results.find(r => r.code !== 0 && !brokenPipe(r)) ??
    results.find(r => r.code !== 0);
  if (failed) {
    throw new Error(
      `${failed.step.command} failed (${
        failed.signal ? `signal ${failed.signal}` : `exit ${failed.code}`
      }): ${failed.stderr.trim() || 'no output'}`,
    );
  }
  if (feedError) throw feedError;
}

let gzipAvailable: boolean | undefined;

/** Whether a `gzip` binary can decompress in its own process here. */
export function hasGzipTool(): boolean {
  gzipAvailable ??= !spawnSync('gzip', ['--version'], { stdio: 'ignore' })
    .error;
  return gzipAvailable;
}
