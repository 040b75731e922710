/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { HumanDuration } from '@backstage/types';

/** When a completed backup looks restorable and counts toward RPO. */
interface BackupChecksConfig {
  /** Smallest plausible size in bytes; default 1 (an empty file is suspicious). */
  minSizeBytes?: number;
  /**
   * Largest change of size, as a fraction, against the median of the
   * previous backups of the same series; default 0.5 (50%). `false` turns it off.
   */
  maxSizeChange?: number | false;
  /** How many previous backups of the series the median covers; default 7. */
  sizeHistory?: number;
}

export interface Config {
  dr?: {
    /**
     * When a completed backup counts toward RPO: a size below the floor or
     * changed by more than `maxSizeChange` against the median of its series
     * is suspicious: listed with the reason, skipped for RPO, notified.
     */
    backupChecks?: BackupChecksConfig;
    /**
     * Backup sources, keyed by the id entities use in
     * `dr.backstage.io/backup-sources: <id>:<selector>`.
     */
    sources?: {
      [sourceId: string]:
        | FilesystemBackupSourceConfig
        | S3BackupSourceConfig
        | VeleroBackupSourceConfig
        | AddedBackupSourceConfig;
    };
    /**
     * The allow-list of places restores may go. Anything else is refused, and
     * a production target also needs allowProduction: true.
     */
    restoreTargets?: {
      [targetId: string]:
        | PostgresRestoreTargetConfig
        | VeleroRestoreTargetConfig
        | AddedRestoreTargetConfig;
    };
    /**
     * Point-in-time recovery of PostgreSQL (postgres restores with
     * kindParameters.targetTime): where the scratch cluster comes from.
     */
    pointInTimeRecovery?: {
      /** PostgreSQL server binaries (postgres, pg_ctl, pg_dump, pg_restore); default `pg_config --bindir`. */
      binDir?: string;
      /** Parent of the scratch clusters' temp folders; default the OS temp folder. */
      scratchDirectory?: string;
      /** OS user the scratch cluster runs as when the backend runs as root; default postgres. */
      runAs?: string;
    };
    /** PostgreSQL dump restores. */
    restore?: {
      /**
       * Custom-format dumps that are not local files (S3, encrypted) are
       * staged to a temp file for parallel `pg_restore -j`.
       */
      staging?: {
        /** Parent of the staging temp folders; default the OS temp folder. */
        directory?: string;
        /** The largest dump staged, in bytes (default 10 GiB); 0 streams with one job instead. */
        maxBytes?: number;
      };
    };
  };
}

/** Settings every restore target has, whatever its kind. */
interface RestoreTargetConfigBase {
  title?: string;
  /** staging (default), test, production... */
  environment?: string;
  allowProduction?: boolean;
  /**
   * A sandbox that restore-test plans (dr.restoreTests) may restore into
   * without a human approval. Refused on a production target.
   */
  allowRestoreTests?: boolean;
  /** Entity refs that may be restored here; any when omitted. */
  allowedEntities?: string[];
}

/** A database that PostgreSQL restores replace. */
interface PostgresRestoreTargetConfig extends RestoreTargetConfigBase {
  type: 'postgres';
  /**
   * The database replaced after a successful, checked restore; not needed
   * (and not used) with keepRecoveredCluster.
   */
  connection?: {
    host?: string;
    port?: number;
    user: string;
    /** @visibility secret */
    password?: string;
    database: string;
    maintenanceDatabase?: string;
  };
  /** Keep the replaced database as <name>__previous. */
  keepPrevious?: boolean;
  /**
   * Point-in-time restores keep the recovered cluster itself as the target
   * instead of moving a database into `connection`: it is recovered in a
   * folder under `directory`, checked, then started on its own on the
   * first free port of `ports` and left running. The next restore to this
   * target stops and deletes it before its own cluster takes its place; a
   * failed or cancelled restore deletes its own cluster and leaves the kept
   * one as it was. Only point-in-time restores go to such a target.
   */
  keepRecoveredCluster?: {
    /** Absolute folder for the kept clusters' data (the cluster's OS user must be able to enter it). */
    directory: string;
    /** A port or a range, e.g. "55400-55409". */
    ports: string | number;
    /** Listen address; default 127.0.0.1. Over TCP the recovered cluster's own roles log in with their passwords. */
    host?: string;
  };
}

/** A namespace that Velero restores go to. */
interface VeleroRestoreTargetConfig extends RestoreTargetConfigBase {
  type: 'velero';
  /** The velero source whose cluster restores run in. */
  sourceId: string;
  /** Namespace the backed-up namespace is mapped to. */
  namespace: string;
}

/**
 * A target of a restore kind added by a module (`createRestorerFeature`);
 * its restorer reads, and its package's config.d.ts describes, its settings.
 */
interface AddedRestoreTargetConfig extends RestoreTargetConfigBase {
  /**
   * Any kind but the built-in ones, whose settings are checked above.
   * @pattern ^(?!(postgres|velero)$)
   */
  type: string;
  /** The kind's own settings, read by its restorer. */
  [setting: string]: unknown;
}

/** Settings every source type has. */
interface BackupSourceConfigBase {
  /**
   * Where this source keeps its copies: a region, site or provider
   * (`eu-west-1`, `on-prem`, `b2`). A plan scenario that destroys a location
   * (`destroys: [eu-west-1]`) judges its RPO only from sources elsewhere; a
   * source without a location never counts for such a scenario.
   */
  location?: string;
  /**
   * The source's backups must be encrypted: file sources read each new
   * backup's first bytes (OpenSSL `Salted__`, OpenPGP) and, for s3, the
   * object's server-side encryption; an unencrypted one is suspicious and
   * does not count toward RPO.
   */
  requireEncryption?: boolean;
  /** Overrides `dr.backupChecks` for this source's backups. */
  backupChecks?: BackupChecksConfig;
  /**
   * How often this source is indexed; overrides `dr.indexing.frequency`.
   * A duration (`5m`, `5 minutes`, `PT5M`, `{ minutes: 5 }`) or a cron
   * schedule (`{ cron: '0 * * * *' }`).
   */
  frequency?: HumanDuration | string | { cron: string };
  /**
   * How long calls to this source may take. A source that times out is
   * marked stale with "timed out after N s", keeps its last good index
   * and is retried with backoff; the other sources carry on.
   * @visibility backend
   */
  timeouts?: {
    /**
     * Establishing a connection (s3, velero), default 10 seconds.
     * @visibility backend
     */
    connect?: HumanDuration | string;
    /**
     * One call, default 60 seconds: an s3 listing page or object request
     * (retries included), a velero API call or the start of a watch, a
     * filesystem directory listing, stat or checksum read.
     * @visibility backend
     */
    request?: HumanDuration | string;
  };
}

/** Tools whose backup layouts file sources read. */
type BackupLayoutName =
  | 'pg_basebackup'
  | 'clickhouse-native'
  | 'clickhouse-backup'
  | 'redis-rdb';

/** Settings of sources whose backups are files (filesystem, s3). */
interface FileBackupSourceConfigBase extends BackupSourceConfigBase {
  /**
   * Patterns that read a backup's time from its file name, e.g.
   * `{prefix}_{type}_{YYYYMMDD}_{HHMMSS}`.
   */
  keyPatterns?: string[];
  /** Path prefix of WAL segments, default `wal/`. */
  walPrefix?: string;
  /**
   * Tools whose backups this source holds as they write them; each backup
   * becomes one row, complete only once the tool's manifest is there:
   * `pg_basebackup` (`base_YYYYMMDD_HHMMSS/` or any folder with
   * `base.tar*`/`backup_manifest`/`backup_label`), `clickhouse-native`
   * (`BACKUP ... TO S3/Disk` folders, `.backup`), `clickhouse-backup`
   * (`<name>/metadata.json`, `shadow/`, `metadata/`) and `redis-rdb`
   * (`dump-*.rdb`). A `{ layout, prefix }` entry reads the layout only
   * under that prefix (relative to the source's root), for a bucket that
   * holds several tools' backups. Without it, every file is its own backup.
   */
  layouts?: Array<
    | BackupLayoutName
    | {
        layout: BackupLayoutName;
        /** Keys the layout applies to, e.g. `clickhouse/`. */
        prefix?: string;
      }
  >;
  /** One layout, the same as `layouts: [<layout>]`. */
  layout?: BackupLayoutName;
  /** How often a complete listing reconciles the index, default 1 hour. */
  fullIndexInterval?: HumanDuration | string;
  /**
   * Passphrase of backups encrypted with `openssl enc -aes-256-cbc -pbkdf2`
   * (keys ending in .enc); the source decrypts them when they are restored.
   * @visibility secret
   */
  encryptionKey?: string;
  /**
   * How the source's backups are encrypted, instead of `encryptionKey`:
   * `openssl enc -aes-256-cbc -salt` with `-pbkdf2` (`keyDerivation: pbkdf2`,
   * the default, with `iterations` as `-iter`) or without it
   * (`keyDerivation: evp-bytes-to-key`, with `digest` as `-md`: `sha256`
   * for OpenSSL 1.1 and later, `md5` before), and `gpg --symmetric` files
   * with the same passphrase. The format is read from each file's header.
   */
  encryption?: {
    /**
     * The passphrase (`-k`/`-pass`, or gpg's).
     * @visibility secret
     */
    passphrase: string;
    keyDerivation?: 'pbkdf2' | 'evp-bytes-to-key';
    /** Default `sha256`. */
    digest?: 'sha256' | 'md5' | 'sha1' | 'sha512';
    /** PBKDF2 iterations; default 10,000. */
    iterations?: number;
  };
}

/** Backups as files on a mounted volume. */
interface FilesystemBackupSourceConfig extends FileBackupSourceConfigBase {
  type: 'filesystem';
  /** The mounted backup volume. */
  directory: string;
}

/** Backups in an S3 or S3-compatible bucket. */
interface S3BackupSourceConfig extends FileBackupSourceConfigBase {
  type: 's3';
  /** Bucket name. */
  bucket: string;
  /** Root prefix inside the bucket that selectors are relative to. */
  prefix?: string;
  /** Region, default us-east-1. */
  region?: string;
  /** Endpoint of an S3-compatible store (MinIO, Backblaze B2, Ceph). */
  endpoint?: string;
  /** Path-style addressing, needed by most S3-compatible stores. */
  forcePathStyle?: boolean;
  /** Attempts per request, default 3. */
  maxAttempts?: number;
  /**
   * The AWS account whose credentials under `aws.accounts` are used, as
   * other Backstage AWS integrations do. Without it and without
   * `credentials`: `aws.mainAccount`, else the AWS default chain.
   */
  accountId?: string;
  /** Static credentials; they win over `accountId`. */
  credentials?: {
    accessKeyId: string;
    /** @visibility secret */
    secretAccessKey: string;
    /** @visibility secret */
    sessionToken?: string;
  };
}

/** Velero Backups of one Kubernetes cluster. */
interface VeleroBackupSourceConfig extends BackupSourceConfigBase {
  type: 'velero';
  /** Namespace Velero runs in, default `velero`. */
  namespace?: string;
  /** The cluster's API server. */
  cluster?: {
    url: string;
    /** @visibility secret */
    serviceAccountToken?: string;
    /** @visibility secret */
    caData?: string;
    skipTLSVerify?: boolean;
  };
  /** Path of a kubeconfig file instead of `cluster`. */
  kubeconfig?: string;
  /** Kubeconfig context. */
  context?: string;
}

/**
 * A source type added by a module (`createBackupSourceFactoryFeature`); its
 * package's own config.d.ts describes its settings.
 */
interface AddedBackupSourceConfig extends BackupSourceConfigBase {
  /**
   * Any type but the built-in ones, whose settings are checked above.
   * @pattern ^(?!(filesystem|s3|velero)$)
   */
  type: string;
  /** The type's own settings, read by its factory. */
  [setting: string]: unknown;
}
