/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { DrClient } from './DrClient';

function clientReturning(
  status: number,
  body: unknown,
  contentType = 'application/json',
) {
  const fetch = jest.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': contentType },
      }),
  );
  const client = new DrClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://backstage/api/${pluginId}`,
    },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

describe('DrClient', () => {
  it('addresses entities by kind, namespace and name, encoded and lower-cased', async () => {
    const { client, fetch } = clientReturning(200, { entityRef: 'x' });
    await client.getPosture('Component:Default/My Service');
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/dr/entities/component/default/my%20service/posture',
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('sends query lists as repeated parameters and skips empty values', async () => {
    const { client, fetch } = clientReturning(200, { items: [] });
    await client.getAudit({
      overall: ['breach', 'at-risk'],
      owner: [],
      search: '',
      limit: 20,
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/dr/audit?overall=breach&overall=at-risk&limit=20',
    );
    await client.getBackups('resource:default/db', {
      status: ['succeeded'],
      cursor: 'abc',
    });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backstage/api/dr/entities/resource/default/db/backups?cursor=abc&status=succeeded',
    );
  });

  it('pages approvals with the cursor of the page before', async () => {
    const { client, fetch } = clientReturning(200, {
      items: [],
      totalCount: 3,
      nextCursor: 'next',
    });
    const page = await client.listApprovals({
      view: 'decide',
      limit: 2,
      cursor: 'abc',
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/dr/approvals?view=decide&limit=2&cursor=abc',
    );
    expect(page.nextCursor).toBe('next');
  });

  it('posts JSON with a bearer token when a backend passes one', async () => {
    const { client, fetch } = clientReturning(201, { id: 'd1' });
    const drill = {
      scenario: 'corruption',
      startedAt: '2026-11-21T10:00:00Z',
      completedAt: '2026-11-21T10:20:00Z',
      outcome: 'succeeded' as const,
    };
    expect(
      await client.recordDrill('component:default/orders', drill, {
        token: 't0k',
      }),
    ).toEqual({ id: 'd1' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/dr/entities/component/default/orders/drills',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify(drill),
        headers: {
          'Content-Type': 'application/json',
          Authorization: 'Bearer t0k',
        },
      }),
    );
  });

  it('voids a drill by its encoded id with the reason', async () => {
    const { client, fetch } = clientReturning(200, { id: 'd/1' });
    expect(
      await client.voidDrill('component:default/orders', 'd/1', {
        reason: 'Recorded against the wrong service',
      }),
    ).toEqual({ id: 'd/1' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/dr/entities/component/default/orders/drills/d%2F1/void',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ reason: 'Recorded against the wrong service' }),
      }),
    );
  });

  it('turns error responses into ResponseErrors carrying the backend message', async () => {
    // The body Backstage's error handler middleware sends.
    const { client } = clientReturning(400, {
      error: { name: 'InputError', message: 'Invalid drill: outcome' },
      request: {
        method: 'GET',
        url: '/api/dr/entities/component/default/x/drills',
      },
      response: { statusCode: 400 },
    });
    await expect(client.getDrills('component:default/x')).rejects.toMatchObject(
      {
        name: 'ResponseError',
        statusCode: 400,
        body: {
          error: { name: 'InputError', message: 'Invalid drill: outcome' },
        },
      },
    );
  });

  it('downloads the audit as CSV', async () => {
    const { client, fetch } = clientReturning(
      200,
      'entityRef,kind\ncomponent:default/a,Component\n',
      'text/csv',
    );
    const blob = await client.getAuditCsv({ tier: ['tier-1'] });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/dr/audit?tier=tier-1&format=csv',
    );
    expect(await blob.text()).toContain('component:default/a');
  });

  it('rejects malformed entity refs before calling the backend', async () => {
    const { client, fetch } = clientReturning(200, {});
    await expect(client.getPosture('not a ref:')).rejects.toThrow();
    expect(fetch).not.toHaveBeenCalled();
  });
});
