/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import http from 'node:http';
import {
  ApiException,
  type ConfigurationOptions,
  KubeConfig,
  Observable,
} from '@kubernetes/client-node';
import type { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';
import {
  type SourceTimeouts,
  limitConnectTime,
  withDeadline,
} from './timeouts';

/**
 * The Kubernetes API server answered a call with an error status. The
 * message names the call, the HTTP status, and the server's own reason and
 * message (`Listing … failed: HTTP 403 Forbidden: backups is forbidden …`).
 * @public
 */
export class KubernetesApiError extends CustomErrorBase {
  name = 'KubernetesApiError' as const;
  /** The HTTP status the API server answered with. */
  readonly statusCode: number;

  constructor(message: string, statusCode: number) {
    super(message);
    this.statusCode = statusCode;
  }
}

/**
 * Reads the cluster of a `dr.sources.<id>` block: `cluster` with `url`,
 * `serviceAccountToken`, `caData` and `skipTLSVerify`; or `kubeconfig` (a
 * path) with an optional `context`; or else the default kubeconfig or the
 * in-cluster service account.
 * @public
 */
export function readKubeConfig(config: Config): KubeConfig {
  const kubeConfig = new KubeConfig();
  const cluster = config.getOptionalConfig('cluster');
  if (cluster) {
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: 'dr-source',
          server: cluster.getString('url'),
          caData: cluster.getOptionalString('caData'),
          skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        },
      ],
      users: [
        {
          name: 'dr-source',
          token: cluster.getOptionalString('serviceAccountToken'),
        },
      ],
      contexts: [
        { name: 'dr-source', cluster: 'dr-source', user: 'dr-source' },
      ],
      currentContext: 'dr-source',
    });
  } else if (config.has('kubeconfig')) {
    kubeConfig.loadFromFile(config.getString('kubeconfig'));
    const context = config.getOptionalString('context');
    if (context) kubeConfig.setCurrentContext(context);
  } else {
    kubeConfig.loadFromDefault();
  }
  return kubeConfig;
}

/**
 * Runs one call of a `@kubernetes/client-node` API client within the
 * source's timeouts: the request timeout ends the request (response body
 * included) and the connect timeout guards its socket. An error status from
 * the API server becomes a {@link KubernetesApiError} naming the call.
 *
 * @param what - the call, for people: `Listing Velero Backups in namespace "velero"`
 * @param call - makes the call with the options it is given
 * @throws SourceTimeoutError when the call does not finish in time
 * @public
 */
export async function callKubernetesApi<T>(
  what: string,
  timeouts: SourceTimeouts,
  call: (options: ConfigurationOptions) => Promise<T>,
): Promise<T> {
  const { connectMs, requestMs } = timeouts;
  try {
    return await withDeadline(requestMs, what, signal =>
      call({
        middleware: [
          {
            pre: context => {
              context.setSignal(signal);
              // Authentication gives every request an agent of its own.
              const agent = context.getAgent();
              if (agent instanceof http.Agent) {
                limitConnectTime(agent, connectMs, what);
              }
              return new Observable(Promise.resolve(context));
            },
            post: response => new Observable(Promise.resolve(response)),
          },
        ],
        middlewareMergeStrategy: 'append',
      }),
    );
  } catch (error) {
    if (error instanceof ApiException) {
      throw new KubernetesApiError(
        `${what} failed: ${describeStatus(error.code, error.body)}`,
        error.code,
      );
    }
    throw error;
  }
}

/** `HTTP 403 Forbidden: backups.velero.io is forbidden: …` from a Status body. */
function describeStatus(code: number, body: unknown): string {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      // A proxy in front of the API server may answer in plain text.
      parsed = { message: body };
    }
  }
  const status: { reason?: unknown; message?: unknown } =
    parsed && typeof parsed === 'object' ? parsed : {};
  // Some statuses (401) come without a body; the HTTP reason phrase stands in.
  const reasonText =
    typeof status.reason === 'string' ? status.reason : http.STATUS_CODES[code];
  const reason = reasonText ? ` ${reasonText}` : '';
  const message =
    typeof status.message === 'string' && status.message
      ? `: ${status.message.slice(0, 500)}`
      : '';
  return `HTTP ${code}${reason}${message}`;
}
