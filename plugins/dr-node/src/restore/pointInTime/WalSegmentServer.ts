/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { ReadableBackupSource } from '../../sources/types';

/** Names `restore_command` asks for: segments, partial segments, timeline histories. */
const WAL_FILE = /^(?:[0-9A-F]{24}(?:\.partial)?|[0-9A-F]{8}\.history)$/;

/**
 * Serves the WAL archive of one source to one recovering server: an HTTP
 * endpoint on 127.0.0.1 with a random token in its path, alive only while
 * the restore runs. The server's `restore_command` (a small script run as
 * the cluster's user, see {@link WalSegmentServer.fetchScript}) fetches each
 * segment through it, so WAL comes from any readable source (a folder, a
 * bucket) in the source's own way, and the cluster's user needs no access
 * to the source's credentials. A missing file is a 404, which
 * `restore_command` reports as "not in the archive", as PostgreSQL expects.
 */
export class WalSegmentServer {
  readonly #server: http.Server;
  readonly #token = randomBytes(24).toString('hex');
  #segments = 0;
  #bytes = 0;

  private constructor(server: http.Server) {
    this.#server = server;
  }

  static async start(options: {
    source: ReadableBackupSource;
    /** Key prefix of the segments in the source, e.g. `orders/wal/`. */
    prefix: string;
    signal?: AbortSignal;
  }): Promise<WalSegmentServer> {
    const server = http.createServer();
    const wal = new WalSegmentServer(server);
    server.on('request', (req, res) => wal.#serve(req, res, options));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return wal;
  }

  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/${this.#token}/`;
  }

  /** Segments (and history files) handed out so far, and their bytes. */
  get served(): { files: number; bytes: number } {
    return { files: this.#segments, bytes: this.#bytes };
  }

  /**
   * A Node script for `restore_command = '<node> <script> %f %p'`: fetches
   * one file into a temp name and renames it into place, so PostgreSQL
   * never sees half a segment; exits 1 when the archive has no such file.
   */
  fetchScript(): string {
    return `'use strict';
const http = require('http');
const fs = require('fs');
const [name, target] = process.argv.slice(2);
http.get(${JSON.stringify(this.url)} + encodeURIComponent(name), res => {
  if (res.statusCode !== 200) { res.resume(); process.exit(1); }
  const tmp = target + '.dr-partial';
  const out = fs.createWriteStream(tmp);
  res.pipe(out);
  res.on('error', () => process.exit(1));
  out.on('finish', () => { fs.renameSync(tmp, target); process.exit(0); });
  out.on('error', () => process.exit(1));
}).on('error', () => process.exit(1));
`;
  }

  async #serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    options: {
      source: ReadableBackupSource;
      prefix: string;
      signal?: AbortSignal;
    },
  ) {
    const [, token, rawName] =
      /^\/([0-9a-f]+)\/([^/?]+)$/.exec(req.url ?? '') ?? [];
    const name = rawName ? decodeURIComponent(rawName) : '';
    if (
      req.method !== 'GET' ||
      !token ||
      token.length !== this.#token.length ||
      !timingSafeEqual(Buffer.from(token), Buffer.from(this.#token))
    ) {
      res.writeHead(403).end();
      return;
    }
    if (!WAL_FILE.test(name)) {
      res.writeHead(404).end();
      return;
    }
    let stream;
    try {
      stream = await options.source.openReadStream(options.prefix + name, {
        signal: options.signal,
      });
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    stream.on('data', (chunk: Buffer) => {
      this.#bytes += chunk.length;
    });
    try {
      await pipeline(stream, res);
      this.#segments += 1;
    } catch {
      res.destroy();
    }
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }
}
