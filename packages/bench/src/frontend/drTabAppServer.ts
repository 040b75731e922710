/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  BENCH_ENTITY,
  BENCH_ENTITY_REF,
  backupPage,
  drillPage,
  type DrTabData,
} from './drTabData';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

const USER_REF = 'user:default/alice';

/** An unsigned JWT whose `exp` the app's identity reads to schedule refreshes. */
function fakeToken(): string {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
    sub: USER_REF,
    ent: [USER_REF],
    exp,
  })}.`;
}

function benchEntity() {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: BENCH_ENTITY.name,
      namespace: BENCH_ENTITY.namespace,
      title: 'Bench service',
      uid: 'bench-service-uid',
      etag: 'bench',
      annotations: {
        'dr.backstage.io/tier': 'tier-1',
        'dr.backstage.io/backup-sources': 'bench:bench-db/',
        'dr.backstage.io/plan': './plans/bench.yaml',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/bench-team',
    },
    relations: [],
  };
}

/**
 * Serves the built app (`packages/app/dist`) with its config injected the way
 * the app-backend does, and answers its API calls from generated data: the
 * demo sign-in, the catalog entity, permissions (all allowed) and the DR API.
 */
export async function startDrTabAppServer(options: {
  distDir: string;
  data: DrTabData;
}): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const { distDir, data } = options;
  const template = await readFile(
    path.join(distDir, 'index.html.tmpl'),
    'utf8',
  );
  const entityPath = `/api/dr/entities/${BENCH_ENTITY.kind}/${BENCH_ENTITY.namespace}/${BENCH_ENTITY.name}`;
  let indexHtml = '';

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: http.IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return chunks.length
      ? JSON.parse(Buffer.concat(chunks).toString('utf8'))
      : {};
  };

  async function api(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    const route = url.pathname;
    if (route === '/api/auth/demo/refresh') {
      return json(res, 200, {
        profile: { displayName: 'Alice Developer' },
        backstageIdentity: {
          token: fakeToken(),
          identity: {
            type: 'user',
            userEntityRef: USER_REF,
            ownershipEntityRefs: [USER_REF],
          },
        },
      });
    }
    if (route === '/api/permission/authorize') {
      const { items = [] } = await readBody(req);
      return json(res, 200, {
        items: items.map((item: { id: string }) => ({
          id: item.id,
          result: 'ALLOW',
        })),
      });
    }
    if (
      route ===
      `/api/catalog/entities/by-name/${BENCH_ENTITY.kind}/${BENCH_ENTITY.namespace}/${BENCH_ENTITY.name}`
    ) {
      return json(res, 200, benchEntity());
    }
    if (route === '/api/catalog/entities/by-refs') {
      const { entityRefs = [] } = await readBody(req);
      return json(res, 200, {
        items: entityRefs.map((ref: string) =>
          ref === BENCH_ENTITY_REF ? benchEntity() : null,
        ),
      });
    }
    if (route.startsWith('/api/catalog/')) {
      return json(res, 200, { items: [], totalItems: 0, pageInfo: {} });
    }
    if (route === `${entityPath}/posture`) return json(res, 200, data.posture);
    if (route === `${entityPath}/backups/timeline`)
      return json(res, 200, data.timeline);
    if (route === `${entityPath}/backups`)
      return json(res, 200, backupPage(data, url.searchParams));
    if (route === `${entityPath}/drills`)
      return json(res, 200, drillPage(data, url.searchParams));
    if (route === `${entityPath}/plan`) return json(res, 200, data.plan);
    if (route === '/api/notifications/status')
      return json(res, 200, { unread: 0, read: 0 });
    return json(res, 404, {
      error: {
        name: 'NotFoundError',
        message: `Not served by the bench: ${route}`,
      },
      response: { statusCode: 404 },
    });
  }

  async function serveFile(res: http.ServerResponse, pathname: string) {
    const file = path.join(distDir, path.normalize(pathname));
    if (file.startsWith(distDir) && path.extname(file)) {
      try {
        const content = await readFile(file);
        res.writeHead(200, {
          'content-type':
            CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
          'cache-control': 'public, max-age=31536000, immutable',
        });
        res.end(content);
        return;
      } catch {
        // Not a file of the app: fall through to the single-page app.
      }
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(indexHtml);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench.local');
    const handled = url.pathname.startsWith('/api/')
      ? api(req, res, url)
      : serveFile(res, url.pathname);
    handled.catch(error => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // What plugin-app-backend's injectConfigIntoHtml does with the app's
  // config; `packages: all` enables the features discovered at build time.
  const appConfig = [
    {
      context: 'bench',
      data: {
        app: { title: 'Backstage DR Suite', baseUrl, packages: 'all' },
        backend: { baseUrl },
      },
    },
  ];
  indexHtml = template
    .replace(/<%=\s*publicPath\s*%>/g, '')
    .replace(/<%=[^%]*app\.title[^%]*%>/g, 'Backstage DR Suite')
    .replace(
      '</head>',
      `<script type="backstage.io/config">${JSON.stringify(
        appConfig,
      )}</script></head>`,
    );

  return {
    baseUrl,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
