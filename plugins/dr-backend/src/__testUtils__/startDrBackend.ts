/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type BackendFeature,
  type ServiceFactory,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { scaffolderServiceRef } from '@backstage/plugin-scaffolder-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { drPlugin } from '../plugin';
import type { createDrTestWorld } from './drTestWorld';

/** The Authorization header of a service calling the DR API as `subject`. */
export function serviceHeader(subject: string): string {
  return mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'dr',
  });
}

/**
 * Starts the DR plugin over HTTP on the given database (a TestDatabases
 * knex, so tests run on PostgreSQL as well as SQLite), with the test world's
 * volume indexed, a restore target, and permissions that allow everything
 * except the permission names a test adds to the returned `denied` set
 * (`<permission> <entityRef>` denies it on that entity only).
 */
export async function startDrBackend(options: {
  world: ReturnType<typeof createDrTestWorld>;
  knex: Knex;
  /** More plugins or modules to start beside the DR plugin. */
  features?: BackendFeature[];
  /** More `dr.restoreTargets` beside `orders-staging`. */
  restoreTargets?: Record<string, unknown>;
  /**
   * Sends notifications to the real notifications backend, started here on
   * this database of its own, instead of the returned mock.
   */
  notificationsDatabase?: Knex;
}) {
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => auditEvent),
  });
  const scaffolder = { scaffold: jest.fn(async () => ({ taskId: 'task-1' })) };
  const notifications = { send: jest.fn() };
  const denied = new Set<string>();
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(
        (r): PolicyDecision => ({
          result:
            denied.has(r.permission.name) ||
            ('resourceRef' in r &&
              denied.has(`${r.permission.name} ${r.resourceRef}`))
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }),
      ) as any,
    // `dr-entity` list permissions (the audit, the ledger): all or nothing.
    authorizeConditional: async requests =>
      requests.map(r => ({
        result: denied.has(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })) as any,
  });
  const scheduler = mockServices.scheduler() as any;
  const features: ServiceFactory[] = [
    scheduler.factory(),
    auditor.factory,
    permissions.factory,
    catalogServiceMock.factory({ entities: options.world.entities }),
    createServiceFactory({
      service: scaffolderServiceRef,
      deps: {},
      factory: () => scaffolder as any,
    }),
    mockServices.rootConfig.factory({
      data: {
        // Where notification links point (the notifications backend).
        app: { baseUrl: 'http://localhost:3000' },
        // The actions service lists the DR plugin's actions, as in the demo.
        backend: { actions: { pluginSources: ['dr'] } },
        dr: {
          ...options.world.config.dr,
          restoreTargets: {
            'orders-staging': {
              type: 'postgres',
              title: 'Orders staging',
              connection: { user: 'postgres', database: 'orders_staging' },
            },
            ...options.restoreTargets,
          },
        },
      },
    }),
  ];
  const { notificationsDatabase } = options;
  if (notificationsDatabase) {
    // Each plugin its own database, as in a real backend.
    features.push(
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) => ({
          getClient: async () =>
            plugin.getId() === 'notifications'
              ? notificationsDatabase
              : options.knex,
        }),
      }),
    );
  } else {
    features.push(
      mockServices.database.factory({ knex: options.knex }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => notifications as any,
      }),
    );
  }
  const { server } = await startTestBackend({
    features: [
      drPlugin,
      ...(notificationsDatabase ? [notificationsPlugin] : []),
      ...features,
      ...(options.features ?? []),
    ],
  });
  await request(server).post('/api/dr/refresh').send({});
  return {
    server,
    auditor,
    auditEvent,
    scaffolder,
    scheduler,
    denied,
    notifications,
  };
}
