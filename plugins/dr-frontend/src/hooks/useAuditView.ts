/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  OVERALL_STATUSES,
  type AuditQuery,
  type AuditSortField,
  type OverallStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import { PAGE_SIZES } from './useCursorPagination';

const SORT_FIELDS: AuditSortField[] = [
  'entity',
  'owner',
  'tier',
  'overall',
  'rpo',
  'rto',
  'lastDrill',
];
const DEFAULT_PAGE_SIZE = 25;

/** What the audit page shows: its filters, sort order and page. */
export interface AuditView {
  owner: string[];
  kind: string[];
  tier: string[];
  overall: OverallStatus[];
  search: string;
  orderBy: AuditSortField;
  order: 'asc' | 'desc';
  /** Zero-based. */
  page: number;
  pageSize: number;
}

function positiveInt(value: string | null, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 ? number : fallback;
}

/** Reads the view from the URL, ignoring values the audit does not know. */
export function parseAuditView(params: URLSearchParams): AuditView {
  const orderBy = params.get('orderBy') as AuditSortField;
  const pageSize = positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE);
  return {
    owner: params.getAll('owner').filter(Boolean),
    kind: params.getAll('kind').filter(Boolean),
    tier: params.getAll('tier').filter(Boolean),
    overall: params
      .getAll('overall')
      .filter((s): s is OverallStatus =>
        OVERALL_STATUSES.includes(s as OverallStatus),
      ),
    search: params.get('search') ?? '',
    orderBy: SORT_FIELDS.includes(orderBy) ? orderBy : 'entity',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    // One-based in the URL, as people count pages.
    page: Math.max(0, positiveInt(params.get('page'), 1) - 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/** Writes the view into URL parameters, leaving out the defaults. */
export function auditViewToParams(view: AuditView): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['owner', 'kind', 'tier', 'overall'] as const) {
    for (const value of view[key]) params.append(key, value);
  }
  if (view.search) params.set('search', view.search);
  if (view.orderBy !== 'entity') params.set('orderBy', view.orderBy);
  if (view.order !== 'asc') params.set('order', view.order);
  if (view.page > 0) params.set('page', String(view.page + 1));
  if (view.pageSize !== DEFAULT_PAGE_SIZE) {
    params.set('pageSize', String(view.pageSize));
  }
  return params;
}

/** The `GET /audit` query for a view; without paging for the CSV export. */
export function auditQueryOf(
  view: AuditView,
  options: { paged: boolean },
): AuditQuery {
  return {
    owner: view.owner,
    kind: view.kind,
    tier: view.tier,
    overall: view.overall,
    search: view.search || undefined,
    orderBy: view.orderBy,
    order: view.order,
    ...(options.paged && {
      limit: view.pageSize,
      offset: view.page * view.pageSize,
    }),
  };
}

/**
 * The audit view kept in the URL, so a link reproduces it. Changing a filter
 * or the sort order goes back to the first page.
 */
export function useAuditView(): [
  AuditView,
  (change: Partial<AuditView>, options?: { replace?: boolean }) => void,
] {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseAuditView(params), [params]);
  const update = useCallback(
    (change: Partial<AuditView>, options?: { replace?: boolean }) => {
      const next = { ...view, ...change };
      if (change.page === undefined) {
        next.page = 0;
      }
      setParams(auditViewToParams(next), { replace: options?.replace });
    },
    [view, setParams],
  );
  return [view, update];
}
