/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import type { Config } from '@backstage/config';

const GROUP = 'velero.io';
const VERSION = 'v1';

/**
 * The parts of a Kubernetes object the suite reads.
 * @public
 */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    resourceVersion?: string;
    uid?: string;
  };
  spec?: Record<string, any>;
  status?: Record<string, any>;
}

/**
 * Spec of a Velero Restore this suite creates.
 * @public
 */
export interface VeleroRestoreSpec {
  backupName: string;
  includedNamespaces?: string[];
  namespaceMapping?: Record<string, string>;
  restorePVs?: boolean;
  existingResourcePolicy?: 'none' | 'update';
}

/**
 * Reads Velero Backups and creates and follows Restores through the
 * Kubernetes API with `@kubernetes/client-node`.
 * @public
 */
export class VeleroClient {
  readonly #kubeConfig: KubeConfig;
  readonly #api: CustomObjectsApi;
  readonly namespace: string;

  constructor(options: { kubeConfig: KubeConfig; namespace?: string }) {
    this.#kubeConfig = options.kubeConfig;
    this.#api = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.namespace = options.namespace ?? 'velero';
  }

  /**
   * Reads a cluster from config: `cluster` with `url`, `serviceAccountToken`,
   * `caData` and `skipTLSVerify`; or `kubeconfig` (a path) with an optional
   * `context`; or else the default kubeconfig or in-cluster service account.
   */
  static fromConfig(config: Config): VeleroClient {
    const kubeConfig = new KubeConfig();
    const cluster = config.getOptionalConfig('cluster');
    if (cluster) {
      kubeConfig.loadFromOptions({
        clusters: [
          {
            name: 'velero',
            server: cluster.getString('url'),
            caData: cluster.getOptionalString('caData'),
            skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
          },
        ],
        users: [
          {
            name: 'velero',
            token: cluster.getOptionalString('serviceAccountToken'),
          },
        ],
        contexts: [{ name: 'velero', cluster: 'velero', user: 'velero' }],
        currentContext: 'velero',
      });
    } else if (config.has('kubeconfig')) {
      kubeConfig.loadFromFile(config.getString('kubeconfig'));
      const context = config.getOptionalString('context');
      if (context) kubeConfig.setCurrentContext(context);
    } else {
      kubeConfig.loadFromDefault();
    }
    return new VeleroClient({
      kubeConfig,
      namespace: config.getOptionalString('namespace'),
    });
  }

  /** Lists every Backup in Velero's namespace, following `continue` tokens. */
  async listBackups(): Promise<KubernetesObject[]> {
    const items: KubernetesObject[] = [];
    let token: string | undefined;
    do {
      const page = (await this.#api.listNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: this.namespace,
        plural: 'backups',
        limit: 500,
        _continue: token,
      })) as { items?: KubernetesObject[]; metadata?: { continue?: string } };
      items.push(...(page.items ?? []));
      token = page.metadata?.continue || undefined;
    } while (token);
    return items;
  }

  async getBackup(name: string): Promise<KubernetesObject> {
    return (await this.#api.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: this.namespace,
      plural: 'backups',
      name,
    })) as KubernetesObject;
  }

  async createRestore(options: {
    name: string;
    spec: VeleroRestoreSpec;
    labels?: Record<string, string>;
  }): Promise<KubernetesObject> {
    return (await this.#api.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: this.namespace,
      plural: 'restores',
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'Restore',
        metadata: {
          name: options.name,
          namespace: this.namespace,
          labels: options.labels,
        },
        spec: options.spec,
      },
    })) as KubernetesObject;
  }

  async getRestore(name: string): Promise<KubernetesObject> {
    return (await this.#api.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: this.namespace,
      plural: 'restores',
      name,
    })) as KubernetesObject;
  }

  /**
   * Watches one Restore and calls `onChange` with each new version until
   * `isDone` says so, the watch fails, or the signal aborts.
   */
  async followRestore(
    name: string,
    onChange: (restore: KubernetesObject) => void,
    isDone: (restore: KubernetesObject) => boolean,
    signal?: AbortSignal,
  ): Promise<KubernetesObject> {
    let current = await this.getRestore(name);
    onChange(current);
    while (!isDone(current)) {
      signal?.throwIfAborted();
      current = await this.#watchOnce(name, current, onChange, isDone, signal);
    }
    return current;
  }

  /**
   * Watches from the given version until the Restore is done or the watch
   * ends; resolves with the newest version seen.
   */
  #watchOnce(
    name: string,
    from: KubernetesObject,
    onChange: (restore: KubernetesObject) => void,
    isDone: (restore: KubernetesObject) => boolean,
    signal?: AbortSignal,
  ): Promise<KubernetesObject> {
    return new Promise<KubernetesObject>((resolve, reject) => {
      let latest = from;
      let controller: AbortController | undefined;
      const abort = () => controller?.abort();
      signal?.addEventListener('abort', abort, { once: true });
      new Watch(this.#kubeConfig)
        .watch(
          `/apis/${GROUP}/${VERSION}/namespaces/${this.namespace}/restores`,
          {
            fieldSelector: `metadata.name=${name}`,
            resourceVersion: from.metadata.resourceVersion,
          },
          (phase: string, object: KubernetesObject) => {
            if (phase === 'DELETED') {
              abort();
              reject(new Error(`Restore ${name} was deleted while it ran`));
              return;
            }
            if (phase !== 'ADDED' && phase !== 'MODIFIED') return;
            latest = object;
            onChange(object);
            if (isDone(object)) {
              abort();
              resolve(object);
            }
          },
          error => {
            signal?.removeEventListener('abort', abort);
            // A watch that ends without an error is resumed from the newest version.
            if (error && (error as Error).name !== 'AbortError') reject(error);
            else resolve(latest);
          },
        )
        .then(c => {
          controller = c;
        }, reject);
    });
  }
}
