/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type {
  BackupStatus,
  BackupType,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  type BackupSelector,
  type BackupSource,
  type BackupSourceFactory,
  type IndexRunContext,
  type IndexRunResult,
  type IndexedBackup,
  KubernetesApiError,
  type KubernetesObject,
  replaceIndex,
} from '@dr-suite/backstage-plugin-dr-node';
import { CloudNativePgClient } from './CloudNativePgClient';

/**
 * CloudNativePG Backup phases mapped to the suite's statuses. Only
 * `completed` is a backup one can restore; `walArchivingFailing` means the
 * backup could not be taken because WAL archiving fails.
 */
const PHASES: Record<string, BackupStatus> = {
  pending: 'in-progress',
  started: 'in-progress',
  running: 'in-progress',
  finalizing: 'in-progress',
  completed: 'succeeded',
  failed: 'failed',
  walArchivingFailing: 'failed',
};

/** A Kubernetes namespace, or a CloudNativePG cluster name (DNS labels). */
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * CloudNativePG backups of one Kubernetes cluster: each `Backup` CR
 * (`postgresql.cnpg.io/v1`) is one backup, and each server of a Barman Cloud
 * plugin `ObjectStore` (`barmancloud.cnpg.io/v1`) is one `wal` row holding
 * the recovery window the plugin reports.
 *
 * Keys are `<namespace>/<cluster>/backups/<Backup name>` and
 * `<namespace>/<cluster>/recovery-windows/<ObjectStore name>/<server>`.
 *
 * Selectors: a cluster name (`orders-db` or `cluster=orders-db`, in any of the
 * source's namespaces) or a namespace and cluster (`databases/orders-db`).
 * @internal
 */
export class CloudNativePgBackupSource implements BackupSource {
  readonly type = 'cloudnative-pg';
  readonly id: string;
  readonly #client: CloudNativePgClient;

  constructor(options: { id: string; client: CloudNativePgClient }) {
    this.id = options.id;
    this.#client = options.client;
  }

  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }): CloudNativePgBackupSource {
    const { id, config } = options;
    for (const namespace of config.getOptionalStringArray('namespaces') ?? []) {
      if (!NAME.test(namespace)) {
        throw new InputError(
          `dr.sources.${id}.namespaces: "${namespace}" is not a valid Kubernetes namespace`,
        );
      }
    }
    return new CloudNativePgBackupSource({
      id,
      client: CloudNativePgClient.fromConfig(config),
    });
  }

  async index(context: IndexRunContext): Promise<IndexRunResult> {
    // Backups and stores are few (one Backup per cluster and schedule run,
    // kept for the retention period); a complete listing is cheap and exact.
    // Everything is listed before anything is written, so a failed page
    // leaves the last good index as it was.
    let backups: KubernetesObject[];
    try {
      backups = await this.#client.listBackups(context.signal);
    } catch (error) {
      if (error instanceof KubernetesApiError && error.statusCode === 404) {
        throw new KubernetesApiError(
          `${error.message} (is CloudNativePG installed? Its Backup CRD is backups.postgresql.cnpg.io)`,
          error.statusCode,
        );
      }
      throw error;
    }
    const stores = await this.#client.listObjectStores(context.signal);
    if (!stores) {
      context.logger.debug(
        'The Barman Cloud plugin is not installed (no objectstores.barmancloud.cnpg.io); indexing Backups only',
      );
    }

    const rows: IndexedBackup[] = [];
    for (const backup of backups) {
      const row = toBackup(backup);
      if (row) {
        rows.push(row);
      } else {
        context.logger.warn(
          `Skipped CloudNativePG Backup ${backup.metadata.namespace}/${backup.metadata.name}: spec.cluster.name is not a valid cluster name`,
        );
      }
    }
    const clusters = clustersByServer(backups);
    for (const store of stores ?? []) {
      rows.push(
        ...toRecoveryWindows(store, clusters, server =>
          context.logger.warn(
            `Skipped server "${server}" of ObjectStore ${store.metadata.namespace}/${store.metadata.name}: not a valid server name`,
          ),
        ),
      );
    }

    return replaceIndex(context.sink, rows);
  }

  parseSelector(selector: string, _entity: Entity): BackupSelector {
    let text = selector.trim();
    if (text.startsWith('cluster=')) text = text.slice('cluster='.length);
    const parts = text.split('/').map(part => part.trim());
    const example = `"${this.id}:orders-db" or "${this.id}:databases/orders-db"`;
    if (!text || parts.length > 2) {
      throw new InputError(
        `Source "${this.id}" needs a CloudNativePG cluster name or <namespace>/<cluster>, e.g. ${example}`,
      );
    }
    for (const part of parts) {
      if (!NAME.test(part)) {
        throw new InputError(
          `"${part}" in selector "${selector.trim()}" of source "${
            this.id
          }" is not a valid Kubernetes name; use ${example}`,
        );
      }
    }
    if (parts.length === 2) {
      const [namespace, cluster] = parts;
      return {
        kind: 'prefix',
        prefix: `${namespace}/${cluster}/`,
        canonical: `${namespace}/${cluster}`,
      };
    }
    const [cluster] = parts;
    return {
      kind: 'filter',
      description: `cluster ${cluster}`,
      canonical: `cluster=${cluster}`,
      matches: ({ details }) => details.cluster === cluster,
    };
  }
}

/** One indexed backup per Backup CR; undefined without a valid cluster name. */
function toBackup(backup: KubernetesObject): IndexedBackup | undefined {
  const namespace = backup.metadata.namespace ?? 'default';
  const cluster = backup.spec?.cluster?.name;
  // Keys are built from it, so a name with a slash could pose as another cluster.
  if (typeof cluster !== 'string' || !NAME.test(cluster)) return undefined;
  const status = backup.status ?? {};
  const phase = typeof status.phase === 'string' ? status.phase : 'pending';
  const method =
    stringOrNull(status.method) ?? stringOrNull(backup.spec?.method);
  const type: BackupType = method === 'volumeSnapshot' ? 'snapshot' : 'full';
  const error =
    stringOrNull(status.error) ??
    (phase === 'walArchivingFailing'
      ? 'WAL archiving is failing, so the backup could not be taken'
      : null);
  const details: JsonObject = {
    kind: 'base-backup',
    phase,
    namespace,
    cluster,
    method,
    online: typeof status.online === 'boolean' ? status.online : null,
    backupId: stringOrNull(status.backupId),
    backupName: stringOrNull(status.backupName),
    serverName: stringOrNull(status.serverName),
    beginWal: stringOrNull(status.beginWal),
    endWal: stringOrNull(status.endWal),
    beginLSN: stringOrNull(status.beginLSN),
    endLSN: stringOrNull(status.endLSN),
    destinationPath: stringOrNull(status.destinationPath),
    error,
  };
  return {
    key: `${namespace}/${cluster}/backups/${backup.metadata.name}`,
    name: backup.metadata.name,
    type,
    // A phase this source does not know yet never counts as a backup.
    status: PHASES[phase] ?? 'in-progress',
    startedAt: toDate(status.startedAt),
    completedAt: toDate(status.stoppedAt),
    sizeBytes: null,
    checksum: null,
    encrypted: null,
    details,
  };
}

/**
 * `<namespace>/<server>` → the cluster whose Backups write to that server.
 * A cluster writes to a server of its own name unless the plugin's
 * `serverName` parameter says otherwise; its Backups report the name used.
 */
function clustersByServer(backups: KubernetesObject[]): Map<string, string> {
  const found = new Map<string, Set<string>>();
  for (const backup of backups) {
    const server = stringOrNull(backup.status?.serverName);
    const cluster = stringOrNull(backup.spec?.cluster?.name);
    if (!server || !cluster) continue;
    const key = `${backup.metadata.namespace ?? 'default'}/${server}`;
    found.set(key, (found.get(key) ?? new Set()).add(cluster));
  }
  const result = new Map<string, string>();
  for (const [key, clusters] of found) {
    // Two clusters writing to one server is a misconfiguration; guess nothing.
    if (clusters.size === 1) result.set(key, [...clusters][0]);
  }
  return result;
}

/**
 * One `wal` row per server of an ObjectStore's `status.serverRecoveryWindow`.
 *
 * The plugin reports where the window starts (`firstRecoverabilityPoint`)
 * and the last successful and failed base backups, but not the newest
 * archived WAL, which is where the window ends. The row therefore has no
 * completion time and never counts toward RPO by itself; the window is kept
 * in its details.
 */
function toRecoveryWindows(
  store: KubernetesObject,
  clusters: Map<string, string>,
  onInvalidServer: (server: string) => void,
): IndexedBackup[] {
  const namespace = store.metadata.namespace ?? 'default';
  const windows = store.status?.serverRecoveryWindow;
  if (!windows || typeof windows !== 'object' || Array.isArray(windows)) {
    return [];
  }
  const rows: IndexedBackup[] = [];
  for (const [server, window] of Object.entries(
    windows as Record<string, Record<string, unknown> | null>,
  )) {
    if (!NAME.test(server)) {
      onInvalidServer(server);
      continue;
    }
    const cluster = clusters.get(`${namespace}/${server}`) ?? server;
    const first = toDate(window?.firstRecoverabilityPoint);
    const lastSuccess = toDate(window?.lastSuccessfulBackupTime);
    const lastFailure = toDate(window?.lastFailedBackupTime);
    rows.push({
      key: `${namespace}/${cluster}/recovery-windows/${store.metadata.name}/${server}`,
      name: `Recovery window of ${server} in ${store.metadata.name}`,
      type: 'wal',
      // Without a first recoverability point nothing can be restored.
      status: first ? 'succeeded' : 'failed',
      startedAt: first,
      completedAt: null,
      sizeBytes: null,
      checksum: null,
      encrypted: null,
      details: {
        kind: 'recovery-window',
        namespace,
        cluster,
        server,
        objectStore: store.metadata.name,
        firstRecoverabilityPoint: first?.toISOString() ?? null,
        lastSuccessfulBackupTime: lastSuccess?.toISOString() ?? null,
        lastFailedBackupTime: lastFailure?.toISOString() ?? null,
        lastBackupFailed: Boolean(
          lastFailure && (!lastSuccess || lastFailure > lastSuccess),
        ),
        // Not reported by the plugin: WAL recency needs pg_stat_archiver.
        recoverableUntil: null,
        error: first
          ? null
          : 'The object store reports no recoverability point: no base backup to restore from',
      },
    });
  }
  return rows;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

function toDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Creates `type: cloudnative-pg` sources.
 * @internal
 */
export const cloudNativePgBackupSourceFactory: BackupSourceFactory = {
  type: 'cloudnative-pg',
  create: options => CloudNativePgBackupSource.fromConfig(options),
};
