/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { BackupStatus } from '@dr-suite/backstage-plugin-dr-common';
import { type KubernetesObject, VeleroClient } from './VeleroClient';
import { replaceIndex } from './replaceIndex';
import type {
  BackupSelector,
  BackupSourceFactory,
  IndexRunContext,
  IndexRunResult,
  IndexedBackup,
  RestoringBackupSource,
  SourceRestoreRequest,
  SourceRestoreStatus,
} from './types';

const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';
const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
const SCHEDULE_LABEL = 'velero.io/schedule-name';

/**
 * Velero Backup phases that end a backup, mapped to the suite's statuses.
 * Every other phase (`New`, `Queued`, `ReadyToStart`, `InProgress`,
 * `WaitingForPluginOperations…`, `Finalizing…`) is still in progress: only
 * `Completed` counts toward RPO, and a `PartiallyFailed` backup, which left
 * items out, stays apart from it.
 */
const PHASES: Record<string, BackupStatus> = {
  Completed: 'succeeded',
  PartiallyFailed: 'partially-failed',
  Failed: 'failed',
  FailedValidation: 'failed',
};

/** Velero Restore phases after which nothing changes any more. */
const RESTORE_DONE = [
  'Completed',
  'PartiallyFailed',
  'Failed',
  'FailedValidation',
];

/**
 * Velero Backup CRs of one cluster, mapped to entities by namespace or labels.
 *
 * Selectors: `velero:<namespace>`, `velero:namespace=<namespace>` or
 * `velero:<label>=<value>[&<label>=<value>]`, each optionally with
 * `schedule=<name>` (the Backup's `velero.io/schedule-name` label) to tell a
 * schedule's backups apart: `velero:schedule=daily-full`,
 * `velero:schedule=daily-full&namespace=orders`. An empty selector uses the
 * entity's `backstage.io/kubernetes-namespace`, else its `backstage.io/kubernetes-id`.
 * @internal
 */
export class VeleroBackupSource implements RestoringBackupSource {
  readonly type = 'velero';
  readonly id: string;
  /** @internal */
  readonly client: VeleroClient;

  constructor(options: { id: string; client: VeleroClient }) {
    this.id = options.id;
    this.client = options.client;
  }

  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }) {
    return new VeleroBackupSource({
      id: options.id,
      client: VeleroClient.fromConfig(options.config),
    });
  }

  async index(context: IndexRunContext): Promise<IndexRunResult> {
    // Velero keeps at most a few thousand Backups; a full list is cheap and exact.
    const backups = (await this.client.listBackups())
      .filter(
        b =>
          b.status?.phase !== 'Deleting' &&
          !b.metadata.annotations?.['velero.io/deletion-request'],
      )
      .map(b => this.#toBackup(b));
    return replaceIndex(context.sink, backups);
  }

  /**
   * Creates a Velero Restore of the backup that maps each backed-up
   * namespace into its target, restores volumes and leaves existing
   * resources alone.
   */
  async startRestore(request: SourceRestoreRequest): Promise<void> {
    await this.client.createRestore({
      name: request.name,
      spec: {
        backupName: request.backupKey,
        includedNamespaces: Object.keys(request.namespaceMapping),
        namespaceMapping: request.namespaceMapping,
        restorePVs: true,
        existingResourcePolicy: 'none',
      },
      labels: {
        'app.kubernetes.io/managed-by': 'backstage-dr',
        ...request.labels,
      },
    });
  }

  async followRestore(
    name: string,
    options: {
      onProgress(status: SourceRestoreStatus): void;
      signal?: AbortSignal;
    },
  ): Promise<SourceRestoreStatus> {
    const final = await this.client.followRestore(
      name,
      restore => options.onProgress(toRestoreStatus(restore)),
      restore => RESTORE_DONE.includes(restore.status?.phase),
      options.signal,
    );
    return toRestoreStatus(final);
  }

  parseSelector(selector: string, entity: Entity): BackupSelector {
    const text = selector.trim();
    const annotations = entity.metadata.annotations ?? {};
    if (!text) {
      const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
      if (namespace) return namespaceSelector(namespace);
      const kubernetesId = annotations[KUBERNETES_ID_ANNOTATION];
      if (kubernetesId)
        return labelSelector({ [KUBERNETES_ID_LABEL]: kubernetesId });
      throw new InputError(
        `Source "${this.id}" needs a namespace or label selector, e.g. "${this.id}:orders" or "${this.id}:app=orders", or a ${KUBERNETES_NAMESPACE_ANNOTATION} annotation`,
      );
    }
    if (!text.includes('=')) return namespaceSelector(validName(text, this.id));
    const pairs = text.split('&').map(pair => pair.split('='));
    for (const [key, value, ...rest] of pairs) {
      if (!key?.trim() || value === undefined || rest.length) {
        throw new InputError(
          `Label selector "${text}" for source "${this.id}" must look like key=value or key=value&key2=value2`,
        );
      }
    }
    const schedules = pairs.filter(([key]) => key.trim() === 'schedule');
    if (schedules.length > 1) {
      throw new InputError(
        `Selector "${text}" for source "${this.id}" names more than one schedule; use one entry per schedule`,
      );
    }
    const schedule = schedules.length
      ? validScheduleName(schedules[0][1], this.id)
      : undefined;
    const others = pairs.filter(([key]) => key.trim() !== 'schedule');
    let scope: BackupSelector | undefined;
    if (others.length === 1 && others[0][0].trim() === 'namespace') {
      scope = namespaceSelector(validName(others[0][1], this.id));
    } else if (others.length) {
      scope = labelSelector(
        Object.fromEntries(others.map(([k, v]) => [k.trim(), v.trim()])),
      );
    }
    return schedule ? scheduleSelector(schedule, scope) : scope!;
  }

  #toBackup(backup: KubernetesObject): IndexedBackup {
    const status = backup.status ?? {};
    const spec = backup.spec ?? {};
    const phase: string = status.phase ?? 'New';
    // What the backup holds and how it went, so "what is in this backup"
    // can be answered without the cluster.
    const details: JsonObject = {
      phase,
      includedNamespaces: stringList(spec.includedNamespaces),
      excludedNamespaces: stringList(spec.excludedNamespaces),
      includedResources: stringList(spec.includedResources),
      excludedResources: stringList(spec.excludedResources),
      labelSelector: stringRecord(spec.labelSelector?.matchLabels),
      labelSelectorExpressions: jsonList(spec.labelSelector?.matchExpressions),
      storageLocation:
        spec.storageLocation ??
        backup.metadata.labels?.['velero.io/storage-location'] ??
        null,
      schedule: backup.metadata.labels?.[SCHEDULE_LABEL] ?? null,
      ttl: spec.ttl ?? null,
      expiration: status.expiration ?? null,
      errors: status.errors ?? 0,
      warnings: status.warnings ?? 0,
      failureReason: status.failureReason ?? null,
      validationErrors: stringList(status.validationErrors),
      progress: {
        totalItems: numberOrNull(status.progress?.totalItems),
        itemsBackedUp: numberOrNull(status.progress?.itemsBackedUp),
      },
      itemsBackedUp: status.progress?.itemsBackedUp ?? null,
      totalItems: status.progress?.totalItems ?? null,
      volumeSnapshotsAttempted: status.volumeSnapshotsAttempted ?? 0,
      volumeSnapshotsCompleted: status.volumeSnapshotsCompleted ?? 0,
    };
    return {
      key: backup.metadata.name,
      name: backup.metadata.name,
      type: 'snapshot',
      status: PHASES[phase] ?? 'in-progress',
      startedAt: toDate(status.startTimestamp),
      completedAt: toDate(status.completionTimestamp),
      sizeBytes: null,
      checksum: null,
      encrypted: null,
      details,
    };
  }
}

function toRestoreStatus(restore: KubernetesObject): SourceRestoreStatus {
  const status = restore.status ?? {};
  const phase: string = status.phase ?? 'New';
  const total = Number(status.progress?.totalItems);
  return {
    name: restore.metadata.name,
    phase,
    done: RESTORE_DONE.includes(phase),
    succeeded: phase === 'Completed',
    itemsTotal: total ? total : null,
    itemsRestored: total ? Number(status.progress?.itemsRestored ?? 0) : null,
    warnings: Number(status.warnings ?? 0),
    errors: Number(status.errors ?? 0),
    reasons: [status.failureReason, ...(status.validationErrors ?? [])].filter(
      (reason): reason is string => typeof reason === 'string' && !!reason,
    ),
    completedAt: toDate(status.completionTimestamp),
  };
}

function toDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The strings of a list field; anything else in it is dropped. */
function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function jsonList(value: unknown): JsonObject[] {
  return Array.isArray(value)
    ? value.filter(
        (item): item is JsonObject =>
          !!item && typeof item === 'object' && !Array.isArray(item),
      )
    : [];
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A schedule is named like any Kubernetes object (a DNS subdomain). */
function validScheduleName(name: string, sourceId: string): string {
  const trimmed = name.trim();
  if (
    trimmed.length > 253 ||
    !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(trimmed)
  ) {
    throw new InputError(
      `"${trimmed}" is not a valid Velero schedule name for source "${sourceId}"`,
    );
  }
  return trimmed;
}

function validName(name: string, sourceId: string): string {
  const trimmed = name.trim();
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(trimmed)) {
    throw new InputError(
      `"${trimmed}" is not a valid Kubernetes namespace for source "${sourceId}"`,
    );
  }
  return trimmed;
}

function namespaceSelector(namespace: string): BackupSelector {
  return {
    kind: 'filter',
    description: `namespace ${namespace}`,
    canonical: `namespace=${namespace}`,
    matches: ({ details }) => {
      const included =
        (details.includedNamespaces as string[] | undefined) ?? [];
      const excluded =
        (details.excludedNamespaces as string[] | undefined) ?? [];
      const covers =
        included.length === 0 ||
        included.includes('*') ||
        included.includes(namespace);
      return covers && !excluded.includes(namespace);
    },
  };
}

/** Backups of one schedule, optionally narrowed by namespace or labels. */
function scheduleSelector(
  schedule: string,
  scope: BackupSelector | undefined,
): BackupSelector {
  const narrowed = scope?.kind === 'filter' ? scope : undefined;
  return {
    kind: 'filter',
    description: narrowed
      ? `schedule ${schedule}, ${narrowed.description}`
      : `schedule ${schedule}`,
    canonical: narrowed
      ? `schedule=${schedule}&${narrowed.canonical}`
      : `schedule=${schedule}`,
    matches: backup =>
      backup.details.schedule === schedule &&
      (!narrowed || narrowed.matches(backup)),
  };
}

function labelSelector(labels: Record<string, string>): BackupSelector {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return {
    kind: 'filter',
    description: pairs.join(', '),
    canonical: pairs.join('&'),
    matches: ({ details }) => {
      const selector =
        (details.labelSelector as Record<string, string> | undefined) ?? {};
      return Object.entries(labels).every(([k, v]) => selector[k] === v);
    },
  };
}

/**
 * Creates `type: velero` sources.
 * @internal
 */
export const veleroBackupSourceFactory: BackupSourceFactory = {
  type: 'velero',
  create: options => VeleroBackupSource.fromConfig(options),
};
