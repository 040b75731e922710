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
  /**
   * Facts the source tells. On a `failed` row of type `wal`,
   * `continuityProblem` (a string) marks a continuous copy that does not
   * count now (a replica that is not streaming) and says why; an RPO of 0 is
   * breached with it.
   */
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
 * A readable source that can decrypt its encrypted backups with its own key
 * (`dr.sources.<id>.encryptionKey`), so no caller reads keys from config.
 * @public
 */
export interface DecryptingBackupSource extends ReadableBackupSource {
  /**
   * Whether the backup's first bytes show an encryption this source reads.
   * @param head - at least the first 16 bytes of the backup
   */
  isEncrypted(head: Buffer): boolean;
  /**
   * Decrypts an encrypted backup's bytes as a stream.
   * @param key - the backup's key, for messages
   * @param encrypted - the backup's bytes as read
   * @returns the plain bytes; an error on the stream when the key is wrong
   * @throws Error when the source has no key configured
   */
  decrypt(key: string, encrypted: Readable): Readable;
}

/**
 * Returns true when the source can decrypt its backups.
 * @public
 */
export function isDecryptingBackupSource(
  source: BackupSource,
): source is DecryptingBackupSource {
  return (
    isReadableBackupSource(source) &&
    typeof (source as DecryptingBackupSource).decrypt === 'function' &&
    typeof (source as DecryptingBackupSource).isEncrypted === 'function'
  );
}

/**
 * What a source should restore in the system its backups came from.
 * @public
 */
export interface SourceRestoreRequest {
  /** Name of the restore, unique in that system. */
  name: string;
  /** The backup's key in this source. */
  backupKey: string;
  /** Namespaces to restore, each into the namespace it maps to. */
  namespaceMapping: Record<string, string>;
  /** Labels put on the restore, e.g. the approval it runs for. */
  labels?: Record<string, string>;
}

/**
 * Where a restore run by a source stands.
 * @public
 */
export interface SourceRestoreStatus {
  name: string;
  /** The system's own word for it, e.g. Velero's `InProgress`. */
  phase: string;
  /** True once the restore ended, whichever way. */
  done: boolean;
  /** True when it ended and everything was restored. */
  succeeded: boolean;
  itemsTotal: number | null;
  itemsRestored: number | null;
  warnings: number;
  errors: number;
  /** Why it failed, when the system says. */
  reasons: string[];
  completedAt: Date | null;
}

/**
 * A source that restores its own backups in place (Velero).
 * @public
 */
export interface RestoringBackupSource extends BackupSource {
  /** Starts a restore and returns at once. */
  startRestore(request: SourceRestoreRequest): Promise<void>;
  /**
   * Follows a started restore until it is done or the signal aborts.
   * @param onProgress - called with each new status
   * @returns the final status
   */
  followRestore(
    name: string,
    options: {
      onProgress(status: SourceRestoreStatus): void;
      signal?: AbortSignal;
    },
  ): Promise<SourceRestoreStatus>;
}

/**
 * Returns true when the source restores its own backups.
 * @public
 */
export function isRestoringBackupSource(
  source: BackupSource,
): source is RestoringBackupSource {
  return (
    typeof (source as RestoringBackupSource).startRestore === 'function' &&
    typeof (source as RestoringBackupSource).followRestore === 'function'
  );
}

/**
 * What a source should write for a point-in-time recovery.
 * @public
 */
export interface DataDirectoryRestoreRequest {
  /** The base backup's key in this source. */
  backupKey: string;
  /** An empty folder that becomes the recovered cluster's data directory. */
  dataDirectory: string;
  /** Recover up to this instant, then promote. */
  targetTime: Date;
  /** The OS user the cluster runs as, when the tool must write as it. */
  runAs?: string;
  logger: LoggerService;
  signal?: AbortSignal;
}

/**
 * A source whose tool writes a PostgreSQL data directory ready to recover to
 * a point in time, with its own `restore_command` (pgBackRest's
 * `restore --type=time`). Point-in-time recovery uses it instead of reading
 * base backup files and WAL segments itself.
 * @public
 */
export interface DataDirectoryRestoringBackupSource extends BackupSource {
  /**
   * Writes the backup's data directory, set up to recover to the target
   * time and promote (recovery settings and `recovery.signal` included).
   * @throws Error with the tool's words when it fails
   */
  restoreDataDirectory(request: DataDirectoryRestoreRequest): Promise<void>;
}

/**
 * Returns true when the source writes data directories for point-in-time recovery.
 * @public
 */
export function isDataDirectoryRestoringBackupSource(
  source: BackupSource,
): source is DataDirectoryRestoringBackupSource {
  return (
    typeof (source as DataDirectoryRestoringBackupSource)
      .restoreDataDirectory === 'function'
  );
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
