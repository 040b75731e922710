/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { JsonObject } from '@backstage/types';
import type { BackupStatus } from '@dr-suite/backstage-plugin-dr-common';
import type { IndexedBackup } from '@dr-suite/backstage-plugin-dr-node';
import { parseClickHouseException } from './ClickHouseHttpClient';

/**
 * The query this module sends. `*` keeps it working across versions whose
 * `system.backups` columns differ (`base_backup_name` came in 24.x); the
 * epochs are unambiguous whatever the server's time zone, and need no
 * setting changed (a `readonly=1` user may change none).
 * @internal
 */
export const SYSTEM_BACKUPS_QUERY =
  'SELECT *, toUnixTimestamp(start_time) AS start_epoch, toUnixTimestamp(end_time) AS end_epoch FROM system.backups FORMAT JSONEachRow';

/**
 * `system.backups` statuses of BACKUP operations (RESTORE rows are left
 * out), with the names 22.x used. Only a created backup counts.
 */
const BACKUP_STATUSES: Record<string, BackupStatus> = {
  BACKUP_CREATED: 'succeeded',
  CREATING_BACKUP: 'in-progress',
  BACKUP_FAILED: 'failed',
  BACKUP_CANCELLED: 'failed',
  BACKUP_COMPLETE: 'succeeded',
  PREPARING_TO_BACKUP: 'in-progress',
  MAKING_BACKUP: 'in-progress',
  FAILED_TO_BACKUP: 'failed',
};

const RESTORE_STATUS = /RESTOR/;

/** Longest error text kept from ClickHouse. */
const MAX_ERROR_CHARS = 2000;

/**
 * Where a backup went, from its `name` (`S3('…')`, `Disk('d', 'p')`,
 * `File('p')`, `AzureBlobStorage(…)`), without credentials.
 * @internal
 */
export interface BackupDestination {
  /** `S3`, `Disk`, … */
  engine: string;
  /**
   * The place, without scheme, credentials or query: `host/bucket/path/`
   * for S3 (`<collection>/<path>` with a named collection), `<disk>/<path>`
   * for Disk, the path for File,
   * `<container>/<path>` for Azure.
   */
  location: string;
  /** The name to show: the engine and the place, no secrets. */
  display: string;
}

/** Splits `Engine('a', 'b\'c', 3)` into its engine and string arguments. */
function splitCall(text: string): { engine: string; args: string[] } | null {
  const match = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*\(([\s\S]*)\)\s*$/.exec(text);
  if (!match) return null;
  const args: string[] = [];
  const body = match[2];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === "'") {
      let value = '';
      i += 1;
      while (i < body.length && body[i] !== "'") {
        if (body[i] === '\\' && i + 1 < body.length) i += 1;
        value += body[i];
        i += 1;
      }
      if (i >= body.length) return null;
      args.push(value);
      i += 1;
    } else if (c === ',' || /\s/.test(c)) {
      i += 1;
    } else {
      // A number or identifier argument: kept as text.
      const rest = /^[^,]+/.exec(body.slice(i))![0];
      args.push(rest.trim());
      i += rest.length;
    }
  }
  return { engine: match[1], args };
}

const quote = (value: string) =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Reads a backup's destination from its `system.backups` name; undefined
 * when the name is not an engine call this module knows.
 * @internal
 */
export function parseDestination(name: string): BackupDestination | undefined {
  const call = splitCall(name);
  if (!call || call.args.length === 0) return undefined;
  const { engine, args } = call;
  switch (engine) {
    case 'S3': {
      let url: URL;
      try {
        url = new URL(args[0]);
      } catch {
        // S3(<named collection>, 'path'): the collection holds the endpoint
        // and credentials.
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(args[0])) return undefined;
        const rest = (args[1] ?? '').replace(/^\/+/, '');
        return {
          engine,
          location: `${args[0]}/${rest}`,
          display: `S3(${args[0]}${
            args[1] === undefined ? '' : `, ${quote(args[1])}`
          })`,
        };
      }
      const location = `${url.host}${decodeURIComponent(url.pathname)}`;
      // Key and secret (arguments 2 and 3) are never kept, masked or not.
      return {
        engine,
        location,
        display: `S3(${quote(`${url.protocol}//${location}`)})`,
      };
    }
    case 'Disk': {
      if (args.length < 2) return undefined;
      return {
        engine,
        location: `${args[0]}/${args[1].replace(/^\/+/, '')}`,
        display: `Disk(${quote(args[0])}, ${quote(args[1])})`,
      };
    }
    case 'File':
      return {
        engine,
        location: args[0].replace(/^\/+/, ''),
        display: `File(${quote(args[0])})`,
      };
    case 'AzureBlobStorage': {
      // The first argument is a connection string or URL with a key.
      if (args.length < 3) return undefined;
      return {
        engine,
        location: `${args[1]}/${args[2].replace(/^\/+/, '')}`,
        display: `AzureBlobStorage(${quote(args[1])}, ${quote(args[2])})`,
      };
    }
    default:
      return undefined;
  }
}

/** A count from a UInt64 column (quoted by default) or null. */
function count(value: unknown): number | null {
  let n = NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+$/.test(value)) n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** An epoch from `toUnixTimestamp`, or null for ClickHouse's "unset" 0. */
function epoch(value: unknown): Date | null | 'invalid' {
  const n = count(value);
  if (n === null) return 'invalid';
  return n === 0 ? null : new Date(n * 1000);
}

/**
 * What one line of the query's output became: a backup, a RESTORE row to
 * leave out, or a line that cannot be a backup (`skip` says why).
 * @internal
 */
export type SystemBackupsLine =
  | { kind: 'backup'; backup: IndexedBackup }
  | { kind: 'restore' }
  | { kind: 'skip'; problem: string };

/**
 * Turns one JSONEachRow line of {@link SYSTEM_BACKUPS_QUERY} into a backup.
 * A row that parses but says something this module cannot trust (an
 * unknown status, a created backup without an end time) is kept as
 * `failed` with `details.problem`: listed, never counted toward RPO.
 * @throws ClickHouse's exception when the line is one (it follows rows
 *   already sent when a query fails midway, and the listing is incomplete)
 * @internal
 */
export function readSystemBackupsLine(line: string): SystemBackupsLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    const exception = parseClickHouseException(line);
    if (exception) {
      throw new Error(`ClickHouse failed midway: ${exception.message}`);
    }
    return { kind: 'skip', problem: 'a line that is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { kind: 'skip', problem: 'a line that is not a JSON object' };
  }
  const row = raw as Record<string, unknown>;
  const status = typeof row.status === 'string' ? row.status : '';
  if (RESTORE_STATUS.test(status)) return { kind: 'restore' };
  const id = typeof row.id === 'string' ? row.id.trim() : '';
  if (!id || id.length > 200) {
    return { kind: 'skip', problem: 'a row without an operation id' };
  }
  const name = typeof row.name === 'string' ? row.name : '';
  const destination = parseDestination(name);
  const problems: string[] = [];
  if (!destination) {
    problems.push(
      'its destination is not S3(…), Disk(…), File(…) or AzureBlobStorage(…)',
    );
  }

  let mapped: BackupStatus = BACKUP_STATUSES[status];
  if (!mapped) {
    problems.push(`status "${status.slice(0, 40)}" is not a BACKUP status`);
    mapped = 'failed';
  }
  const startedAt = epoch(row.start_epoch);
  const endedAt = epoch(row.end_epoch);
  if (startedAt === 'invalid') problems.push('start_time is not a time');
  if (endedAt === 'invalid') problems.push('end_time is not a time');
  let completedAt: Date | null =
    endedAt instanceof Date && mapped !== 'in-progress' ? endedAt : null;
  if (mapped === 'succeeded' && !completedAt) {
    problems.push('a created backup without an end time');
  }
  if (problems.length > 0 && mapped !== 'failed') {
    // Whatever it says, a row read only in parts is never counted.
    mapped = 'failed';
    completedAt = endedAt instanceof Date ? endedAt : null;
  }

  const baseName =
    typeof row.base_backup_name === 'string' ? row.base_backup_name : '';
  const base = baseName ? parseDestination(baseName) : undefined;
  const error =
    typeof row.error === 'string' && row.error
      ? (parseClickHouseException(row.error)?.message ?? row.error).slice(
          0,
          MAX_ERROR_CHARS,
        )
      : null;
  const details: JsonObject = {
    operationId: id,
    clickhouseStatus: status,
    engine: destination?.engine ?? null,
    destination: destination?.location ?? null,
    baseBackup: base?.display ?? (baseName ? '(not readable)' : null),
    baseDestination: base?.location ?? null,
    numFiles: count(row.num_files),
    numEntries: count(row.num_entries),
    uncompressedSizeBytes: count(row.uncompressed_size),
    compressedSizeBytes: count(row.compressed_size),
    error,
  };
  if (problems.length > 0) details.problem = problems.join('; ');
  const location = destination?.location ?? 'unknown/';
  return {
    kind: 'backup',
    backup: {
      // One destination may hold a failed attempt and its retry.
      key: `${location}#${id}`,
      name: destination?.display ?? `${name.split('(')[0].slice(0, 40)}(…)`,
      type: baseName ? 'incremental' : 'full',
      status: mapped,
      startedAt: startedAt instanceof Date ? startedAt : null,
      completedAt,
      sizeBytes: count(row.total_size),
      checksum: null,
      encrypted: null,
      details,
    },
  };
}
