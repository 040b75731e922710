/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubernetesObject } from '../sources/VeleroClient';

/**
 * A resource kind the test server serves, e.g. `velero.io/v1` `backups`.
 * @public
 */
export interface KubernetesResourceKey {
  apiVersion: string;
  plural: string;
}

/**
 * An error status the test server answers with instead of serving a request,
 * as an overloaded or broken API server would.
 * @public
 */
export interface KubernetesTestFailure {
  /** HTTP status, e.g. 500. */
  code: number;
  /** The Status `reason`, e.g. `InternalError`. */
  reason: string;
  /** The Status `message`. */
  message: string;
  /** Which requests fail; all when omitted. */
  matches?(request: { method: string; path: string }): boolean;
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubernetesObject;
  resourceVersion: number;
  collection: string;
}

/**
 * A local HTTP server speaking the Kubernetes REST protocol for namespaced
 * custom resources: list in a namespace or across all of them (with
 * `limit`/`continue`), get, create, replace, delete and watch (JSON lines,
 * resuming from `resourceVersion`). There is no
 * kube-apiserver on this machine; this lets the real `@kubernetes/client-node`
 * be tested over HTTP.
 * @public
 */
export interface KubernetesTestServer {
  url: string;
  token: string;
  /** Every request received, for assertions. */
  requests: Array<{ method: string; path: string; authorization?: string }>;
  /** Creates or replaces an object, as a controller would. */
  put(
    resource: KubernetesResourceKey,
    object: KubernetesObject,
  ): KubernetesObject;
  /** Changes an object in place and emits MODIFIED. */
  update(
    resource: KubernetesResourceKey,
    namespace: string,
    name: string,
    mutate: (object: KubernetesObject) => void,
  ): KubernetesObject;
  get(
    resource: KubernetesResourceKey,
    namespace: string,
    name: string,
  ): KubernetesObject | undefined;
  list(resource: KubernetesResourceKey, namespace?: string): KubernetesObject[];
  remove(
    resource: KubernetesResourceKey,
    namespace: string,
    name: string,
  ): void;
  /** Called after a client creates an object of this resource. */
  onCreate(
    resource: KubernetesResourceKey,
    handler: (object: KubernetesObject) => void,
  ): void;
  /** While down, every request gets a 503 as from an unreachable apiserver. */
  setDown(down: boolean): void;
  /**
   * Answers the requests the failure matches with its error status until
   * called again with undefined.
   */
  setFailure(failure: KubernetesTestFailure | undefined): void;
  stop(): Promise<void>;
}

const PATH =
  /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/;
/** A list (or watch) of one kind across all namespaces. */
const ALL_NAMESPACES_PATH = /^\/apis\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

/**
 * Starts a {@link KubernetesTestServer} on a free loopback port.
 *
 * @param options - `token`: the bearer token it accepts; `pageSize`: the most
 *   items a list page holds, whatever the client asks for; `resources`: the
 *   only kinds served, every other kind answering 404 as for a CRD that is not
 *   installed (all kinds are served when omitted).
 * @public
 */
export async function startKubernetesTestServer(
  options: {
    token?: string;
    pageSize?: number;
    resources?: KubernetesResourceKey[];
  } = {},
): Promise<KubernetesTestServer> {
  const token = options.token ?? 'test-token';
  const objects = new Map<string, KubernetesObject>();
  const events: WatchEvent[] = [];
  const watchers = new Set<(event: WatchEvent) => void>();
  const createHandlers = new Map<
    string,
    Array<(object: KubernetesObject) => void>
  >();
  const requests: KubernetesTestServer['requests'] = [];
  const collectionKey = (apiVersion: string, plural: string) =>
    `${apiVersion}/${plural}`;
  let revision = 1;
  let down = false;
  let failure: KubernetesTestFailure | undefined;
  const installed = options.resources?.map(r =>
    collectionKey(r.apiVersion, r.plural),
  );

  const objectKey = (collection: string, namespace: string, name: string) =>
    `${collection}/${namespace}/${name}`;

  function emit(
    type: WatchEvent['type'],
    collection: string,
    object: KubernetesObject,
  ) {
    const event = {
      type,
      object: structuredClone(object),
      resourceVersion: revision,
      collection,
    };
    events.push(event);
    for (const watcher of watchers) watcher(event);
  }

  function store(collection: string, object: KubernetesObject, isNew: boolean) {
    revision += 1;
    object.metadata.resourceVersion = String(revision);
    object.metadata.creationTimestamp ??= new Date().toISOString();
    object.metadata.uid ??= `uid-${revision}`;
    objects.set(
      objectKey(collection, object.metadata.namespace!, object.metadata.name),
      object,
    );
    emit(isNew ? 'ADDED' : 'MODIFIED', collection, object);
    return structuredClone(object);
  }

  function listCollection(collection: string, namespace?: string) {
    return [...objects.entries()]
      .filter(([key]) =>
        key.startsWith(`${collection}/${namespace ? `${namespace}/` : ''}`),
      )
      .map(([, object]) => object)
      .sort(
        (a, b) =>
          (a.metadata.namespace ?? '').localeCompare(
            b.metadata.namespace ?? '',
          ) || a.metadata.name.localeCompare(b.metadata.name),
      );
  }

  function matchesSelector(
    object: KubernetesObject,
    fieldSelector: string | null,
  ) {
    if (!fieldSelector) return true;
    return fieldSelector.split(',').every(term => {
      const [field, value] = term.split('=');
      return field === 'metadata.name' ? object.metadata.name === value : true;
    });
  }

  async function readBody(req: http.IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      authorization: req.headers.authorization,
    });
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (down)
      return send(
        503,
        status(
          503,
          'ServiceUnavailable',
          'the server is currently unable to handle the request',
        ),
      );
    if (req.headers.authorization !== `Bearer ${token}`) {
      return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    }
    const failing = failure;
    if (
      failing &&
      (!failing.matches ||
        failing.matches({
          method: req.method ?? 'GET',
          path: url.pathname + url.search,
        }))
    ) {
      return send(
        failing.code,
        status(failing.code, failing.reason, failing.message),
      );
    }
    const notFound = () =>
      send(
        404,
        status(
          404,
          'NotFound',
          `the server could not find the requested resource ${url.pathname}`,
        ),
      );
    const match =
      PATH.exec(url.pathname) ??
      (req.method === 'GET' ? ALL_NAMESPACES_PATH.exec(url.pathname) : null);
    if (!match) return notFound();
    // Across all namespaces, the path has no namespace and no name.
    const [, group, version, ...rest] = match;
    const [namespace, plural, name] =
      rest.length === 3 ? rest : [undefined, rest[0], undefined];
    const apiVersion = `${group}/${version}`;
    const collection = collectionKey(apiVersion, plural);
    if (installed && !installed.includes(collection)) return notFound();

    try {
      if (
        req.method === 'GET' &&
        !name &&
        ['true', '1'].includes(url.searchParams.get('watch') ?? '')
      ) {
        const fieldSelector = url.searchParams.get('fieldSelector');
        const since = Number(url.searchParams.get('resourceVersion') || 0);
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Transfer-Encoding': 'chunked',
        });
        const write = (event: WatchEvent) => {
          if (
            event.collection !== collection ||
            (namespace && event.object.metadata.namespace !== namespace)
          )
            return;
          if (!matchesSelector(event.object, fieldSelector)) return;
          res.write(
            `${JSON.stringify({ type: event.type, object: event.object })}\n`,
          );
        };
        if (since) {
          events.filter(e => e.resourceVersion > since).forEach(write);
        } else {
          listCollection(collection, namespace).forEach(object =>
            write({
              type: 'ADDED',
              object,
              resourceVersion: revision,
              collection,
            }),
          );
        }
        watchers.add(write);
        const timeout = setTimeout(
          () => res.end(),
          Number(url.searchParams.get('timeoutSeconds') || 30) * 1000,
        );
        req.on('close', () => {
          clearTimeout(timeout);
          watchers.delete(write);
        });
        return undefined;
      }
      if (req.method === 'GET' && !name) {
        const items = listCollection(collection, namespace).filter(o =>
          matchesSelector(o, url.searchParams.get('fieldSelector')),
        );
        // Like a real apiserver, a page may hold fewer items than asked for.
        const requested = Number(url.searchParams.get('limit') || 0);
        const limit = Math.min(
          requested || Infinity,
          options.pageSize || Infinity,
        );
        const offset = Number(url.searchParams.get('continue') || 0);
        const page = Number.isFinite(limit)
          ? items.slice(offset, offset + limit)
          : items.slice(offset);
        const next =
          offset + page.length < items.length
            ? String(offset + page.length)
            : undefined;
        return send(200, {
          apiVersion,
          kind: 'List',
          metadata: {
            resourceVersion: String(revision),
            ...(next ? { continue: next } : {}),
          },
          items: page,
        });
      }
      // Below, only paths within a namespace match.
      if (!namespace) return notFound();
      if (req.method === 'GET' && name) {
        const object = objects.get(objectKey(collection, namespace, name));
        return object
          ? send(200, object)
          : send(
              404,
              status(404, 'NotFound', `${plural}.${group} "${name}" not found`),
            );
      }
      if (req.method === 'POST' && !name) {
        const body = (await readBody(req)) as KubernetesObject;
        body.metadata = { ...body.metadata, namespace };
        if (objects.has(objectKey(collection, namespace, body.metadata.name))) {
          return send(
            409,
            status(
              409,
              'AlreadyExists',
              `${plural}.${group} "${body.metadata.name}" already exists`,
            ),
          );
        }
        const created = store(collection, body, true);
        send(201, created);
        for (const handler of createHandlers.get(collection) ?? []) {
          setImmediate(() => handler(structuredClone(created)));
        }
        return undefined;
      }
      if (req.method === 'DELETE' && name) {
        const key = objectKey(collection, namespace, name);
        const object = objects.get(key);
        if (!object)
          return send(
            404,
            status(404, 'NotFound', `${plural}.${group} "${name}" not found`),
          );
        objects.delete(key);
        revision += 1;
        emit('DELETED', collection, object);
        return send(200, object);
      }
      return send(
        405,
        status(405, 'MethodNotAllowed', `${req.method} is not supported here`),
      );
    } catch (error) {
      return send(400, status(400, 'BadRequest', String(error)));
    }
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: KubernetesTestServer = {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    put(resource, object) {
      const collection = collectionKey(resource.apiVersion, resource.plural);
      const namespace = object.metadata.namespace ?? 'default';
      const copy = structuredClone({
        ...object,
        metadata: { ...object.metadata, namespace },
      });
      return store(
        collection,
        copy,
        !objects.has(objectKey(collection, namespace, copy.metadata.name)),
      );
    },
    update(resource, namespace, name, mutate) {
      const collection = collectionKey(resource.apiVersion, resource.plural);
      const object = objects.get(objectKey(collection, namespace, name));
      if (!object)
        throw new Error(`No ${resource.plural} ${namespace}/${name}`);
      mutate(object);
      return store(collection, object, false);
    },
    get(resource, namespace, name) {
      const object = objects.get(
        objectKey(
          collectionKey(resource.apiVersion, resource.plural),
          namespace,
          name,
        ),
      );
      return object && structuredClone(object);
    },
    list(resource, namespace) {
      return listCollection(
        collectionKey(resource.apiVersion, resource.plural),
        namespace,
      ).map(o => structuredClone(o));
    },
    remove(resource, namespace, name) {
      const collection = collectionKey(resource.apiVersion, resource.plural);
      const key = objectKey(collection, namespace, name);
      const object = objects.get(key);
      if (!object) return;
      objects.delete(key);
      revision += 1;
      emit('DELETED', collection, object);
    },
    onCreate(resource, handler) {
      const collection = collectionKey(resource.apiVersion, resource.plural);
      createHandlers.set(collection, [
        ...(createHandlers.get(collection) ?? []),
        handler,
      ]);
    },
    setDown(value) {
      down = value;
    },
    setFailure(value) {
      failure = value;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
  return api;
}
