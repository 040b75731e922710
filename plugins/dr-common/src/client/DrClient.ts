/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { BackupListOptions, DrApi, DrRequestOptions } from './DrApi';
import type {
  Approval,
  ApprovalClaimInput,
  ApprovalDecisionInput,
  ApprovalListOptions,
  ApprovalOutcomeInput,
  ApprovalPage,
  ApprovalRequestInput,
  AuditPage,
  AuditQuery,
  DrillLedgerQuery,
  BackupPage,
  BackupTimeline,
  DrillInput,
  DrillPage,
  DrillRecord,
  DrillVoidInput,
  EntityPosture,
  PlanResponse,
  RestoreOptions,
  SourceStatus,
} from '../types';

/**
 * One query-string parameter of the DR API; arrays repeat the parameter.
 * @public
 */
export type QueryParamValue = string | number | undefined | string[];

/**
 * Builds the query string of `GET /audit` (shared by the JSON and CSV calls).
 * @public
 */
export function auditQueryParams(
  query: AuditQuery = {},
): Record<string, QueryParamValue> {
  return {
    owner: query.owner,
    kind: query.kind,
    tier: query.tier,
    overall: query.overall,
    search: query.search,
    orderBy: query.orderBy,
    order: query.order,
    limit: query.limit,
    offset: query.offset,
  };
}

/**
 * Talks to the dr-backend over HTTP; works in browsers and backends.
 * @public
 */
export class DrClient implements DrApi {
  readonly #discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  readonly #fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  async getPosture(
    entityRef: string,
    options?: DrRequestOptions,
  ): Promise<EntityPosture> {
    return this.#json(`${entityPath(entityRef)}/posture`, {}, options);
  }

  async getBackups(
    entityRef: string,
    query: BackupListOptions = {},
    options?: DrRequestOptions,
  ): Promise<BackupPage> {
    return this.#json(
      `${entityPath(entityRef)}/backups`,
      {
        query: {
          limit: query.limit,
          cursor: query.cursor,
          status: query.status,
          type: query.type,
          verified: query.verified,
        },
      },
      options,
    );
  }

  async getBackupTimeline(
    entityRef: string,
    query: Parameters<DrApi['getBackupTimeline']>[1] = {},
    options?: DrRequestOptions,
  ): Promise<BackupTimeline> {
    return this.#json(
      `${entityPath(entityRef)}/backups/timeline`,
      { query },
      options,
    );
  }

  async getDrills(
    entityRef: string,
    query: Parameters<DrApi['getDrills']>[1] = {},
    options?: DrRequestOptions,
  ): Promise<DrillPage> {
    return this.#json(`${entityPath(entityRef)}/drills`, { query }, options);
  }

  async recordDrill(
    entityRef: string,
    drill: DrillInput,
    options?: DrRequestOptions,
  ): Promise<DrillRecord> {
    return this.#json(
      `${entityPath(entityRef)}/drills`,
      { method: 'POST', body: drill },
      options,
    );
  }

  async voidDrill(
    entityRef: string,
    drillId: string,
    input: DrillVoidInput,
    options?: DrRequestOptions,
  ): Promise<DrillRecord> {
    return this.#json(
      `${entityPath(entityRef)}/drills/${encodeURIComponent(drillId)}/void`,
      { method: 'POST', body: input },
      options,
    );
  }

  async getPlan(
    entityRef: string,
    options?: DrRequestOptions,
  ): Promise<PlanResponse> {
    return this.#json(`${entityPath(entityRef)}/plan`, {}, options);
  }

  async getAudit(
    query?: AuditQuery,
    options?: DrRequestOptions,
  ): Promise<AuditPage> {
    return this.#json('/audit', { query: auditQueryParams(query) }, options);
  }

  async getAuditCsv(
    query?: AuditQuery,
    options?: DrRequestOptions,
  ): Promise<Blob> {
    const response = await this.#request(
      '/audit',
      { query: { ...auditQueryParams(query), format: 'csv' } },
      options,
    );
    return response.blob();
  }

  async getDrillLedgerCsv(
    query: DrillLedgerQuery = {},
    options?: DrRequestOptions,
  ): Promise<Blob> {
    const response = await this.#request(
      '/drills/ledger',
      {
        query: {
          from: query.from,
          to: query.to,
          entityRef: query.entityRef,
          owner: query.owner,
          tier: query.tier,
          kind: query.kind,
          format: 'csv',
        },
      },
      options,
    );
    return response.blob();
  }

  async getSources(
    options?: DrRequestOptions,
  ): Promise<{ items: SourceStatus[] }> {
    return this.#json('/sources', {}, options);
  }

  async refresh(
    target: Parameters<DrApi['refresh']>[0] = {},
    options?: DrRequestOptions,
  ): Promise<{ triggered: string[] }> {
    return this.#json('/refresh', { method: 'POST', body: target }, options);
  }

  async requestApproval(
    input: ApprovalRequestInput,
    options?: DrRequestOptions,
  ): Promise<Approval> {
    return this.#json('/approvals', { method: 'POST', body: input }, options);
  }

  async getRestoreOptions(
    query: Parameters<DrApi['getRestoreOptions']>[0],
    options?: DrRequestOptions,
  ): Promise<RestoreOptions> {
    return this.#json(
      '/restore-options',
      {
        query: {
          entityRef: query.entityRef,
          kind: query.kind,
          targetId: query.targetId,
          // A repeated parameter's input type is `unknown` (it is preprocessed).
          backupId: query.backupId as string[] | undefined,
        },
      },
      options,
    );
  }

  async listApprovals(
    query: ApprovalListOptions = {},
    options?: DrRequestOptions,
  ): Promise<ApprovalPage> {
    return this.#json(
      '/approvals',
      {
        query: {
          status: query.status,
          view: query.view,
          entityRef: query.entityRef,
          limit: query.limit,
          cursor: query.cursor,
          offset: query.offset,
        },
      },
      options,
    );
  }

  async getApproval(id: string, options?: DrRequestOptions): Promise<Approval> {
    return this.#json(`/approvals/${encodeURIComponent(id)}`, {}, options);
  }

  async decideApproval(
    id: string,
    input: ApprovalDecisionInput,
    options?: DrRequestOptions,
  ): Promise<Approval> {
    return this.#json(
      `/approvals/${encodeURIComponent(id)}/decision`,
      { method: 'POST', body: input },
      options,
    );
  }

  async claimApproval(
    id: string,
    input: ApprovalClaimInput,
    options?: DrRequestOptions,
  ): Promise<Approval> {
    return this.#json(
      `/approvals/${encodeURIComponent(id)}/claim`,
      { method: 'POST', body: input },
      options,
    );
  }

  async reportApprovalOutcome(
    id: string,
    input: ApprovalOutcomeInput,
    options?: DrRequestOptions,
  ): Promise<Approval> {
    return this.#json(
      `/approvals/${encodeURIComponent(id)}/outcome`,
      { method: 'POST', body: input },
      options,
    );
  }

  async #json<T>(
    path: string,
    init: {
      method?: string;
      body?: unknown;
      query?: Record<string, QueryParamValue>;
    },
    options?: DrRequestOptions,
  ): Promise<T> {
    const response = await this.#request(path, init, options);
    return (await response.json()) as T;
  }

  async #request(
    path: string,
    init: {
      method?: string;
      body?: unknown;
      query?: Record<string, QueryParamValue>;
    },
    options?: DrRequestOptions,
  ): Promise<Response> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('dr');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(init.query ?? {})) {
      for (const item of [value].flat()) {
        if (item !== undefined && item !== '') params.append(key, String(item));
      }
    }
    const search = params.toString();
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    const response = await this.#fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
      {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: options?.signal,
      },
    );
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // Say what the backend said, not only the status, wherever people read
      // it: task logs, error panels.
      if (error.cause?.message) {
        error.message = `${error.message}: ${error.cause.message}`;
      }
      throw error;
    }
    return response;
  }
}

function entityPath(entityRef: string): string {
  const ref = parseEntityRef(entityRef);
  return `/entities/${[ref.kind, ref.namespace, ref.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/')}`;
}
