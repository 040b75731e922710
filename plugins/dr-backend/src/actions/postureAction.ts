/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import type { PostureService } from '../posture/PostureService';
import { readableEntityForAction } from './entityForAction';

/**
 * The zod the actions registry hands to schema builders: its own copy, which
 * need not be this plugin's, so schemas are built from it, never imported.
 */
export type ActionsZod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

const OVERALL = ['ok', 'at-risk', 'breach', 'none'] as const;
const OBJECTIVE = ['met', 'breached', 'unknown'] as const;
const DRILL = ['current', 'overdue', 'never'] as const;

/** The input every entity-scoped action takes. @internal */
export function entityRefInput(z: ActionsZod) {
  return z
    .string()
    .min(1)
    .max(512)
    .describe(
      'The entity, as kind:namespace/name (e.g. component:default/payments-service); a bare name means a Component in the default namespace',
    );
}

function postureOutput(z: ActionsZod) {
  const rpo = z.object({
    status: z.enum(OBJECTIVE),
    targetSeconds: z.number().nullable(),
    actualSeconds: z
      .number()
      .nullable()
      .describe('Age of the newest successful backup'),
    lastSuccessfulBackupAt: z.string().nullable(),
  });
  const rto = z.object({
    status: z.enum(OBJECTIVE),
    targetSeconds: z.number().nullable(),
    measuredSeconds: z
      .number()
      .nullable()
      .describe('Duration of the most recent successful drill'),
    lastSuccessfulDrillAt: z.string().nullable(),
  });
  return z.object({
    entityRef: z.string(),
    overall: z.enum(OVERALL),
    objectives: z.object({
      rtoSeconds: z.number().nullable(),
      rpoSeconds: z.number().nullable(),
      tier: z.string().nullable(),
      drillCadenceDays: z.number(),
    }),
    rpo,
    rto,
    drills: z.object({
      status: z.enum(DRILL),
      lastDrillAt: z.string().nullable(),
      lastDrillOutcome: z.string().nullable(),
      cadenceDays: z.number(),
      nextDueAt: z.string().nullable(),
    }),
    scenarios: z.array(
      z.object({
        scenario: z.string(),
        title: z.string().nullable(),
        rpo,
        rto,
      }),
    ),
    sources: z.array(
      z.object({
        sourceId: z.string(),
        selector: z.string(),
        type: z.string().nullable(),
        status: z.string().describe('ok, stale, pending or unknown-source'),
        lastIndexedAt: z.string().nullable(),
        lastError: z.string().nullable(),
      }),
    ),
    dependencies: z.array(
      z.object({
        entityRef: z.string(),
        relation: z.enum(['dependsOn', 'hasPart']),
        title: z.string().nullable(),
        overall: z.enum(OVERALL),
        rpoStatus: z.enum(OBJECTIVE),
        rtoStatus: z.enum(OBJECTIVE),
        drillStatus: z.enum(DRILL),
      }),
    ),
    dependenciesOverall: z.enum(OVERALL).nullable(),
    problems: z.array(
      z.object({
        code: z.string(),
        severity: z.enum(['error', 'warning', 'info']),
        message: z.string(),
        fix: z.string().optional(),
      }),
    ),
    evaluatedAt: z.string(),
  });
}

/**
 * `get-dr-posture`: the posture the entity's DR tab shows.
 * @internal
 */
export function registerPostureAction(
  registry: ActionsRegistryService,
  deps: {
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    posture: PostureService;
  },
) {
  registry.register({
    name: 'get-dr-posture',
    title: 'Get the DR posture of an entity',
    description: `The disaster-recovery posture of one catalog entity, as its DR tab shows it: overall status (ok, at-risk, breach, none), RPO (target against the age of the newest successful backup), RTO (target against the last successful drill), drill cadence, per-scenario objectives from its DR plan, backup sources and their health, the posture of what it depends on, and problems with how to fix them. Durations are in seconds, times in ISO 8601.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object({ entityRef: entityRefInput(z) }),
      output: postureOutput,
    },
    action: async ({ input, credentials }) => {
      const { entity } = await readableEntityForAction(
        input.entityRef,
        credentials,
        deps,
      );
      const posture = await deps.posture.getPosture(entity, credentials, {
        authorizeEntity: true,
      });
      return { output: posture };
    },
  });
}
