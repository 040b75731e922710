/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runToolPipeline } from './ToolPipeline';

/** `megabytes` of text, produced lazily like a large backup stream. */
function largeInput(megabytes: number, failAfter?: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024, 'x\n');
  return Readable.from(
    (function* produce() {
      for (let i = 0; i < megabytes; i++) {
        if (i === failAfter) throw new Error('the bucket went away');
        yield chunk;
      }
    })(),
  );
}

describe('runToolPipeline', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-tools-'));
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('joins tools the way a shell pipe does', async () => {
    const out = path.join(directory, 'out');
    await runToolPipeline(
      [
        { command: 'tr', args: ['a-z', 'A-Z'] },
        { command: 'sh', args: ['-c', 'cat > "$0"', out] },
      ],
      { env: process.env, input: Readable.from(['restore me\n']) },
    );
    expect(fs.readFileSync(out, 'utf8')).toBe('RESTORE ME\n');
  });

  it('lets the first tool read an open file by itself', async () => {
    const dump = path.join(directory, 'dump.sql');
    const out = path.join(directory, 'out');
    fs.writeFileSync(dump, 'select 1;\n'.repeat(100_000));
    const file = await fs.promises.open(dump, 'r');
    try {
      await runToolPipeline(
        [
          { command: 'tr', args: ['a-z', 'A-Z'] },
          { command: 'sh', args: ['-c', 'cat > "$0"', out] },
        ],
        { env: process.env, input: file.fd },
      );
    } finally {
      await file.close();
    }
    expect(fs.readFileSync(out, 'utf8')).toBe('SELECT 1;\n'.repeat(100_000));
  });

  it('blames the tool that failed, not the ones that lost their reader', async () => {
    // 64 MB is far more than the pipes buffer, so the writers upstream of
    // the failed tool are cut off mid-stream.
    await expect(
      runToolPipeline(
        [
          { command: 'cat', args: [] },
          {
            command: 'sh',
            args: [
              '-c',
              'head -c 10 >/dev/null; echo "syntax error at line 1" >&2; exit 3',
            ],
          },
        ],
        { env: process.env, input: largeInput(64) },
      ),
    ).rejects.toThrow(/^sh failed \(exit 3\): syntax error at line 1$/);
  });

  it('blames a broken input stream before the tools that read it', async () => {
    await expect(
      runToolPipeline(
        [
          { command: 'cat', args: [] },
          { command: 'sh', args: ['-c', 'cat >/dev/null'] },
        ],
        { env: process.env, input: largeInput(16, 4) },
      ),
    ).rejects.toThrow('the bucket went away');
  });

  it('says which tool is missing', async () => {
    await expect(
      runToolPipeline([{ command: 'pg_restore_that_is_not_here', args: [] }], {
        env: process.env,
      }),
    ).rejects.toThrow(/ENOENT/);
  });
});
