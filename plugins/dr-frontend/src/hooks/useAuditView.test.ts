/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  auditQueryOf,
  auditViewToParams,
  parseAuditView,
} from './useAuditView';

describe('the audit view in the URL', () => {
  it('reads filters, sort order and a one-based page', () => {
    const view = parseAuditView(
      new URLSearchParams(
        'owner=group:default/a&owner=group:default/b&kind=Component&tier=tier-1&overall=breach&overall=at-risk&search=pay&orderBy=rpo&order=desc&page=3&pageSize=50',
      ),
    );
    expect(view).toEqual({
      owner: ['group:default/a', 'group:default/b'],
      kind: ['Component'],
      tier: ['tier-1'],
      overall: ['breach', 'at-risk'],
      search: 'pay',
      orderBy: 'rpo',
      order: 'desc',
      page: 2,
      pageSize: 50,
    });
    expect(auditQueryOf(view, { paged: true })).toEqual({
      owner: ['group:default/a', 'group:default/b'],
      kind: ['Component'],
      tier: ['tier-1'],
      overall: ['breach', 'at-risk'],
      search: 'pay',
      orderBy: 'rpo',
      order: 'desc',
      limit: 50,
      offset: 100,
    });
    expect(auditQueryOf(view, { paged: false })).not.toHaveProperty('limit');
  });

  it('ignores what the audit does not know', () => {
    expect(
      parseAuditView(
        new URLSearchParams(
          'overall=awful&orderBy=color&order=up&page=-2&pageSize=7',
        ),
      ),
    ).toEqual({
      owner: [],
      kind: [],
      tier: [],
      overall: [],
      search: '',
      orderBy: 'entity',
      order: 'asc',
      page: 0,
      pageSize: 25,
    });
  });

  it('writes only what differs from the defaults, and reads it back', () => {
    const view = parseAuditView(new URLSearchParams(''));
    expect(auditViewToParams(view).toString()).toBe('');
    const changed = { ...view, overall: ['breach' as const], page: 1 };
    const params = auditViewToParams(changed);
    expect(params.toString()).toBe('overall=breach&page=2');
    expect(parseAuditView(params)).toEqual(changed);
  });
});
