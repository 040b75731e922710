/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';

/**
 * Whether `redis-server` can run here, or why not (the caller fails or
 * skips with that reason). Synchronous: jest decides on skipping first.
 */
export function findRedisServer(): { ok: true } | { missing: string } {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return { ok: true };
  } catch {
    return {
      missing: 'redis-server is not installed (apt-get install redis-server)',
    };
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway `redis-server` on a free loopback port, its RDB files in its
 * own temp folder, with a password and no automatic saves: the test decides
 * when a snapshot is taken. `stop()` ends the server and removes the folder.
 */
export class RedisTestServer {
  readonly url: string;
  readonly password = 'redis-test-password';
  readonly dir: string;
  readonly #process: ChildProcess;
  readonly client: Redis;

  private constructor(port: number, dir: string, child: ChildProcess) {
    this.url = `redis://127.0.0.1:${port}`;
    this.dir = dir;
    this.#process = child;
    this.client = new Redis({
      port,
      host: '127.0.0.1',
      password: this.password,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
  }

  static async start(): Promise<RedisTestServer> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dr-redis-'));
    const dir = path.join(root, 'data');
    fs.mkdirSync(dir);
    const port = await freePort();
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--requirepass',
        'redis-test-password',
        '--daemonize',
        'no',
        '--logfile',
        '',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', code =>
        reject(new Error(`redis-server exited (${code}): ${output}`)),
      );
      child.once('error', reject);
    });
    const server = new RedisTestServer(port, dir, child);
    await server.client.connect();
    return server;
  }

  /** Sets a key, so a save has something to write. */
  async write(key: string, value: string): Promise<void> {
    await this.client.set(key, value);
  }

  /** Takes a snapshot in the foreground (SAVE); returns its LASTSAVE time. */
  async save(): Promise<Date> {
    await this.client.save();
    return new Date((await this.client.lastsave()) * 1000);
  }

  /**
   * Starts a BGSAVE that stays running until {@link endBgsave}: the child
   * waits 100 s per key (`rdb-key-save-delay`, as Redis's own tests do).
   */
  async startSlowBgsave(): Promise<void> {
    await this.client.config('SET', 'rdb-key-save-delay', '100000000');
    await this.client.bgsave();
    await this.client.config('SET', 'rdb-key-save-delay', '0');
  }

  /** Stops a running BGSAVE the way Redis treats as intended (SIGUSR1). */
  async endBgsave(): Promise<void> {
    const children = fs
      .readFileSync(
        `/proc/${this.#process.pid}/task/${this.#process.pid}/children`,
        'utf8',
      )
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    for (const child of children) process.kill(Number(child), 'SIGUSR1');
    await this.bgsaveDone();
  }

  /** Starts a BGSAVE and waits until Redis reports it ended. */
  async bgsave(): Promise<void> {
    await this.client.bgsave();
    await this.bgsaveDone();
  }

  /** Waits until no BGSAVE runs, asking Redis as its own tests do. */
  async bgsaveDone(): Promise<void> {
    while (
      /rdb_bgsave_in_progress:1/.test(await this.client.info('persistence'))
    ) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  /**
   * Makes the next BGSAVE fail for real, as a lost disk does: the folder
   * Redis writes its RDB file in is removed (root may write anywhere, so
   * permissions would not stop it).
   */
  breakDataDirectory(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  async stop(): Promise<void> {
    this.client.disconnect();
    if (this.#process.exitCode === null) {
      const exited = new Promise(resolve =>
        this.#process.once('exit', resolve),
      );
      // SIGTERM: Redis also ends a BGSAVE child a failed test left running.
      this.#process.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}
