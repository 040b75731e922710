/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One row of ClickHouse's `system.backups` (24.x columns). Times are
 * instants; unset ones are written as ClickHouse writes them (1970-01-01).
 * Any column may be given a value of the wrong type, to model what a
 * different server version or a proxy might send.
 * @public
 */
export interface ClickHouseBackupRow {
  id: string;
  /** The destination as written, e.g. `S3('https://…/backups/x/', 'key', '[HIDDEN]')`. */
  name: string;
  /** `BACKUP_CREATED`, `CREATING_BACKUP`, `BACKUP_FAILED`, `RESTORED`, … */
  status: string;
  base_backup_name?: unknown;
  query_id?: unknown;
  error?: unknown;
  start_time?: Date | unknown;
  end_time?: Date | unknown;
  num_files?: unknown;
  total_size?: unknown;
  num_entries?: unknown;
  uncompressed_size?: unknown;
  compressed_size?: unknown;
  files_read?: unknown;
  bytes_read?: unknown;
}

/**
 * An exception the test server answers with, as ClickHouse does: before
 * any row (an HTTP error status), or after `afterRows` rows, in the body of
 * a 200 response that already started.
 * @public
 */
export interface ClickHouseTestFailure {
  /** ClickHouse's error code, e.g. 241. */
  code: number;
  /** Its name, e.g. `MEMORY_LIMIT_EXCEEDED`. */
  name: string;
  message: string;
  afterRows?: number;
}

/**
 * A local server speaking ClickHouse's HTTP interface for the queries a
 * backup source sends to `system.backups`: `SELECT` of columns, `*` and
 * `toUnixTimestamp(<column>) AS <alias>` with `FORMAT JSONEachRow` or
 * `FORMAT JSON`, authenticated by `X-ClickHouse-User`/`X-ClickHouse-Key`,
 * HTTP basic auth or `user`/`password` parameters. Values are written as
 * ClickHouse writes them by default (UInt64 quoted, DateTime64 in the
 * server's time zone, UTC here); errors carry ClickHouse's codes, texts and
 * HTTP statuses (516 as 403, unknown identifiers as 404, syntax as 400).
 * Debian's clickhouse-server predates `BACKUP`, so this is what tests use.
 * @public
 */
export interface ClickHouseTestServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  user: string;
  password: string;
  /** The SQL of every query received, in order. */
  queries: string[];
  /** Adds a row to `system.backups`, or replaces the row with its `id`. */
  put(row: ClickHouseBackupRow): void;
  /** Empties `system.backups`, as a server restart does. */
  clear(): void;
  /** Makes every query fail with this exception, until set to undefined. */
  setFailure(failure: ClickHouseTestFailure | undefined): void;
  stop(): Promise<void>;
}

const VERSION = '24.8.4.13';

/** The columns of `system.backups` in ClickHouse 24.x, in their order. */
const COLUMNS: Record<string, 'String' | 'Enum8' | 'DateTime64' | 'UInt64'> = {
  id: 'String',
  name: 'String',
  base_backup_name: 'String',
  query_id: 'String',
  status: 'Enum8',
  error: 'String',
  start_time: 'DateTime64',
  end_time: 'DateTime64',
  num_files: 'UInt64',
  total_size: 'UInt64',
  num_entries: 'UInt64',
  uncompressed_size: 'UInt64',
  compressed_size: 'UInt64',
  files_read: 'UInt64',
  bytes_read: 'UInt64',
};

class ClickHouseException extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
  }

  text(user: string): string {
    const prefix = this.code === 516 ? `${user}: ` : '';
    return `Code: ${this.code}. DB::Exception: ${prefix}${this.message}. (${this.codeName}) (version ${VERSION} (official build))\n`;
  }
}

/** `2026-11-30 03:00:00.000000`, as DateTime64(6) prints in UTC. */
function formatDateTime64(value: Date): string {
  const iso = value.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

function formatValue(type: string, value: unknown): unknown {
  if (type === 'DateTime64' && value instanceof Date) {
    return formatDateTime64(value);
  }
  // output_format_json_quote_64bit_integers=1 is the default.
  if (type === 'UInt64' && typeof value === 'number') return String(value);
  return value;
}

function defaultValue(type: string): unknown {
  if (type === 'DateTime64') return new Date(0);
  if (type === 'UInt64') return 0;
  return '';
}

interface SelectItem {
  alias: string;
  column: string;
  epoch: boolean;
}

/** Parses the SELECTs this server answers, or throws as ClickHouse would. */
function parseQuery(sql: string): {
  items: SelectItem[] | '*';
  extra: SelectItem[];
  format: string;
} {
  const match =
    /^\s*SELECT\s+([\s\S]+?)\s+FROM\s+([\w.]+)\s+FORMAT\s+(\w+)\s*;?\s*$/i.exec(
      sql,
    );
  if (!match) {
    throw new ClickHouseException(
      62,
      'SYNTAX_ERROR',
      `Syntax error: failed at position 1 ('${sql.slice(0, 20)}'): ${sql}`,
      400,
    );
  }
  const [, list, table, format] = match;
  if (table !== 'system.backups') {
    throw new ClickHouseException(
      60,
      'UNKNOWN_TABLE',
      `Table ${table} does not exist`,
      404,
    );
  }
  if (format !== 'JSONEachRow' && format !== 'JSON') {
    throw new ClickHouseException(
      73,
      'UNKNOWN_FORMAT',
      `Unknown format ${format}`,
      404,
    );
  }
  let star = false;
  const items: SelectItem[] = [];
  for (const raw of list.split(',').map(part => part.trim())) {
    if (raw === '*') {
      star = true;
      continue;
    }
    const item =
      /^toUnixTimestamp\((\w+)\)(?:\s+AS\s+(\w+))?$/i.exec(raw) ??
      /^(\w+)(?:\s+AS\s+(\w+))?$/i.exec(raw);
    if (!item) {
      throw new ClickHouseException(
        62,
        'SYNTAX_ERROR',
        `Syntax error: failed at ('${raw}')`,
        400,
      );
    }
    const column = item[1];
    if (!(column in COLUMNS)) {
      throw new ClickHouseException(
        47,
        'UNKNOWN_IDENTIFIER',
        `Missing columns: '${column}' while processing query: '${raw}'`,
        404,
      );
    }
    const epoch = raw.toLowerCase().startsWith('tounixtimestamp(');
    items.push({
      column,
      epoch,
      alias: item[2] ?? (epoch ? `toUnixTimestamp(${column})` : column),
    });
  }
  return { items: star ? '*' : items, extra: star ? items : [], format };
}

/**
 * Starts a {@link ClickHouseTestServer} on a free loopback port.
 * @public
 */
export async function startClickHouseTestServer(
  options: { user?: string; password?: string } = {},
): Promise<ClickHouseTestServer> {
  const user = options.user ?? 'dr_reader';
  const password = options.password ?? 'clickhouse-test-password';
  const rows = new Map<string, ClickHouseBackupRow>();
  const queries: string[] = [];
  let failure: ClickHouseTestFailure | undefined;

  const authenticate = (req: http.IncomingMessage, url: URL) => {
    let given = {
      user: req.headers['x-clickhouse-user'] as string | undefined,
      key: req.headers['x-clickhouse-key'] as string | undefined,
    };
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic) {
      const [u, ...p] = Buffer.from(basic[1], 'base64')
        .toString('utf8')
        .split(':');
      given = { user: u, key: p.join(':') };
    } else if (url.searchParams.has('user')) {
      given = {
        user: url.searchParams.get('user') ?? undefined,
        key: url.searchParams.get('password') ?? undefined,
      };
    }
    const name = given.user || 'default';
    if (name !== user || (given.key ?? '') !== password) {
      throw Object.assign(
        new ClickHouseException(
          516,
          'AUTHENTICATION_FAILED',
          'Authentication failed: password is incorrect, or there is no user with such name',
          403,
        ),
        { user: name },
      );
    }
  };

  const rowObject = (row: ClickHouseBackupRow, items: SelectItem[] | '*') => {
    const all = row as unknown as Record<string, unknown>;
    const value = (column: string) =>
      all[column] ?? defaultValue(COLUMNS[column]);
    const out: Record<string, unknown> = {};
    const selected =
      items === '*'
        ? Object.keys(COLUMNS).map(column => ({
            column,
            alias: column,
            epoch: false,
          }))
        : items;
    for (const item of selected) {
      const v = value(item.column);
      if (!item.epoch) {
        out[item.alias] = formatValue(COLUMNS[item.column], v);
      } else {
        // toUnixTimestamp of a value that is not a time fails in ClickHouse;
        // 0 stands for what a broken server or proxy might send instead.
        out[item.alias] =
          v instanceof Date ? Math.floor(v.getTime() / 1000) : 0;
      }
    }
    return out;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks).toString('utf8');
      const sql = url.searchParams.get('query') ?? body;
      res.setHeader('X-ClickHouse-Server-Display-Name', 'clickhouse-test');
      res.setHeader('X-ClickHouse-Query-Id', `q-${queries.length + 1}`);
      try {
        authenticate(req, url);
        if (req.method === 'GET' && !sql) {
          res.end('Ok.\n');
          return;
        }
        queries.push(sql);
        const { items, extra, format } = parseQuery(sql);
        if (failure && failure.afterRows === undefined) {
          throw new ClickHouseException(
            failure.code,
            failure.name,
            failure.message,
            500,
          );
        }
        const objects = [...rows.values()].map(row => ({
          ...rowObject(row, items),
          ...(extra.length ? rowObject(row, extra) : {}),
        }));
        res.statusCode = 200;
        res.setHeader(
          'Content-Type',
          format === 'JSON'
            ? 'application/json; charset=UTF-8'
            : 'application/x-ndjson; charset=UTF-8',
        );
        res.setHeader('X-ClickHouse-Format', format);
        const limit = failure?.afterRows ?? objects.length;
        if (format === 'JSON') {
          res.write(
            `{\n\t"data":\n\t[\n${objects
              .slice(0, limit)
              .map(o => `\t\t${JSON.stringify(o)}`)
              .join(',\n')}`,
          );
        } else {
          for (const object of objects.slice(0, limit)) {
            res.write(`${JSON.stringify(object)}\n`);
          }
        }
        if (failure) {
          // ClickHouse has sent 200 and rows already; the exception follows
          // in the body.
          res.end(
            new ClickHouseException(
              failure.code,
              failure.name,
              failure.message,
              500,
            ).text(user),
          );
          return;
        }
        res.end(
          format === 'JSON'
            ? `\n\t],\n\t"rows": ${objects.length}\n}\n`
            : undefined,
        );
      } catch (error) {
        if (!(error instanceof ClickHouseException)) throw error;
        res.statusCode = error.httpStatus;
        res.setHeader('X-ClickHouse-Exception-Code', String(error.code));
        res.setHeader('Content-Type', 'text/plain; charset=UTF-8');
        res.end(error.text((error as { user?: string }).user ?? user));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    user,
    password,
    queries,
    put(row) {
      rows.set(row.id, row);
    },
    clear() {
      rows.clear();
    },
    setFailure(next) {
      failure = next;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
