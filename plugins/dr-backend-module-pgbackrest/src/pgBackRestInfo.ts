/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { IndexedBackup } from '@dr-suite/backstage-plugin-dr-node';

/**
 * pgBackRest's stanza status codes (`status.code` of `info --output=json`).
 * @internal
 */
export const STANZA_STATUS = {
  ok: 0,
  missingStanzaPath: 1,
  noValidBackups: 2,
  missingStanzaData: 3,
} as const;

/**
 * One stanza of `pgbackrest info --output=json`, read into what the source needs.
 * @internal
 */
export interface PgBackRestStanza {
  name: string;
  statusCode: number;
  statusMessage: string;
  /** True while a backup of this stanza holds its lock, i.e. is running. */
  backupRunning: boolean;
  backups: IndexedBackup[];
  /** The archive of the stanza's current database (the last one listed). */
  archive: { id: string; min: string | null; max: string | null } | null;
}

/** The output of the real binary is still read as hostile: fields are checked. */
type Json = unknown;

function objectAt(value: Json, path: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path} is not an object`);
  }
  return value as Record<string, Json>;
}

function optionalObject(
  value: Json,
  path: string,
): Record<string, Json> | undefined {
  return value === undefined || value === null
    ? undefined
    : objectAt(value, path);
}

function stringAt(value: Json, path: string): string {
  if (typeof value !== 'string' || !value) {
    throw new Error(`${path} is not a non-empty string`);
  }
  return value;
}

function optionalString(value: Json): string | null {
  return typeof value === 'string' && value ? value : null;
}

/** A count of bytes, or null when absent or not a count. */
function byteCount(value: Json): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? value
    : null;
}

/** Epoch seconds to a Date, or null when absent or not a plausible time. */
function epochSeconds(value: Json): Date | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? new Date(value * 1000)
    : null;
}

/** pgBackRest labels: `YYYYMMDD-HHMMSSF`, then `_YYYYMMDD-HHMMSS[DI]` for diff/incr. */
const LABEL = /^\d{8}-\d{6}F(_\d{8}-\d{6}[DI])?$/;

/** WAL segment names: timeline, log and segment, 8 hex digits each. */
export const WAL_SEGMENT = /^[0-9A-F]{24}$/;

function toBackup(stanza: string, raw: Json, path: string): IndexedBackup {
  const backup = objectAt(raw, path);
  const label = stringAt(backup.label, `${path}.label`);
  if (!LABEL.test(label)) {
    throw new Error(
      `${path}.label "${label}" is not a pgBackRest backup label`,
    );
  }
  const pgbackrestType = stringAt(backup.type, `${path}.type`);
  if (!['full', 'diff', 'incr'].includes(pgbackrestType)) {
    throw new Error(
      `${path}.type "${pgbackrestType}" is not full, diff or incr`,
    );
  }
  const timestamp = optionalObject(backup.timestamp, `${path}.timestamp`);
  const info = optionalObject(backup.info, `${path}.info`);
  const repository = optionalObject(
    info?.repository,
    `${path}.info.repository`,
  );
  const lsn = optionalObject(backup.lsn, `${path}.lsn`);
  const archive = optionalObject(backup.archive, `${path}.archive`);
  const database = optionalObject(backup.database, `${path}.database`);
  const backrest = optionalObject(backup.backrest, `${path}.backrest`);
  return {
    key: `${stanza}/${label}`,
    name: label,
    type: pgbackrestType === 'full' ? 'full' : 'incremental',
    // A backup with page checksum errors is restorable in parts at best: it
    // is shown, and never counts toward RPO.
    status: backup.error === true ? 'failed' : 'succeeded',
    startedAt: epochSeconds(timestamp?.start),
    completedAt: epochSeconds(timestamp?.stop),
    sizeBytes: byteCount(info?.size),
    checksum: null,
    // pgBackRest's repository cipher is per stanza, not per backup; see `cipher`.
    encrypted: null,
    details: {
      stanza,
      label,
      pgbackrestType,
      prior: optionalString(backup.prior),
      repositorySizeBytes: byteCount(repository?.size),
      repositoryDeltaBytes: byteCount(repository?.delta),
      deltaBytes: byteCount(info?.delta),
      lsnStart: optionalString(lsn?.start),
      lsnStop: optionalString(lsn?.stop),
      archiveStart: optionalString(archive?.start),
      archiveStop: optionalString(archive?.stop),
      errors: backup.error === true,
      repoKey: byteCount(database?.['repo-key']),
      pgbackrestVersion: optionalString(backrest?.version),
    },
  };
}

function toArchive(raw: Json, path: string): PgBackRestStanza['archive'] {
  if (!Array.isArray(raw) || raw.length === 0) return null;
  // pgBackRest lists one archive per database history entry, oldest first;
  // after a `stanza-upgrade` the last one is where new WAL goes.
  const last = objectAt(raw[raw.length - 1], `${path}[${raw.length - 1}]`);
  const segment = (value: Json) => {
    const name = optionalString(value);
    return name && WAL_SEGMENT.test(name) ? name : null;
  };
  return {
    id: stringAt(last.id, `${path}[${raw.length - 1}].id`),
    min: segment(last.min),
    max: segment(last.max),
  };
}

/**
 * Reads the stdout of `pgbackrest info --output=json`.
 * @throws Error naming the field when the output is not what pgBackRest prints
 * @internal
 */
export function parsePgBackRestInfo(stdout: string): PgBackRestStanza[] {
  let parsed: Json;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error('pgbackrest info did not print JSON');
  }
  if (!Array.isArray(parsed)) {
    throw new Error('pgbackrest info did not print a JSON array of stanzas');
  }
  return parsed.map((raw, index) => {
    const path = `stanza[${index}]`;
    const stanza = objectAt(raw, path);
    const name = stringAt(stanza.name, `${path}.name`);
    const status = objectAt(stanza.status, `${path}.status`);
    const statusCode = status.code;
    if (typeof statusCode !== 'number') {
      throw new Error(`${path}.status.code is not a number`);
    }
    const lock = optionalObject(status.lock, `${path}.status.lock`);
    const backupLock = optionalObject(
      lock?.backup,
      `${path}.status.lock.backup`,
    );
    const backups = Array.isArray(stanza.backup) ? stanza.backup : [];
    return {
      name,
      statusCode,
      statusMessage: optionalString(status.message) ?? `code ${statusCode}`,
      backupRunning: backupLock?.held === true,
      backups: backups.map((backup, i) =>
        toBackup(name, backup, `${path}.backup[${i}]`),
      ),
      archive: toArchive(stanza.archive, `${path}.archive`),
    };
  });
}
