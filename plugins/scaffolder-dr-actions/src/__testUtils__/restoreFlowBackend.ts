/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
// The end-to-end tests run the real DR backend beside the scaffolder.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import drPlugin from '@dr-suite/backstage-plugin-dr-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import yaml from 'yaml';
import { scaffolderModuleDr } from '../module';

/** The requester of the restores in these tests. */
export const ALICE = 'user:default/alice';
/** Another person, who approves them. */
export const BOB = 'user:default/bob';
/** The Authorization header of a signed-in user. */
export const as = (user: string) => mockCredentials.user.header(user);

const templatesDir = path.resolve(__dirname, '../../../../examples/templates');

/** One of this repository's example templates, as the catalog holds it. */
export function exampleTemplate(file: string): Entity {
  const entity = yaml.parse(
    fs.readFileSync(path.join(templatesDir, file), 'utf8'),
  ) as Entity;
  entity.metadata.namespace = 'default';
  return entity;
}

/** The orders team's database, `orders-db`, with these DR annotations. */
export function ordersDatabase(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'orders-db', namespace: 'default', annotations },
    spec: { type: 'database', owner: 'group:default/team-orders' },
  };
}

/** How a scaffolder task ended, with its log and its output. */
export interface FinishedTask {
  status: string;
  log: string;
  output?: any;
}

/** A backend running the DR plugin, the scaffolder and this module. */
export interface RestoreFlowBackend {
  server: any;
  stop(): Promise<void>;
  /** The id of the entity's first listed backup that `match` accepts. */
  backupId(
    entityRef: string,
    match: (backup: { key: string; sourceId: string }) => boolean,
  ): Promise<string>;
  /** Approves as another person, expecting the execution task to start. */
  approve(approvalId: string): Promise<{ id: string; executionTaskId: string }>;
  /**
   * Waits for a task to end and reads its events (log and output); with
   * `logWhenCompleted: false` only when it did not complete, because a log
   * request leaves the scaffolder polling its database for a while, which a
   * test that stops its backend right after should not have to wait for.
   */
  finishedTask(
    taskId: string,
    options?: { logWhenCompleted?: boolean },
  ): Promise<FinishedTask>;
}

/**
 * Starts the DR plugin beside the scaffolder and this module, as an
 * installation runs them: a catalog holding `entities`, notifications
 * handed to `notifications.send`, `config` as the root config (with the
 * app's base URL), and `features` such as modules that add source types or
 * restore kinds. Indexes every source once unless `refresh` is false.
 */
export async function startRestoreFlowBackend(options: {
  entities: Entity[];
  config: JsonObject;
  features?: BackendFeature[];
  notifications?: { send: (...args: any[]) => unknown };
  refresh?: boolean;
}): Promise<RestoreFlowBackend> {
  const notifications = options.notifications ?? { send: jest.fn() };
  const backend = await startTestBackend({
    features: [
      drPlugin,
      scaffolderPlugin,
      scaffolderModuleDr,
      ...(options.features ?? []),
      catalogServiceMock.factory({ entities: options.entities }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => notifications as any,
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          ...options.config,
        },
      }),
    ],
  });
  const server = backend.server;
  if (options.refresh !== false) {
    const refreshed = await request(server).post('/api/dr/refresh').send({});
    if (refreshed.status !== 202) {
      throw new Error(`Indexing failed: ${refreshed.text}`);
    }
  }

  const events = async (taskId: string) => {
    const res = await request(server)
      .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
      .set('Authorization', as(BOB));
    const body = res.body as Array<{
      type: string;
      body: { message?: string; output?: any };
    }>;
    return {
      log: body
        .map(e => e.body.message)
        .filter(Boolean)
        .join('\n'),
      output: body.find(e => e.type === 'completion')?.body?.output,
    };
  };

  return {
    server,
    stop: () => backend.stop(),
    async backupId(entityRef, match) {
      const [kind, namespace, name] = entityRef.split(/[:/]/);
      const res = await request(server)
        .get(`/api/dr/entities/${kind}/${namespace}/${name}/backups?limit=50`)
        .set('Authorization', as(ALICE));
      const found = res.body.items?.find(match);
      if (!found)
        throw new Error(`No such backup of ${entityRef}: ${res.text}`);
      return found.id;
    },
    async approve(approvalId) {
      const approved = await request(server)
        .post(`/api/dr/approvals/${approvalId}/decision`)
        .set('Authorization', as(BOB))
        .send({ decision: 'approve' });
      expect(approved.body).toMatchObject({
        status: 'approved',
        executionTaskId: expect.any(String),
      });
      return approved.body;
    },
    async finishedTask(taskId, { logWhenCompleted = true } = {}) {
      // Bounded polling of the scaffolder's own task API, as its UI does.
      for (let attempt = 0; attempt < 1200; attempt++) {
        const task = await request(server)
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .set('Authorization', as(BOB));
        const status = task.body.status as string;
        if (status === 'completed' && !logWhenCompleted) {
          return { status, log: '' };
        }
        if (['completed', 'failed', 'cancelled'].includes(status)) {
          return { status, ...(await events(taskId)) };
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      throw new Error(
        `Task ${taskId} did not finish; its log so far:\n${
          (await events(taskId)).log
        }`,
      );
    },
  };
}
