/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import http from 'node:http';
import https from 'node:https';
import {
  type SourceTimeouts,
  SourceTimeoutError,
} from '@dr-suite/backstage-plugin-dr-node';

/** `system.backups` of a busy server is a few hundred kB; this leaves room. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * ClickHouse answered a query with an exception.
 * @internal
 */
export class ClickHouseQueryError extends Error {
  name = 'ClickHouseQueryError';
  constructor(message: string, readonly code: number | undefined) {
    super(message);
  }
}

/** `Code: 516. DB::Exception: u: Authentication failed… (AUTHENTICATION_FAILED) (version …)` */
const EXCEPTION =
  /Code: (\d+)\. DB::Exception: ([\s\S]*?)(?: \(([A-Z_]+)\))?(?: \(version [^)]*\)+)?\s*$/;

/**
 * Reads ClickHouse's exception text into `code NAME: message`.
 * @internal
 */
export function parseClickHouseException(
  text: string,
): { code: number; message: string } | undefined {
  const match = EXCEPTION.exec(text.trim());
  if (!match) return undefined;
  const [, code, message, name] = match;
  return {
    code: Number(code),
    message: `${name ? `${name} (code ${code})` : `code ${code}`}: ${message
      .trim()
      .replace(/\.$/, '')}`,
  };
}

/**
 * Sends read-only queries to ClickHouse's HTTP interface: GET (which
 * ClickHouse runs read-only), the credentials in `X-ClickHouse-User` and
 * `X-ClickHouse-Key` headers (never in the URL, which proxies log), each
 * request bounded by the source's connect and request timeouts.
 * @internal
 */
export class ClickHouseHttpClient {
  readonly #url: URL;
  readonly #user: string;
  readonly #password: string;
  readonly #timeouts: SourceTimeouts;
  readonly #what: string;

  constructor(options: {
    url: string;
    user: string;
    password: string;
    timeouts: SourceTimeouts;
    /** The source, for messages: `ClickHouse of source "ch"`. */
    what: string;
  }) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new Error(
        `${options.what}: url must be a URL such as https://clickhouse.internal:8443`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`${options.what}: url must be http or https`);
    }
    if (url.username || url.password) {
      throw new Error(
        `${options.what}: put the user and password in user and password, not in the url`,
      );
    }
    this.#url = url;
    this.#user = options.user;
    this.#password = options.password;
    this.#timeouts = options.timeouts;
    this.#what = options.what;
  }

  /** The server's address without credentials, for messages. */
  get endpoint(): string {
    return this.#url.origin;
  }

  /** Runs `sql` and returns the response body. */
  query(sql: string, signal?: AbortSignal): Promise<string> {
    const url = new URL(this.#url);
    url.searchParams.set('query', sql);
    const transport = url.protocol === 'https:' ? https : http;
    const { connectMs, requestMs } = this.#timeouts;
    return new Promise((resolve, reject) => {
      let settled = false;
      const timers: Partial<
        Record<'request' | 'connect', ReturnType<typeof setTimeout>>
      > = {};
      const request = transport.request(url, {
        method: 'GET',
        headers: {
          'X-ClickHouse-User': this.#user,
          'X-ClickHouse-Key': this.#password,
          Accept: 'application/json',
        },
        agent: false,
      });
      function onAbort() {
        request.destroy();
        finish(new Error('The query was aborted'));
      }
      function finish(error: Error | undefined, body?: string) {
        if (settled) return;
        settled = true;
        clearTimeout(timers.request);
        clearTimeout(timers.connect);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(body!);
      }
      const timeout = (ms: number, phase: string) =>
        setTimeout(() => {
          const error = new SourceTimeoutError(
            `${phase} ${this.#what} at ${this.endpoint} timed out after ${
              ms / 1000
            } s`,
          );
          request.destroy(error);
          finish(error);
        }, ms);
      timers.request = timeout(requestMs, 'Querying');
      request.on('socket', socket => {
        if (!socket.connecting) return;
        timers.connect = timeout(connectMs, 'Connecting to');
        socket.once(
          url.protocol === 'https:' ? 'secureConnect' : 'connect',
          () => clearTimeout(timers.connect),
        );
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', error => {
        const code = (error as NodeJS.ErrnoException).code;
        finish(
          error instanceof SourceTimeoutError
            ? error
            : new Error(
                `${this.#what} at ${this.endpoint} cannot be reached${
                  code ? ` (${code})` : ''
                }`,
              ),
        );
      });
      request.on('response', response => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            request.destroy();
            finish(
              new Error(
                `${this.#what} answered more than ${
                  MAX_RESPONSE_BYTES / 1024 / 1024
                } MB`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', error => finish(error));
        response.on('end', () => {
          const body = this.#redact(Buffer.concat(chunks).toString('utf8'));
          const status = response.statusCode ?? 0;
          if (status === 200) {
            finish(undefined, body);
            return;
          }
          const header = Number(
            response.headers['x-clickhouse-exception-code'],
          );
          const parsed = parseClickHouseException(body);
          const hint =
            parsed?.code === 516 || status === 401 || status === 403
              ? "; check the source's user and password"
              : '';
          let detail = '';
          if (parsed) detail = `: ${parsed.message}`;
          else if (body)
            detail = `: ${body.trim().split('\n')[0].slice(0, 300)}`;
          finish(
            new ClickHouseQueryError(
              `${this.#what} answered HTTP ${status}${detail}${hint}`,
              parsed?.code ?? (Number.isFinite(header) ? header : undefined),
            ),
          );
        });
      });
      request.end();
    });
  }

  /** Keeps the password out of anything read back from the server. */
  #redact(text: string): string {
    return this.#password ? text.split(this.#password).join('<secret>') : text;
  }
}
