/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { ReadableBackupSource } from '../../sources/types';
import { ArchivedWalFiles } from './ArchivedWalFiles';

/** Names `restore_command` asks for: segments, partial segments, timeline histories. */
const WAL_FILE = /^(?:[0-9A-F]{24}(?:\.partial)?|[0-9A-F]{8}\.history)$/;

/**
 * Serves the WAL archive of one source to one recovering server: an HTTP
 * endpoint on 127.0.0.1 with a random token in its path, alive only while
 * the restore runs. The server's `restore_command` (a small script run as
 * the cluster's user, see {@link WalSegmentServer.fetchScript}) fetches each
 * segment through it, so WAL comes from any readable source (a folder, a
 * bucket) in the source's own way, and the cluster's user needs no access
 * to the source's credentials. Compressed and encrypted archives are
 * decoded here (see {@link ArchivedWalFiles}), so the script gets plain
 * files and no key. A missing file is a 404, which `restore_command`
 * reports as "not in the archive", as PostgreSQL expects; a file that
 * cannot be read or decoded is a failure that stops the server (exit
 * above 125), never mistaken for the end of the archive.
 */
export class WalSegmentServer {
  readonly #server: http.Server;
  readonly #token = randomBytes(24).toString('hex');
  readonly #archive: ArchivedWalFiles;
  readonly #failures: string[] = [];
  #segments = 0;
  #bytes = 0;

  private constructor(server: http.Server, archive: ArchivedWalFiles) {
    this.#server = server;
    this.#archive = archive;
  }

  static async start(options: {
    source: ReadableBackupSource;
    /** Key prefix of the segments in the source, e.g. `orders/wal/`. */
    prefix: string;
    signal?: AbortSignal;
  }): Promise<WalSegmentServer> {
    const server = http.createServer();
    const wal = new WalSegmentServer(
      server,
      new ArchivedWalFiles({ source: options.source, prefix: options.prefix }),
    );
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
   * never sees half a segment; exits 1 when the archive has no such file,
   * and 128 (which PostgreSQL takes as fatal) when it exists but could not
   * be served, saying why on stderr (the server's log).
   */
  fetchScript(): string {
    return `'use strict';
const http = require('http');
const fs = require('fs');
const [name, target] = process.argv.slice(2);
const fail = why => { process.stderr.write('restore_command: ' + why + '\\n'); process.exit(128); };
http.get(${JSON.stringify(this.url)} + encodeURIComponent(name), res => {
  if (res.statusCode === 404) { res.resume(); process.exit(1); }
  if (res.statusCode !== 200) {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', chunk => { body += chunk; });
    res.on('end', () => fail(body || 'HTTP ' + res.statusCode));
    return;
  }
  const tmp = target + '.dr-partial';
  const out = fs.createWriteStream(tmp);
  res.pipe(out);
  res.on('error', () => fail('the transfer of ' + name + ' broke off'));
  res.on('aborted', () => fail('the transfer of ' + name + ' broke off'));
  out.on('finish', () => { fs.renameSync(tmp, target); process.exit(0); });
  out.on('error', error => fail(error.message));
}).on('error', error => fail(error.message));
`;
  }

  async #serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    options: { signal?: AbortSignal },
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
    let file;
    try {
      file = await this.#archive.open(name, {
        signal: options.signal,
        onRead: bytes => {
          this.#bytes += bytes;
        },
      });
    } catch (error) {
      this.#failure(res, name, error);
      return;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    try {
      await pipeline(file.stream, res);
      this.#segments += 1;
    } catch (error) {
      this.#failure(res, name, error);
    }
  }

  /**
   * A file that exists but cannot be served: remembered for the restore's
   * error, and a failure (not "missing") for `restore_command`, so the
   * server stops instead of ending recovery early.
   */
  #failure(res: http.ServerResponse, name: string, error: unknown) {
    const message = `WAL file ${name}: ${(error as Error).message}`;
    this.#failures.push(message);
    if (res.headersSent) res.destroy();
    else res.writeHead(500, { 'content-type': 'text/plain' }).end(message);
  }

  /** Why WAL files that exist could not be served, if any could not. */
  get failures(): string[] {
    return [...this.#failures];
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }
}
