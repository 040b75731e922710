/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { spawn } from 'node:child_process';
import { PassThrough, type Readable, pipeline } from 'node:stream';

const STDERR_TAIL = 2000;

/**
 * Streams `input` through a tool's own process (`gpg --decrypt`,
 * `zstd -dc`) and returns what the tool writes. The tool is killed when its
 * output is destroyed before it ends; a tool that cannot run, or exits
 * other than 0, destroys the output with the error made of why (the tail of
 * its stderr). `onExit` runs once the process is gone, however it ended.
 */
export function throughTool(options: {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  input: Readable;
  cannotRun(error: Error): Error;
  failed(stderr: string, code: number | null): Error;
  onExit?(): void;
}): Readable {
  const output = new PassThrough();
  const child = spawn(options.command, options.args, {
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', chunk => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  pipeline(options.input, child.stdin, error => {
    // The tool closing its input early is its own failure, reported on exit.
    if (error && (error as NodeJS.ErrnoException).code !== 'EPIPE') {
      output.destroy(error);
      child.kill();
    }
  });
  child.stdout.pipe(output, { end: false });
  output.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  child.on('error', error => {
    options.onExit?.();
    output.destroy(options.cannotRun(error));
  });
  child.on('close', code => {
    options.onExit?.();
    if (code === 0) output.end();
    else output.destroy(options.failed(stderr, code));
  });
  return output;
}
