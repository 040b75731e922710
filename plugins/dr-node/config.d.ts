/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { HumanDuration } from '@backstage/types';

export interface Config {
  dr?: {
    /**
     * Backup sources, keyed by the id entities use in
     * `dr.backstage.io/backup-sources: <id>:<selector>`.
     */
    sources?: {
      [sourceId: string]: {
        /** filesystem, s3 or velero; modules can add more types. */
        type: string;
        /** filesystem: the mounted backup volume. */
        directory?: string;
        /** s3: bucket name. */
        bucket?: string;
        /** s3: root prefix inside the bucket that selectors are relative to. */
        prefix?: string;
        /** s3: region, default us-east-1. */
        region?: string;
        /** s3: endpoint of an S3-compatible store (MinIO, Backblaze B2, Ceph). */
        endpoint?: string;
        /** s3: path-style addressing, needed by most S3-compatible stores. */
        forcePathStyle?: boolean;
        /** s3: attempts per request, default 3. */
        maxAttempts?: number;
        /** s3: static credentials; without them the AWS default chain is used. */
        credentials?: {
          accessKeyId: string;
          /** @visibility secret */
          secretAccessKey: string;
          /** @visibility secret */
          sessionToken?: string;
        };
        /**
         * s3 and filesystem: patterns that read a backup's time from its file
         * name, e.g. `{prefix}_{type}_{YYYYMMDD}_{HHMMSS}`.
         */
        keyPatterns?: string[];
        /** s3 and filesystem: path prefix of WAL segments, default `wal/`. */
        walPrefix?: string;
        /** s3 and filesystem: how often a complete listing reconciles the index, default 1 hour. */
        fullIndexInterval?: HumanDuration | string;
        /** velero: namespace Velero runs in, default `velero`. */
        namespace?: string;
        /** velero: the cluster's API server. */
        cluster?: {
          url: string;
          /** @visibility secret */
          serviceAccountToken?: string;
          /** @visibility secret */
          caData?: string;
          skipTLSVerify?: boolean;
        };
        /** velero: path of a kubeconfig file instead of `cluster`. */
        kubeconfig?: string;
        /** velero: kubeconfig context. */
        context?: string;
        /** How often this source is indexed; overrides `dr.indexing.frequency`. */
        frequency?: HumanDuration | string;
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
        /**
         * Passphrase of backups encrypted with `openssl enc -aes-256-cbc -pbkdf2`
         * (keys ending in .enc), used when they are restored.
         * @visibility secret
         */
        encryptionKey?: string;
      };
    };
    /**
     * The allow-list of places restores may go. Anything else is refused, and
     * a production target also needs allowProduction: true.
     */
    restoreTargets?: {
      [targetId: string]: {
        /** postgres or velero. */
        type: string;
        title?: string;
        /** staging (default), test, production... */
        environment?: string;
        allowProduction?: boolean;
        /** Entity refs that may be restored here; any when omitted. */
        allowedEntities?: string[];
        /** postgres: the database replaced after a successful, checked restore. */
        connection?: {
          host?: string;
          port?: number;
          user: string;
          /** @visibility secret */
          password?: string;
          database: string;
          maintenanceDatabase?: string;
        };
        /** postgres: keep the replaced database as <name>__previous. */
        keepPrevious?: boolean;
        /** velero: the velero source whose cluster restores run in. */
        sourceId?: string;
        /** velero: namespace the backed-up namespace is mapped to. */
        namespace?: string;
      };
    };
  };
}
