/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  DR_PLAN_API_VERSION,
  DR_PLAN_KIND,
  type DrPlan,
  type PlanContact,
  type PlanDataStore,
  type PlanObjective,
  type PlanRunbook,
  type PostureProblem,
  parseDuration,
} from '@dr-suite/backstage-plugin-dr-common';
import { parseDocument } from 'yaml';
import { z } from 'zod';

const text = z.string().trim().min(1);
const optionalText = z.string().trim().min(1).optional().nullable();
const duration = z.union([z.string(), z.number()]).optional().nullable();

const objectiveSchema = z.object({
  scenario: text,
  title: optionalText,
  description: optionalText,
  rto: duration,
  rpo: duration,
});

const dataStoreSchema = z.object({
  name: text,
  entityRef: optionalText,
  engine: optionalText,
  backup: z
    .object({
      method: optionalText,
      schedule: optionalText,
      retention: optionalText,
      location: optionalText,
      encryption: optionalText,
      continuousArchiving: z.boolean().optional(),
    })
    .optional()
    .nullable(),
});

const runbookSchema = z.object({
  scenario: text,
  title: text,
  symptoms: z.array(text).optional(),
  expectedRto: duration,
  steps: z
    .array(
      z.union([
        text.transform(title => ({ title, description: null, command: null })),
        z.object({
          title: text,
          description: optionalText,
          command: optionalText,
        }),
      ]),
    )
    .min(1),
});

const contactSchema = z.object({
  name: text,
  role: optionalText,
  contact: optionalText,
});

type Section = 'objectives' | 'dataStores' | 'runbooks' | 'escalation';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(
      issue =>
        `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${
          issue.message
        }`,
    )
    .join('; ');
}

/**
 * Parses a DR plan document (`apiVersion: dr.backstage.io/v1alpha1`,
 * `kind: DisasterRecoveryPlan`). Invalid entries are reported as problems and
 * left out; the valid rest of the plan is kept.
 * @internal
 */
export function parsePlan(source: string): {
  plan: DrPlan | null;
  problems: PostureProblem[];
} {
  const problems: PostureProblem[] = [];
  const problem = (
    message: string,
    field?: string,
    severity: PostureProblem['severity'] = 'error',
  ) =>
    problems.push({
      code: 'plan-invalid',
      severity,
      message,
      field,
      fix: 'Correct the plan file; see the DisasterRecoveryPlan format in the README.',
    });

  // Aliases are capped so a hostile document cannot expand without bound.
  const document = parseDocument(source, { uniqueKeys: true });
  if (document.errors.length) {
    const first = document.errors[0];
    const line = first.linePos?.[0]?.line;
    problem(
      `The plan is not valid YAML${line ? ` (line ${line})` : ''}: ${
        first.message.split('\n')[0]
      }`,
    );
    return { plan: null, problems };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problem(`The plan could not be read: ${(error as Error).message}`);
    return { plan: null, problems };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problem(
      'The plan must be a YAML mapping with apiVersion, kind, metadata and spec.',
    );
    return { plan: null, problems };
  }
  const root = raw as Record<string, any>;
  if (root.apiVersion !== DR_PLAN_API_VERSION || root.kind !== DR_PLAN_KIND) {
    problems.push({
      code: 'plan-unsupported',
      severity: 'error',
      field: 'apiVersion',
      message: `The plan has apiVersion "${root.apiVersion ?? ''}" and kind "${
        root.kind ?? ''
      }"; this version reads apiVersion ${DR_PLAN_API_VERSION}, kind ${DR_PLAN_KIND}.`,
      fix: `Set apiVersion: ${DR_PLAN_API_VERSION} and kind: ${DR_PLAN_KIND}.`,
    });
    return { plan: null, problems };
  }
  const spec = root.spec;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    problem('The plan has no spec mapping.', 'spec');
    return { plan: null, problems };
  }

  const toSeconds = (value: unknown, field: string): number | null => {
    if (value === undefined || value === null || value === '') return null;
    try {
      return parseDuration(String(value));
    } catch (error) {
      problem(`${field}: ${(error as Error).message}`, field);
      return null;
    }
  };

  function section<S extends z.ZodTypeAny, T>(
    name: Section,
    schema: S,
    map: (item: z.output<S>, path: string) => T,
  ): T[] {
    const value = spec[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problem(`spec.${name} must be a list.`, `spec.${name}`);
      return [];
    }
    const items: T[] = [];
    value.forEach((item, index) => {
      const path = `spec.${name}[${index}]`;
      const parsed = schema.safeParse(item);
      if (!parsed.success) {
        problem(`${path} is left out: ${describeIssues(parsed.error)}`, path);
        return;
      }
      items.push(map(parsed.data, path));
    });
    return items;
  }

  const objectives: PlanObjective[] = section(
    'objectives',
    objectiveSchema,
    (o, path) => ({
      scenario: o.scenario,
      title: o.title ?? null,
      description: o.description ?? null,
      rtoSeconds: toSeconds(o.rto, `${path}.rto`),
      rpoSeconds: toSeconds(o.rpo, `${path}.rpo`),
    }),
  );
  const dataStores: PlanDataStore[] = section(
    'dataStores',
    dataStoreSchema,
    d => ({
      name: d.name,
      entityRef: d.entityRef ?? null,
      engine: d.engine ?? null,
      backup: d.backup
        ? {
            method: d.backup.method ?? null,
            schedule: d.backup.schedule ?? null,
            retention: d.backup.retention ?? null,
            location: d.backup.location ?? null,
            encryption: d.backup.encryption ?? null,
            continuousArchiving: d.backup.continuousArchiving ?? false,
          }
        : null,
    }),
  );
  const runbooks: PlanRunbook[] = section(
    'runbooks',
    runbookSchema,
    (r, path) => ({
      scenario: r.scenario,
      title: r.title,
      symptoms: r.symptoms ?? [],
      expectedRtoSeconds: toSeconds(r.expectedRto, `${path}.expectedRto`),
      steps: r.steps.map(step => ({
        title: step.title,
        description: step.description ?? null,
        command: step.command ?? null,
      })),
    }),
  );
  const escalation: PlanContact[] = section('escalation', contactSchema, c => ({
    name: c.name,
    role: c.role ?? null,
    contact: c.contact ?? null,
  }));

  const drills = spec.drills ?? {};
  const cadenceDays =
    drills && typeof drills === 'object' && drills.cadence !== undefined
      ? (toSeconds(drills.cadence, 'spec.drills.cadence') ?? 0) / 86400 || null
      : null;
  const drillScenarios = Array.isArray(drills?.scenarios)
    ? drills.scenarios.filter(
        (s: unknown): s is string => typeof s === 'string',
      )
    : [];

  const scenarioNames = new Set(objectives.map(o => o.scenario));
  for (const runbook of runbooks) {
    if (objectives.length && !scenarioNames.has(runbook.scenario)) {
      problems.push({
        code: 'plan-inconsistent',
        severity: 'warning',
        field: 'spec.runbooks',
        message: `Runbook "${runbook.title}" is for scenario "${runbook.scenario}", which has no objective.`,
        fix: `Add an objective for "${runbook.scenario}" under spec.objectives.`,
      });
    }
  }
  for (const objective of objectives) {
    if (!runbooks.some(r => r.scenario === objective.scenario)) {
      problems.push({
        code: 'plan-incomplete',
        severity: 'warning',
        field: 'spec.runbooks',
        message: `Scenario "${objective.scenario}" has objectives but no runbook.`,
        fix: `Add a runbook with scenario: ${objective.scenario} under spec.runbooks.`,
      });
    }
  }

  const metadata =
    root.metadata && typeof root.metadata === 'object' ? root.metadata : {};
  const str = (v: unknown) =>
    typeof v === 'string' && v.trim() ? v.trim() : null;
  return {
    plan: {
      apiVersion: DR_PLAN_API_VERSION,
      kind: DR_PLAN_KIND,
      metadata: {
        name: str(metadata.name),
        title: str(metadata.title),
        description: str(metadata.description),
      },
      spec: {
        objectives,
        dataStores,
        runbooks,
        drills: { cadenceDays, scenarios: drillScenarios },
        escalation,
      },
    },
    problems,
  };
}
