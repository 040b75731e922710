/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import type { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import type { PostureService } from '../posture/PostureService';
import { readableEntityForAction } from './entityForAction';
import { entityRefInput } from './postureAction';

const STATUSES = [
  'succeeded',
  'partially-failed',
  'failed',
  'in-progress',
] as const;
const TYPES = ['full', 'incremental', 'wal', 'snapshot'] as const;

/**
 * `list-dr-backups`: the entity's backups, newest first, one bounded page.
 * @internal
 */
export function registerBackupsAction(
  registry: ActionsRegistryService,
  deps: {
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    posture: PostureService;
    backups: DatabaseBackupStore;
  },
) {
  registry.register({
    name: 'list-dr-backups',
    title: 'List the backups of an entity',
    description: `The backups found in an entity's backup sources, newest first, at most \`limit\` (default 20, at most 100) per call; pass \`cursor\` from the previous answer for the next page. Filter by status (succeeded, partially-failed, failed, in-progress), type (full, incremental, wal, snapshot) and \`since\` (ISO 8601). Only succeeded backups count toward the RPO.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          status: z.array(z.enum(STATUSES)).max(4).optional(),
          type: z.array(z.enum(TYPES)).max(4).optional(),
          since: z
            .string()
            .datetime({ offset: true })
            .optional()
            .describe('Only backups taken at or after this time (ISO 8601)'),
          limit: z.number().int().min(1).max(100).default(20),
          cursor: z.string().max(512).optional(),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          items: z.array(
            z.object({
              id: z.string(),
              sourceId: z.string(),
              sourceType: z.string(),
              name: z.string(),
              key: z.string(),
              type: z.enum(TYPES),
              status: z.enum(STATUSES),
              startedAt: z.string().nullable(),
              completedAt: z.string().nullable(),
              sizeBytes: z.number().nullable(),
              encrypted: z.boolean().nullable(),
            }),
          ),
          nextCursor: z
            .string()
            .nullable()
            .describe('Pass as `cursor` for older backups; null at the end'),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entity, entityRef } = await readableEntityForAction(
        input.entityRef,
        credentials,
        deps,
      );
      const { resolved } = await deps.posture.evaluate(entity);
      const page = await deps.backups.list(resolved.selectors, {
        limit: input.limit,
        cursor: input.cursor,
        statuses: input.status,
        types: input.type,
        since: input.since ? new Date(input.since) : undefined,
      });
      return { output: { entityRef, ...page } };
    },
  });
}
