/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { Config } from '@backstage/config';
import {
  DEFAULT_SOURCE_TIMEOUTS,
  KubernetesApiError,
  type KubernetesObject,
  type SourceTimeouts,
  callKubernetesApi,
  readKubeConfig,
  readSourceTimeouts,
} from '@dr-suite/backstage-plugin-dr-node';

/** A kind of custom resource this source reads. */
interface ResourceKind {
  group: string;
  version: string;
  plural: string;
  /** For messages: `CloudNativePG Backups`. */
  title: string;
}

/**
 * CloudNativePG's `Backup` (`postgresql.cnpg.io/v1`).
 * @internal
 */
export const CNPG_BACKUPS: ResourceKind = {
  group: 'postgresql.cnpg.io',
  version: 'v1',
  plural: 'backups',
  title: 'CloudNativePG Backups',
};

/**
 * The Barman Cloud plugin's `ObjectStore` (`barmancloud.cnpg.io/v1`).
 * @internal
 */
export const BARMAN_OBJECT_STORES: ResourceKind = {
  group: 'barmancloud.cnpg.io',
  version: 'v1',
  plural: 'objectstores',
  title: 'Barman Cloud ObjectStores',
};

/** Items per list page; the API server may return fewer. */
const PAGE_SIZE = 500;

/**
 * Lists CloudNativePG custom resources in the configured namespaces, or in
 * all namespaces, through `@kubernetes/client-node`.
 * @internal
 */
export class CloudNativePgClient {
  readonly #api: CustomObjectsApi;
  readonly #timeouts: SourceTimeouts;
  /** Namespaces to read; undefined for all of them. */
  readonly namespaces: string[] | undefined;

  constructor(options: {
    kubeConfig: KubeConfig;
    namespaces?: string[];
    timeouts?: SourceTimeouts;
  }) {
    this.#api = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.namespaces = options.namespaces?.length
      ? options.namespaces
      : undefined;
    this.#timeouts = options.timeouts ?? DEFAULT_SOURCE_TIMEOUTS;
  }

  /**
   * Reads the cluster (`cluster`, or `kubeconfig` and `context`, else the
   * default kubeconfig or in-cluster service account), `namespaces` and
   * `timeouts` of a `dr.sources.<id>` block.
   */
  static fromConfig(config: Config): CloudNativePgClient {
    return new CloudNativePgClient({
      kubeConfig: readKubeConfig(config),
      namespaces: config.getOptionalStringArray('namespaces'),
      timeouts: readSourceTimeouts(config),
    });
  }

  /** Every CloudNativePG Backup, following `continue` tokens. */
  listBackups(signal?: AbortSignal): Promise<KubernetesObject[]> {
    return this.#listAll(CNPG_BACKUPS, signal);
  }

  /**
   * Every Barman Cloud ObjectStore, or undefined when the plugin's CRD is not
   * installed (the API server does not know the resource).
   */
  async listObjectStores(
    signal?: AbortSignal,
  ): Promise<KubernetesObject[] | undefined> {
    try {
      return await this.#listAll(BARMAN_OBJECT_STORES, signal);
    } catch (error) {
      if (error instanceof KubernetesApiError && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async #listAll(
    kind: ResourceKind,
    signal?: AbortSignal,
  ): Promise<KubernetesObject[]> {
    const items: KubernetesObject[] = [];
    for (const namespace of this.namespaces ?? [undefined]) {
      let token: string | undefined;
      do {
        signal?.throwIfAborted();
        const page = await this.#listPage(kind, namespace, token);
        items.push(...(page.items ?? []));
        token = page.metadata?.continue || undefined;
      } while (token);
    }
    return items;
  }

  #listPage(
    kind: ResourceKind,
    namespace: string | undefined,
    continueToken: string | undefined,
  ): Promise<{ items?: KubernetesObject[]; metadata?: { continue?: string } }> {
    const where = namespace
      ? `in namespace "${namespace}"`
      : 'in all namespaces';
    const { group, version, plural } = kind;
    return callKubernetesApi(
      `Listing ${kind.title} ${where}`,
      this.#timeouts,
      options =>
        namespace
          ? this.#api.listNamespacedCustomObject(
              {
                group,
                version,
                namespace,
                plural,
                limit: PAGE_SIZE,
                _continue: continueToken,
              },
              options,
            )
          : this.#api.listClusterCustomObject(
              {
                group,
                version,
                plural,
                limit: PAGE_SIZE,
                _continue: continueToken,
              },
              options,
            ),
    );
  }
}
