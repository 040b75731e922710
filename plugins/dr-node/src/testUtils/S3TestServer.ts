/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * A running s3rver: a real S3 protocol server backed by a directory.
 * @public
 */
export interface S3TestServer {
  endpoint: string;
  port: number;
  directory: string;
  /** Settings for an S3 client or a `type: s3` source. */
  clientConfig: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  stop(): Promise<void>;
}

// s3rver encrypts continuation tokens with DES, which OpenSSL 3 only offers
// through its legacy provider, so the server runs in its own Node process.
const CHILD_SCRIPT = `
const S3rver = require(process.argv[1]);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: process.argv[2],
  configureBuckets: JSON.parse(process.argv[3]).map(name => ({ name })),
});
server.run().then(
  ({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'),
  error => { console.error(error); process.exit(1); },
);
process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));
`;

/**
 * Starts s3rver in a child process on a free loopback port.
 * Requires the `s3rver` package in the calling workspace.
 * @public
 */
export async function startS3TestServer(
  options: { buckets?: string[]; directory?: string } = {},
): Promise<S3TestServer> {
  const directory =
    options.directory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dr-s3rver-'));
  const ownsDirectory = !options.directory;
  const s3rverPath = require.resolve('s3rver');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '-e',
      CHILD_SCRIPT,
      s3rverPath,
      directory,
      JSON.stringify(options.buckets ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', line => resolve(JSON.parse(line).port));
    child.once('exit', code =>
      reject(new Error(`s3rver exited with ${code}: ${stderr}`)),
    );
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    directory,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownsDirectory) fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
