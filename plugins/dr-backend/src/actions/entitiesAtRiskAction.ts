/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { drPostureReadPermission } from '@dr-suite/backstage-plugin-dr-common';
import type { AuditService } from '../audit/AuditService';
import type { DrAuthorizer } from '../auth/DrAuthorizer';

/** The audit reads every entity anyway; this bounds what one call returns. */
const SCAN_LIMIT = 1000;

function ownerRef(owner: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new InputError(
      `"${owner}" is not an owner ref, e.g. group:default/team-payments`,
    );
  }
}

/**
 * `list-dr-entities-at-risk`: entities in breach or at risk, worst first,
 * limited to those the caller may see in the catalog and whose DR posture
 * they may read (what their DR tabs would show them).
 * @internal
 */
export function registerEntitiesAtRiskAction(
  registry: ActionsRegistryService,
  deps: {
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    audit: AuditService;
  },
) {
  registry.register({
    name: 'list-dr-entities-at-risk',
    title: 'List entities in DR breach or at risk',
    description: `Catalog entities whose disaster-recovery posture is in breach (an RPO or RTO target is missed) or at risk (drills overdue or never run, or a status unknown while its target exists), breaches first. Filter by tier (e.g. tier-1), owner (e.g. group:default/team-payments, or just team-payments) and kind; \`overall\` narrows to breach or at-risk only. Each row gives the RPO/RTO status, target and actual values in seconds, and the drill status; use get-dr-posture for the details and get-dr-runbook for what to do.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          overall: z
            .array(z.enum(['breach', 'at-risk']))
            .min(1)
            .max(2)
            .default(['breach', 'at-risk']),
          tier: z.array(z.string().min(1).max(255)).max(20).optional(),
          owner: z.array(z.string().min(1).max(255)).max(20).optional(),
          kind: z.array(z.string().min(1).max(64)).max(20).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string().nullable(),
              owner: z.string().nullable(),
              tier: z.string().nullable(),
              overall: z.enum(['breach', 'at-risk']),
              rpoStatus: z.enum(['met', 'breached', 'unknown']),
              rpoTargetSeconds: z.number().nullable(),
              rpoActualSeconds: z.number().nullable(),
              lastSuccessfulBackupAt: z.string().nullable(),
              rtoStatus: z.enum(['met', 'breached', 'unknown']),
              rtoTargetSeconds: z.number().nullable(),
              rtoMeasuredSeconds: z.number().nullable(),
              drillStatus: z.enum(['current', 'overdue', 'never']),
              lastDrillAt: z.string().nullable(),
              problemCount: z.number(),
            }),
          ),
          truncated: z
            .boolean()
            .describe('More entities matched than `limit`; narrow the filters'),
        }),
    },
    action: async ({ input, credentials }) => {
      const page = await deps.audit.page({
        overall: input.overall,
        tier: input.tier,
        owner: input.owner?.map(ownerRef),
        kind: input.kind,
        orderBy: 'overall',
        order: 'asc',
        limit: SCAN_LIMIT,
      });
      const refs = page.items.map(row => row.entityRef);
      const [inCatalog, allowed] = await Promise.all([
        refs.length
          ? deps.catalog.getEntitiesByRefs(
              { entityRefs: refs, fields: ['kind', 'metadata.name'] },
              { credentials },
            )
          : { items: [] },
        deps.authorizer.allowedEntities(
          drPostureReadPermission,
          refs,
          credentials,
        ),
      ]);
      const visible = page.items.filter(
        (row, i) => inCatalog.items[i] && allowed.has(row.entityRef),
      );
      return {
        output: {
          items: visible.slice(0, input.limit).map(row => ({
            ...row,
            overall: row.overall as 'breach' | 'at-risk',
          })),
          truncated:
            visible.length > input.limit || page.totalCount > SCAN_LIMIT,
        },
      };
    },
  });
}
