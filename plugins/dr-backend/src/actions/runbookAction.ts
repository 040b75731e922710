/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PlanRunbook } from '@dr-suite/backstage-plugin-dr-common';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import type { PlanService } from '../plan/PlanService';
import { readableEntityForAction } from './entityForAction';
import { entityRefInput } from './postureAction';

/** The runbook named by id, else the one whose id or title mentions it. */
function findRunbook(
  runbooks: PlanRunbook[],
  scenario: string | undefined,
): PlanRunbook | undefined {
  if (!scenario) return runbooks.length === 1 ? runbooks[0] : undefined;
  const wanted = scenario.trim().toLocaleLowerCase('en-US');
  return (
    runbooks.find(r => r.scenario.toLocaleLowerCase('en-US') === wanted) ??
    runbooks.find(
      r =>
        r.scenario.toLocaleLowerCase('en-US').includes(wanted) ||
        r.title.toLocaleLowerCase('en-US').includes(wanted),
    )
  );
}

/**
 * `get-dr-runbook`: the runbook for one failure scenario, from the entity's
 * DR plan.
 * @internal
 */
export function registerRunbookAction(
  registry: ActionsRegistryService,
  deps: {
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    plans: PlanService;
  },
) {
  registry.register({
    name: 'get-dr-runbook',
    title: 'Get the DR runbook for a failure scenario',
    description: `The runbook of an entity's DR plan for one failure scenario (e.g. region-loss, database-corruption): its symptoms, ordered steps with the commands to run, the expected RTO and the scenario's objectives, plus the plan's escalation contacts. \`runbook\` is null when the plan has no runbook for the scenario; \`scenarios\` then lists the ones it has. Without \`scenario\`, a plan with a single runbook returns it.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          scenario: z
            .string()
            .max(255)
            .optional()
            .describe(
              'The scenario id, or a word of its id or title (e.g. "region")',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          planLocation: z
            .string()
            .nullable()
            .describe('Where the plan is read from; null without a plan'),
          scenarios: z
            .array(z.object({ scenario: z.string(), title: z.string() }))
            .describe('Every runbook of the plan'),
          runbook: z
            .object({
              scenario: z.string(),
              title: z.string(),
              symptoms: z.array(z.string()),
              expectedRtoSeconds: z.number().nullable(),
              steps: z.array(
                z.object({
                  title: z.string(),
                  description: z.string().nullable(),
                  command: z.string().nullable(),
                }),
              ),
            })
            .nullable(),
          objective: z
            .object({
              rtoSeconds: z.number().nullable(),
              rpoSeconds: z.number().nullable(),
            })
            .nullable(),
          escalation: z.array(
            z.object({
              name: z.string(),
              role: z.string().nullable(),
              contact: z.string().nullable(),
            }),
          ),
          problems: z
            .array(z.string())
            .describe('What could not be read from the plan'),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entity, entityRef } = await readableEntityForAction(
        input.entityRef,
        credentials,
        deps,
      );
      const loaded = await deps.plans.getForEntity(entity);
      const plan = loaded?.plan ?? null;
      const runbooks = plan?.spec.runbooks ?? [];
      const runbook = findRunbook(runbooks, input.scenario) ?? null;
      const objective = runbook
        ? plan?.spec.objectives.find(o => o.scenario === runbook.scenario)
        : undefined;
      return {
        output: {
          entityRef,
          planLocation: loaded?.location ?? null,
          scenarios: runbooks.map(r => ({
            scenario: r.scenario,
            title: r.title,
          })),
          runbook,
          objective: objective
            ? {
                rtoSeconds: objective.rtoSeconds,
                rpoSeconds: objective.rpoSeconds,
              }
            : null,
          escalation: plan?.spec.escalation ?? [],
          problems: (loaded?.problems ?? []).map(p => p.message),
        },
      };
    },
  });
}
