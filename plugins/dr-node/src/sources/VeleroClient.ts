/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import {
  type ConfigurationOptions,
  CustomObjectsApi,
  type KubeConfig,
} from '@kubernetes/client-node';
import type { Config } from '@backstage/config';
import { callKubernetesApi, readKubeConfig } from './kubernetes';
import {
  DEFAULT_SOURCE_TIMEOUTS,
  SourceTimeoutError,
  type SourceTimeouts,
  formatSeconds,
  limitConnectTime,
  readSourceTimeouts,
} from './timeouts';

const GROUP = 'velero.io';
const VERSION = 'v1';
/** The API server ends each watch after this long; the client then resumes. */
const WATCH_SECONDS = 300;

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
 * @internal
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
 * @internal
 */
export class VeleroClient {
  readonly #kubeConfig: KubeConfig;
  readonly #api: CustomObjectsApi;
  readonly #timeouts: SourceTimeouts;
  readonly namespace: string;

  /**
   * @param options - `timeouts.requestMs` bounds each API call (a list page,
   *   a get, a create) and the start of a watch; default 10 s to connect and
   *   60 s per call.
   */
  constructor(options: {
    kubeConfig: KubeConfig;
    namespace?: string;
    timeouts?: SourceTimeouts;
  }) {
    this.#kubeConfig = options.kubeConfig;
    this.#api = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.namespace = options.namespace ?? 'velero';
    this.#timeouts = options.timeouts ?? DEFAULT_SOURCE_TIMEOUTS;
  }

  /**
   * Reads a cluster from config (see {@link readKubeConfig}) and Velero's
   * `namespace`; `timeouts.connect` and `timeouts.request` bound every call.
   */
  static fromConfig(config: Config): VeleroClient {
    return new VeleroClient({
      kubeConfig: readKubeConfig(config),
      namespace: config.getOptionalString('namespace'),
      timeouts: readSourceTimeouts(config),
    });
  }

  /** One API call within the source's timeouts. */
  #call<T>(
    what: string,
    call: (options: ConfigurationOptions) => Promise<T>,
  ): Promise<T> {
    return callKubernetesApi(
      `${what} in namespace "${this.namespace}"`,
      this.#timeouts,
      call,
    );
  }

  /** Lists every Backup in Velero's namespace, following `continue` tokens. */
  async listBackups(): Promise<KubernetesObject[]> {
    const items: KubernetesObject[] = [];
    let token: string | undefined;
    do {
      const continueToken = token;
      const page = (await this.#call('Listing Velero Backups', options =>
        this.#api.listNamespacedCustomObject(
          {
            group: GROUP,
            version: VERSION,
            namespace: this.namespace,
            plural: 'backups',
            limit: 500,
            _continue: continueToken,
          },
          options,
        ),
      )) as { items?: KubernetesObject[]; metadata?: { continue?: string } };
      items.push(...(page.items ?? []));
      token = page.metadata?.continue || undefined;
    } while (token);
    return items;
  }

  async getBackup(name: string): Promise<KubernetesObject> {
    return (await this.#call(`Reading Backup "${name}"`, options =>
      this.#api.getNamespacedCustomObject(
        {
          group: GROUP,
          version: VERSION,
          namespace: this.namespace,
          plural: 'backups',
          name,
        },
        options,
      ),
    )) as KubernetesObject;
  }

  async createRestore(options: {
    name: string;
    spec: VeleroRestoreSpec;
    labels?: Record<string, string>;
  }): Promise<KubernetesObject> {
    return (await this.#call(`Creating Restore "${options.name}"`, request =>
      this.#api.createNamespacedCustomObject(
        {
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
        },
        request,
      ),
    )) as KubernetesObject;
  }

  async getRestore(name: string): Promise<KubernetesObject> {
    return (await this.#call(`Reading Restore "${name}"`, options =>
      this.#api.getNamespacedCustomObject(
        {
          group: GROUP,
          version: VERSION,
          namespace: this.namespace,
          plural: 'restores',
          name,
        },
        options,
      ),
    )) as KubernetesObject;
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
   *
   * A watch is long-lived, so the request timeout bounds only its start (the
   * response headers). After that, the API server ends the watch after
   * `WATCH_SECONDS`; silence well beyond that means the connection died
   * unnoticed, and the watch is dropped and resumed from the newest version.
   */
  async #watchOnce(
    name: string,
    from: KubernetesObject,
    onChange: (restore: KubernetesObject) => void,
    isDone: (restore: KubernetesObject) => boolean,
    signal?: AbortSignal,
  ): Promise<KubernetesObject> {
    const cluster = this.#kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('The kubeconfig has no current cluster');
    const url = new URL(
      `${cluster.server}/apis/${GROUP}/${VERSION}/namespaces/${this.namespace}/restores`,
    );
    url.searchParams.set('watch', 'true');
    url.searchParams.set('fieldSelector', `metadata.name=${name}`);
    url.searchParams.set('timeoutSeconds', String(WATCH_SECONDS));
    if (from.metadata.resourceVersion) {
      url.searchParams.set('resourceVersion', from.metadata.resourceVersion);
    }
    // Credentials, CA and a fresh agent, as the generated API client gets them.
    const requestOptions: https.RequestOptions = {};
    await this.#kubeConfig.applyToHTTPSOptions(requestOptions);
    const what = `Watching Restore "${name}" in namespace "${this.namespace}"`;
    const { connectMs, requestMs } = this.#timeouts;
    if (requestOptions.agent instanceof http.Agent) {
      limitConnectTime(requestOptions.agent, connectMs, what);
    }

    return new Promise<KubernetesObject>((resolve, reject) => {
      let latest = from;
      let settled = false;
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort = () => {};
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        controller.abort();
        if (error) reject(error);
        else resolve(latest);
      };
      onAbort = () => finish(signal?.reason ?? new Error('Aborted'));
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(
        () =>
          finish(
            new SourceTimeoutError(
              `${what} timed out after ${formatSeconds(requestMs)}`,
            ),
          ),
        requestMs,
      );
      const resetSilenceTimer = () => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(), WATCH_SECONDS * 1000 + requestMs);
      };

      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        { ...requestOptions, method: 'GET', signal: controller.signal },
        response => {
          if (response.statusCode !== 200) {
            response.resume();
            finish(
              new Error(
                `${what} failed: HTTP ${response.statusCode} ${
                  response.statusMessage ?? ''
                }`.trim(),
              ),
            );
            return;
          }
          resetSilenceTimer();
          response.on('data', resetSilenceTimer);
          response.on('error', error => finish(error));
          // A watch that ends without an error is resumed from the newest version.
          response.on('close', () => finish());
          const lines = createInterface({ input: response });
          // readline re-emits the response's errors, handled above.
          lines.on('error', () => undefined);
          lines.on('line', line => {
            let event: { type?: string; object?: any };
            try {
              event = JSON.parse(line);
            } catch {
              return;
            }
            const { type: phase, object } = event;
            if (phase === 'ERROR') {
              finish(new Error(`${what} failed: ${object?.message ?? line}`));
              return;
            }
            if (phase === 'DELETED') {
              finish(new Error(`Restore ${name} was deleted while it ran`));
              return;
            }
            if (phase !== 'ADDED' && phase !== 'MODIFIED') return;
            latest = object as KubernetesObject;
            onChange(latest);
            if (isDone(latest)) finish();
          });
        },
      );
      request.on('error', error => finish(error));
      request.end();
    });
  }
}
