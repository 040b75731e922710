/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Readable } from 'node:stream';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type {
  BackupStatus,
  BackupType,
} from '@dr-suite/backstage-plugin-dr-common';

/**
 * A backup as a source reports it.
 * @public
 */
export interface IndexedBackup {
  /** Unique within the source: object key, relative path or CR name. */
  key: string;
  name: string;
  type: BackupType;
  status: BackupStatus;
  startedAt: Date | null;
  completedAt: Date | null;
  sizeBytes: number | null;
  checksum: string | null;
  encrypted: boolean | null;
  details: JsonObject;
}

/**
 * Where a source writes what it finds. Implemented by the backend's store.
 * @public
 */
export interface IndexSink {
  /** Inserts or updates backups. */
  upsert(backups: IndexedBackup[]): Promise<void>;
  /** Removes backups by key. */
  remove(keys: string[]): Promise<void>;
  /** Keys currently indexed for this source, optionally under a prefix. */
  keys(prefix?: string): Promise<Set<string>>;
}

/**
 * How one indexing run of a source went.
 * @public
 */
export interface IndexRunResult {
  mode: 'full' | 'incremental';
  /** Handed back to the next run as `previousState`. */
  state: JsonObject;
  /** Backups listed by the source in this run. */
  listed: number;
  upserted: number;
  removed: number;
}

/**
 * Context of one indexing run.
 * @public
 */
export interface IndexRunContext {
  sink: IndexSink;
  logger: LoggerService;
  /** What the previous successful run returned; undefined on the first run. */
  previousState?: JsonObject;
  /** Forces a complete listing even if an incremental one would do. */
  full?: boolean;
  /**
   * Someone asked for this run: check everything an incremental run can,
   * rather than only what is expected to have changed.
   */
  eager?: boolean;
  signal?: AbortSignal;
}

/**
 * Which of a source's backups belong to an entity.
 * `prefix` selectors are matched by the store; `filter` selectors in memory.
 * `canonical` is stored with the entity and parsed again later.
 * @public
 */
export type BackupSelector =
  | { kind: 'prefix'; prefix: string; canonical: string }
  | {
      kind: 'filter';
      description: string;
      /** A selector text that parses to this selector without the entity. */
      canonical: string;
      matches(backup: { key: string; details: JsonObject }): boolean;
    };

/**
 * A place backups live.
 * @public
 */
export interface BackupSource {
  readonly id: string;
  readonly type: string;
  /** Lists the source and writes what changed into the sink. */
  index(context: IndexRunContext): Promise<IndexRunResult>;
  /**
   * Turns the selector part of `dr.backstage.io/backup-sources` into a matcher.
   * @throws InputError with a message for people when the selector is invalid.
   */
  parseSelector(selector: string, entity: Entity): BackupSelector;
}

/**
 * A source whose backups can be read byte by byte (dumps on a volume or in a bucket).
 * @public
 */
export interface ReadableBackupSource extends BackupSource {
  /** Streams the backup's bytes. */
  openReadStream(
    key: string,
    options?: { signal?: AbortSignal },
  ): Promise<Readable>;
  /** Size in bytes, or undefined when the source does not know. */
  statSize(key: string): Promise<number | undefined>;
  /** A local file path when the backup is a plain file on this machine. */
  localPath?(key: string): string | undefined;
}

/**
 * Returns true when the source can stream backup contents.
 * @public
 */
export function isReadableBackupSource(
  source: BackupSource,
): source is ReadableBackupSource {
  return typeof (source as ReadableBackupSource).openReadStream === 'function';
}

/**
 * Creates sources of one `type` from `dr.sources.<id>` config.
 * @public
 */
export interface BackupSourceFactory {
  type: string;
  create(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }): BackupSource;
}
