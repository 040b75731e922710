/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { throughTool } from './throughTool';

const errors = {
  cannotRun: (error: Error) => new Error(`cannot run: ${error.message}`),
  failed: (stderr: string, code: number | null) =>
    new Error(`failed (${code}): ${stderr.trim()}`),
};

describe('throughTool', () => {
  it("gives the tool's output", async () => {
    const output = throughTool({
      command: 'tr',
      args: ['a-z', 'A-Z'],
      input: Readable.from(['wal segment\n']),
      ...errors,
    });
    expect(await text(output)).toBe('WAL SEGMENT\n');
  });

  it("fails with the tool's own words, or says it cannot run", async () => {
    await expect(
      text(
        throughTool({
          command: 'sh',
          args: ['-c', 'cat >/dev/null; echo "unknown header" >&2; exit 3'],
          input: Readable.from(['x']),
          ...errors,
        }),
      ),
    ).rejects.toThrow('failed (3): unknown header');
    await expect(
      text(
        throughTool({
          command: 'zstd_that_is_not_here',
          args: [],
          input: Readable.from(['x']),
          ...errors,
        }),
      ),
    ).rejects.toThrow(/^cannot run: .*ENOENT/);
  });

  it('stops the tool when its output is given up early', async () => {
    // The input never ends, so only being killed ends the tool.
    const exited = new Promise<void>(resolve => {
      const output = throughTool({
        command: 'cat',
        args: [],
        input: new PassThrough(),
        ...errors,
        onExit: resolve,
      });
      output.destroy();
    });
    await expect(exited).resolves.toBeUndefined();
  });
});
