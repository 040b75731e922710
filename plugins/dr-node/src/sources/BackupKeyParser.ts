/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Config } from '@backstage/config';
import type {
  BackupStatus,
  BackupType,
} from '@dr-suite/backstage-plugin-dr-common';

/**
 * Key patterns tried when a source configures none.
 * @public
 */
export const DEFAULT_KEY_PATTERNS = [
  '{prefix}_{type}_{YYYYMMDD}_{HHMMSS}',
  '{prefix}-{type}-{YYYYMMDD-HHMMSS}',
  '{prefix}-{type}-{ISO8601}',
  '{prefix}_{YYYYMMDD}_{HHMMSS}',
  '{prefix}-{YYYYMMDD-HHMMSS}',
  // Redis copies: dump-YYYYMMDD-HHMM.rdb
  '{prefix}-{YYYYMMDD-HHMM}',
  // clickhouse-backup's default backup names: 2026-11-30T02-00-00
  '{ISO8601}',
];

/**
 * What a backup's key alone tells about it.
 * @public
 */
export interface KeyFacts {
  /** Time from the key, or null when no pattern matched. */
  time: Date | null;
  type: BackupType;
  status: BackupStatus;
  encrypted: boolean | null;
  /**
   * Keys of one series sort in time order (same prefix, timestamp after it),
   * so an incremental listing can resume after the newest known key.
   */
  series: string;
  ordered: boolean;
  /**
   * Set when the key is not a backup although it sits among backups: a WAL
   * archive's timeline history file or backup-start marker. Sources skip it.
   */
  notABackup?: string;
  /**
   * Why the key cannot be what its place says, e.g. a name in a WAL folder
   * that is not a segment name; its status is then `failed`.
   */
  problem?: string;
}

const TOKENS: Record<string, string> = {
  '{prefix}': '(?<prefix>.+?)',
  '{type}': '(?<type>[A-Za-z]+)',
  '{YYYYMMDD}': '(?<date>\\d{8})',
  '{HHMMSS}': '(?<clock>\\d{6})',
  '{YYYYMMDD-HHMMSS}': '(?<date>\\d{8})-(?<clock>\\d{6})',
  '{YYYYMMDD-HHMM}': '(?<date>\\d{8})-(?<clock>\\d{4})',
  '{ISO8601}':
    '(?<iso>\\d{4}-\\d{2}-\\d{2}T\\d{2}[:-]?\\d{2}[:-]?\\d{2}(?:\\.\\d+)?Z?)',
};

const ENCRYPTED_EXTENSIONS = ['.enc', '.gpg', '.pgp', '.age', '.aes'];
const IN_PROGRESS_EXTENSIONS = ['.partial', '.part', '.tmp', '.inprogress'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles a key pattern such as `{prefix}_{type}_{YYYYMMDD}_{HHMMSS}.sql.gz`
 * into a regular expression over a file name.
 *
 * @throws Error when the pattern has no time token.
 */
function compilePattern(pattern: string): RegExp {
  const parts = pattern.split(/(\{[A-Za-z0-9-]+\})/).filter(Boolean);
  if (
    !parts.some(p =>
      [
        '{YYYYMMDD}',
        '{YYYYMMDD-HHMMSS}',
        '{YYYYMMDD-HHMM}',
        '{ISO8601}',
      ].includes(p),
    )
  ) {
    throw new Error(
      `Key pattern "${pattern}" needs a date token: {YYYYMMDD}, {YYYYMMDD-HHMMSS} or {ISO8601}`,
    );
  }
  const body = parts
    .map(part => {
      if (part.startsWith('{')) {
        const token = TOKENS[part];
        if (!token) {
          throw new Error(
            `Key pattern "${pattern}" uses unknown token ${part}; known tokens are ${Object.keys(
              TOKENS,
            ).join(', ')}`,
          );
        }
        return token;
      }
      return escapeRegExp(part);
    })
    .join('');
  // A pattern without an extension accepts any (.sql.gz, .dump, .dump.enc).
  const tail = /\.[A-Za-z0-9]+$/.test(pattern) ? '' : '(?:\\.[A-Za-z0-9.]+)?';
  return new RegExp(`^${body}${tail}$`, 'd');
}

function normaliseType(word: string | undefined, name: string): BackupType {
  // Redis writes RDB snapshots; the name says nothing else about the type.
  if (/\.rdb$/i.test(name)) return 'snapshot';
  const text = (word ?? name).toLowerCase();
  if (/incr|diff/.test(text)) return 'incremental';
  if (/wal|xlog|binlog/.test(text)) return 'wal';
  if (/snap/.test(text)) return 'snapshot';
  return 'full';
}

function parseTime(groups: Record<string, string | undefined>): Date | null {
  let iso: string;
  if (groups.iso) {
    const m =
      /^(\d{4}-\d{2}-\d{2})T(\d{2})[:-]?(\d{2})[:-]?(\d{2})(\.\d+)?/.exec(
        groups.iso,
      );
    if (!m) return null;
    iso = `${m[1]}T${m[2]}:${m[3]}:${m[4]}${m[5] ?? ''}Z`;
  } else if (groups.date) {
    const d = groups.date;
    const c = (groups.clock ?? '').padEnd(6, '0');
    iso = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${c.slice(
      0,
      2,
    )}:${c.slice(2, 4)}:${c.slice(4, 6)}Z`;
  } else {
    return null;
  }
  const time = new Date(iso);
  // Rejects impossible dates such as 20261340 that Date would roll over.
  return Number.isNaN(time.getTime()) ||
    time.toISOString().slice(0, 10) !== iso.slice(0, 10)
    ? null
    : time;
}

/**
 * Timeline history files (`00000002.history`) and backup-start markers
 * (`<segment>.<offset>.backup`) live among WAL segments but are not segments.
 */
function walMarker(fileName: string): {
  notABackup?: string;
  problem?: string;
} {
  if (/^[0-9A-F]{8}\.history(\.[a-z0-9]+)?$/i.test(fileName))
    return { notABackup: 'timeline history file' };
  if (/^[0-9A-F]{24}\.[0-9A-F]{8}\.backup(\.[a-z0-9]+)?$/i.test(fileName))
    return { notABackup: 'backup-start marker' };
  // Timeline, log, and a segment number below 0x100 (16 MB segments or larger).
  if (!/^[0-9A-F]{16}000000[0-9A-F]{2}(\.[A-Za-z0-9.]+)?$/.test(fileName)) {
    return {
      problem: `${fileName} is in a WAL folder but is not a WAL segment name (24 hex digits: timeline, log, segment), a history file or a backup-start marker, so it is not counted. A pg_basebackup folder here needs the pg_basebackup layout on the source.`,
    };
  }
  return {};
}

/**
 * Reads time, type, status and series from object keys and file paths.
 * Times in keys are taken as UTC.
 * @public
 */
export class BackupKeyParser {
  readonly #patterns: RegExp[];
  readonly #walMatcher: RegExp | undefined;

  constructor(
    options: { patterns?: string[]; walPrefix?: string | false } = {},
  ) {
    this.#patterns = (options.patterns ?? DEFAULT_KEY_PATTERNS).map(
      compilePattern,
    );
    const wal = options.walPrefix === undefined ? 'wal/' : options.walPrefix;
    this.#walMatcher = wal
      ? new RegExp(`(^|/)${escapeRegExp(wal)}`)
      : undefined;
  }

  /** Reads `keyPatterns` and `walPrefix` from a backup source's config. */
  static fromConfig(config: Config): BackupKeyParser {
    return new BackupKeyParser({
      patterns: config.getOptionalStringArray('keyPatterns'),
      walPrefix: config.getOptionalString('walPrefix'),
    });
  }

  parse(keyOrFolder: string, sizeBytes?: number | null): KeyFacts {
    // A backup set's key is its folder: its name carries the time, also
    // where the set sits in a WAL folder (`wal/base_YYYYMMDD_HHMMSS/`).
    const isFolder = keyOrFolder.endsWith('/');
    const key = isFolder ? keyOrFolder.slice(0, -1) : keyOrFolder;
    const slash = key.lastIndexOf('/');
    const directory = key.slice(0, slash + 1);
    const fileName = key.slice(slash + 1);
    const lower = fileName.toLowerCase();

    let status: BackupStatus = 'succeeded';
    if (IN_PROGRESS_EXTENSIONS.some(ext => lower.endsWith(ext)))
      status = 'in-progress';
    else if (lower.endsWith('.failed') || sizeBytes === 0) status = 'failed';
    const encrypted = ENCRYPTED_EXTENSIONS.some(ext => lower.includes(ext))
      ? true
      : null;

    if (!isFolder && this.#walMatcher?.test(key)) {
      // WAL segment names grow monotonically, so the directory is one series.
      const marker = walMarker(fileName);
      return {
        time: null,
        type: 'wal',
        status: marker.problem ? 'failed' : status,
        encrypted,
        series: directory,
        ordered: true,
        ...marker,
      };
    }

    for (const pattern of this.#patterns) {
      const match = pattern.exec(fileName);
      if (!match?.groups) continue;
      const time = parseTime(match.groups);
      if (!time) continue;
      const timeGroup = match.groups.iso !== undefined ? 'iso' : 'date';
      const start = match.indices?.groups?.[timeGroup]?.[0] ?? 0;
      return {
        time,
        type: normaliseType(match.groups.type, fileName),
        status,
        encrypted,
        series: directory + fileName.slice(0, start),
        ordered: true,
      };
    }
    return {
      time: null,
      type: normaliseType(undefined, fileName),
      status,
      encrypted,
      series: directory,
      ordered: false,
    };
  }
}
