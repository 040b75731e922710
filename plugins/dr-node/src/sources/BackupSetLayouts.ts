/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type {
  BackupStatus,
  BackupType,
} from '@dr-suite/backstage-plugin-dr-common';
import type { BackupKeyParser } from './BackupKeyParser';
import type { IndexedBackup } from './types';

/**
 * Tools whose backups span many files under one folder.
 * @public
 */
export type BackupSetLayout =
  | 'pg_basebackup'
  | 'clickhouse-native'
  | 'clickhouse-backup';

const LAYOUTS: Record<
  BackupSetLayout,
  {
    /** The file the tool writes last: its presence marks the set complete. */
    manifest: string;
    /** Direct children that make their folder a set of this layout. */
    isMarker(name: string, isFile: boolean): boolean;
  }
> = {
  pg_basebackup: {
    manifest: 'backup_manifest',
    isMarker: (name, isFile) =>
      isFile &&
      (name === 'backup_manifest' ||
        name === 'backup_label' ||
        name === 'PG_VERSION' ||
        /^(base|pg_wal|\d+)\.tar(\.[a-z0-9]+)?$/.test(name)),
  },
  'clickhouse-native': {
    manifest: '.backup',
    isMarker: (name, isFile) =>
      isFile
        ? name === '.backup'
        : name === 'data' || name === 'metadata' || name === 'shards',
  },
  'clickhouse-backup': {
    manifest: 'metadata.json',
    isMarker: (name, isFile) =>
      isFile
        ? name === 'metadata.json'
        : name === 'shadow' || name === 'metadata',
  },
};

/** pg_basebackup folders as scripts name them: `base_YYYYMMDD_HHMMSS`. */
const PG_BASE_FOLDER = /^base_\d{8}[_-]?\d{6}$/;

/** Largest manifest read; a `.backup` lists every file of the backup. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/**
 * Where a key belongs when it is part of a backup set.
 * @internal
 */
export interface SetMembership {
  /** The set's folder key, ending in `/`; the set's backup key. */
  root: string;
  layout: BackupSetLayout;
}

/**
 * The set layouts a source reads (`dr.sources.<id>.layouts` or `layout`).
 * A key is part of a set when a folder on its path holds a marker of a
 * configured layout (the tool's manifest, or the files and folders the tool
 * writes first); the shallowest such folder is the set. Decided from the key
 * alone, so a listing is grouped in one pass.
 * @internal
 */
export class BackupSetLayouts {
  readonly #layouts: Array<{ layout: BackupSetLayout; prefix: string }>;

  /**
   * @param layouts - layout names, or a layout limited to keys under a
   *   prefix (relative to the source's root), e.g. a bucket holding
   *   ClickHouse backups under `clickhouse/` beside other things
   */
  constructor(
    layouts: Array<string | { layout: string; prefix?: string }> = [],
  ) {
    const entries = layouts.map(entry =>
      typeof entry === 'string' ? { layout: entry, prefix: '' } : entry,
    );
    for (const { layout } of entries) {
      if (!(layout in LAYOUTS) && layout !== 'redis-rdb') {
        throw new Error(
          `Unknown backup layout "${layout}"; known layouts are ${[
            ...Object.keys(LAYOUTS),
            'redis-rdb',
          ].join(', ')}`,
        );
      }
    }
    // Redis RDB snapshots are single files, read by every file source.
    this.#layouts = entries
      .filter(e => e.layout in LAYOUTS)
      .map(e => ({
        layout: e.layout as BackupSetLayout,
        prefix: e.prefix ?? '',
      }));
  }

  /**
   * Reads `layouts` (names, or `{ layout, prefix }`) or `layout` (one name)
   * from a source's config.
   */
  static fromConfig(config: Config): BackupSetLayouts {
    const one = config.getOptionalString('layout');
    const list = config.getOptional('layouts');
    if (list === undefined) return new BackupSetLayouts(one ? [one] : []);
    if (!Array.isArray(list)) {
      throw new Error('layouts must be a list of layout names');
    }
    return new BackupSetLayouts(
      list.map((entry, index) => {
        if (typeof entry === 'string') return entry;
        const { layout, prefix } = (entry ?? {}) as Record<string, unknown>;
        if (
          typeof layout !== 'string' ||
          (prefix !== undefined && typeof prefix !== 'string')
        ) {
          throw new Error(
            `layouts[${index}] must be a layout name or { layout, prefix }`,
          );
        }
        return { layout, prefix: prefix as string | undefined };
      }),
    );
  }

  /**
   * The set a key is part of, if any.
   * @param key - an object key or file path; a folder key ends in `/`
   * @param rootPrefix - the source's root, never a set itself
   */
  membership(key: string, rootPrefix = ''): SetMembership | undefined {
    if (!this.#layouts.length || !key.startsWith(rootPrefix)) return undefined;
    const relative = key.slice(rootPrefix.length);
    const layouts = this.#layouts
      .filter(l => relative.startsWith(l.prefix))
      .map(l => l.layout);
    if (!layouts.length) return undefined;
    const parts = relative.split('/');
    let folder = rootPrefix;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      const isFile = i === parts.length - 1;
      if (!name) break;
      if (i > 0) {
        for (const layout of layouts) {
          if (LAYOUTS[layout].isMarker(name, isFile))
            return { root: folder, layout };
        }
      }
      if (
        !isFile &&
        layouts.includes('pg_basebackup') &&
        PG_BASE_FOLDER.test(name)
      ) {
        return { root: `${folder}${name}/`, layout: 'pg_basebackup' };
      }
      folder += `${name}/`;
    }
    return undefined;
  }
}

/**
 * One object of a set, relative to the set's folder.
 * @internal
 */
export interface SetMember {
  path: string;
  size: number;
  modified: Date | null;
}

/**
 * What is known of one set after listing it, before its manifest is read.
 * @internal
 */
export class BackupSetAccumulator {
  readonly root: string;
  readonly layout: BackupSetLayout;
  objectCount = 0;
  storedBytes = 0;
  firstModified: Date | null = null;
  lastModified: Date | null = null;
  /** The completion marker, when listed. */
  manifest: SetMember | undefined;
  /** pg_basebackup plain format: `backup_label`. */
  label: SetMember | undefined;
  /** Top-level files, e.g. pg_basebackup's tars (bounded). */
  readonly files: string[] = [];

  constructor(membership: SetMembership) {
    this.root = membership.root;
    this.layout = membership.layout;
  }

  add(member: SetMember): void {
    this.objectCount += 1;
    this.storedBytes += member.size;
    const t = member.modified;
    if (t && (!this.firstModified || t < this.firstModified))
      this.firstModified = t;
    if (t && (!this.lastModified || t > this.lastModified))
      this.lastModified = t;
    if (member.path === LAYOUTS[this.layout].manifest) this.manifest = member;
    if (this.layout === 'pg_basebackup' && member.path === 'backup_label')
      this.label = member;
    if (!member.path.includes('/') && this.files.length < 50)
      this.files.push(member.path);
  }

  /** Files whose contents the set's row needs: small metadata only. */
  toRead(): SetMember[] {
    const wanted: SetMember[] = [];
    if (this.manifest && this.manifest.size <= MAX_MANIFEST_BYTES)
      wanted.push(this.manifest);
    if (!this.manifest && this.label && this.label.size <= 64 * 1024)
      wanted.push(this.label);
    return wanted;
  }

  /**
   * The set's one backup row.
   * @param contents - texts of the files {@link toRead} asked for, by path;
   *   a file missing here is one that could not be read
   */
  toBackup(
    parser: BackupKeyParser,
    contents: Map<string, string>,
    extraDetails: JsonObject = {},
  ): IndexedBackup {
    const name = this.root.slice(0, -1).split('/').pop()!;
    const nameTime = parser.parse(this.root).time;
    const read = readManifest(this, contents);
    const files = [...this.files].sort();
    const details: JsonObject = {
      ...extraDetails,
      layout: this.layout,
      objectCount: this.objectCount,
      storedBytes: this.storedBytes,
      ...(this.layout === 'pg_basebackup' ? { files } : {}),
      ...(this.lastModified
        ? { lastModified: this.lastModified.toISOString() }
        : {}),
      ...read.details,
    };
    if (read.problem) details.problem = read.problem;
    const complete = read.status !== 'in-progress';
    return {
      key: this.root,
      name,
      type: read.type,
      status: read.status,
      startedAt: read.startedAt ?? nameTime ?? this.firstModified,
      // The manifest is written last: when it appeared is when the set completed.
      completedAt: complete
        ? this.manifest?.modified ?? this.lastModified ?? nameTime
        : null,
      sizeBytes: read.sizeBytes ?? this.storedBytes,
      checksum: null,
      encrypted: null,
      details,
    };
  }
}

interface ManifestFacts {
  status: BackupStatus;
  type: BackupType;
  startedAt?: Date | null;
  sizeBytes?: number;
  problem?: string;
  details: JsonObject;
}

function readManifest(
  set: BackupSetAccumulator,
  contents: Map<string, string>,
): ManifestFacts {
  const manifestName = LAYOUTS[set.layout].manifest;
  const running: ManifestFacts = {
    status: 'in-progress',
    type: 'full',
    details: {
      note: `No ${manifestName} yet: the ${set.layout} backup is still being written or was interrupted`,
    },
  };
  if (!set.manifest) {
    if (set.layout === 'pg_basebackup') {
      const label = contents.get('backup_label');
      const start = label ? readLabelStartTime(label) : null;
      return start ? { ...running, startedAt: start } : running;
    }
    return running;
  }
  const text = contents.get(manifestName);
  if (text === undefined) {
    return {
      status: 'failed',
      type: 'full',
      problem:
        set.manifest.size > MAX_MANIFEST_BYTES
          ? `${manifestName} of ${set.root} is larger than ${MAX_MANIFEST_BYTES} bytes and was not read`
          : `${manifestName} of ${set.root} could not be read: it was removed while indexing`,
      details: {},
    };
  }
  try {
    switch (set.layout) {
      case 'pg_basebackup':
        return withPgDataPresent(set, readPgManifest(text));
      case 'clickhouse-native':
        return readClickHouseManifest(text);
      default:
        return readClickHouseBackupMetadata(text);
    }
  } catch (error) {
    return {
      status: 'failed',
      type: 'full',
      problem: `${manifestName} of ${set.root} does not parse: ${
        (error as Error).message
      }`,
      details: {},
    };
  }
}

/**
 * A pg_basebackup set restores only with its data: `base.tar*` (tar format)
 * or `PG_VERSION` (plain format) beside the manifest. Without it, parts of
 * the set were lost (a lifecycle rule, a failed upload) and it is failed.
 */
function withPgDataPresent(
  set: BackupSetAccumulator,
  facts: ManifestFacts,
): ManifestFacts {
  if (set.files.some(f => f === 'PG_VERSION' || /^base\.tar(\.|$)/.test(f))) {
    return facts;
  }
  return {
    ...facts,
    status: 'failed',
    problem: `${set.root} has its backup_manifest but neither base.tar nor PG_VERSION: parts of the set are missing and it cannot be restored`,
  };
}

/** `START TIME: 2026-11-30 10:00:00 UTC` in a backup_label. */
function readLabelStartTime(label: string): Date | null {
  const m =
    /^START TIME:\s*(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})\s*(\S+)?/m.exec(
      label,
    );
  if (!m) return null;
  const zone = !m[3] || /^(UTC|GMT)$/i.test(m[3]) ? 'Z' : m[3];
  const time = new Date(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(time.getTime()) ? null : time;
}

/** PostgreSQL 13+ `backup_manifest`: JSON with `Files` and `WAL-Ranges`. */
function readPgManifest(text: string): ManifestFacts {
  const manifest = JSON.parse(text);
  const version = manifest?.['PostgreSQL-Backup-Manifest-Version'];
  if (typeof version !== 'number' || !Array.isArray(manifest.Files)) {
    throw new Error(
      'expected PostgreSQL-Backup-Manifest-Version and a Files list',
    );
  }
  let size = 0;
  for (const file of manifest.Files) size += Number(file?.Size) || 0;
  const ranges = Array.isArray(manifest['WAL-Ranges'])
    ? manifest['WAL-Ranges']
    : [];
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  return {
    status: 'succeeded',
    type: 'full',
    sizeBytes: size,
    details: {
      manifestVersion: version,
      fileCount: manifest.Files.length,
      ...(first?.['Start-LSN'] ? { startLsn: String(first['Start-LSN']) } : {}),
      ...(last?.['End-LSN'] ? { endLsn: String(last['End-LSN']) } : {}),
      ...(first?.Timeline !== undefined
        ? { timeline: Number(first.Timeline) }
        : {}),
    },
  };
}

function xmlText(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1]?.trim();
}

/**
 * ClickHouse's `.backup` (BackupImpl::writeBackupMetadata): `<config>` with
 * `version`, `timestamp` (server local time, taken as UTC), `uuid`, optional
 * `base_backup`, and `contents.file[]` with `name`, `size`.
 */
function readClickHouseManifest(text: string): ManifestFacts {
  if (!/<config>[\s\S]*<\/config>/.test(text))
    throw new Error('expected a <config> document');
  const version = xmlText(text, 'version');
  const stamp = xmlText(text, 'timestamp');
  if (!version || !stamp) throw new Error('expected <version> and <timestamp>');
  const startedAt = new Date(`${stamp.replace(' ', 'T')}Z`);
  if (Number.isNaN(startedAt.getTime()))
    throw new Error(`<timestamp> "${stamp}" is not a time`);
  let size = 0;
  let files = 0;
  for (const file of text.matchAll(/<file>([\s\S]*?)<\/file>/g)) {
    files += 1;
    size += Number(xmlText(file[1], 'size')) || 0;
  }
  const base = xmlText(text, 'base_backup');
  return {
    status: 'succeeded',
    type: base ? 'incremental' : 'full',
    startedAt,
    sizeBytes: size,
    details: {
      fileCount: files,
      ...(xmlText(text, 'uuid') ? { uuid: xmlText(text, 'uuid')! } : {}),
      ...(base ? { baseBackup: base } : {}),
    },
  };
}

/** clickhouse-backup's `metadata.json`. */
function readClickHouseBackupMetadata(text: string): ManifestFacts {
  const meta = JSON.parse(text);
  if (typeof meta !== 'object' || meta === null || !meta.creation_date)
    throw new Error('expected an object with creation_date');
  const startedAt = new Date(meta.creation_date);
  if (Number.isNaN(startedAt.getTime()))
    throw new Error(`creation_date "${meta.creation_date}" is not a time`);
  const required =
    typeof meta.required_backup === 'string' && meta.required_backup
      ? meta.required_backup
      : undefined;
  const dataSize = Number(meta.data_size) || 0;
  const metadataSize = Number(meta.metadata_size) || 0;
  const details: JsonObject = {
    ...(typeof meta.backup_name === 'string'
      ? { backupName: meta.backup_name }
      : {}),
    dataSize,
    metadataSize,
    ...(meta.compressed_size !== undefined
      ? { compressedSize: Number(meta.compressed_size) || 0 }
      : {}),
    ...(required ? { requiredBackup: required } : {}),
  };
  return {
    status: 'succeeded',
    type: required ? 'incremental' : 'full',
    startedAt,
    sizeBytes: dataSize + metadataSize || undefined,
    details,
  };
}

/**
 * Logs the backups a run found something wrong with (a manifest that does
 * not parse, a file that is not what its name says), so operators see them
 * beside the row's `details.problem`.
 * @internal
 */
export function logBackupProblems(
  logger: LoggerService,
  sourceId: string,
  backups: IndexedBackup[],
): void {
  for (const backup of backups) {
    const problem = backup.details.problem;
    if (typeof problem === 'string')
      logger.warn(`Backup "${backup.key}" of source "${sourceId}": ${problem}`);
  }
}
