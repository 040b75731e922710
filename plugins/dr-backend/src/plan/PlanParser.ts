/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  DR_PLAN_API_VERSION,
  DR_PLAN_API_VERSION_V1ALPHA2,
  DR_PLAN_API_VERSIONS,
  DR_PLAN_KIND,
  type DrPlan,
  type PlanContact,
  type PlanDataStore,
  type PlanObjective,
  type PlanRunbook,
  type PostureProblem,
} from '@dr-suite/backstage-plugin-dr-common';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import {
  readCommunication,
  readContactExtras,
  readDataStoreObjectives,
  readDrillTypes,
  readLinks,
  readOverall,
  readPlanDuration,
  readRto,
  readServiceLevels,
  reportUnknownKeys,
} from './planV1alpha2';
import { readPlanRestoreTests } from './planRestoreTests';

const text = z.string().trim().min(1);
const optionalText = z.string().trim().min(1).optional().nullable();
const duration = z.union([z.string(), z.number()]).optional().nullable();

const objectiveSchema = z.object({
  scenario: text,
  title: optionalText,
  description: optionalText,
  // Read on their own below (v1alpha2 allows `rto: { target, max }`, `rpo: 0`).
  rto: z.unknown().optional(),
  rpo: z.unknown().optional(),
  // Read on its own below, so a bad value costs the field, not the objective.
  destroys: z.unknown().optional(),
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
  // v1alpha2; read on their own so a bad value costs the field.
  level: z.unknown().optional(),
  responseTime: z.unknown().optional(),
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
 * Parses a DR plan document (`apiVersion: dr.backstage.io/v1alpha1` or
 * `v1alpha2`, `kind: DisasterRecoveryPlan`). Invalid entries are reported as
 * problems and left out; the valid rest of the plan is kept; keys the format
 * does not know are reported as warnings. Never throws.
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
  if (
    !DR_PLAN_API_VERSIONS.includes(root.apiVersion) ||
    root.kind !== DR_PLAN_KIND
  ) {
    problems.push({
      code: 'plan-unsupported',
      severity: 'error',
      field: 'apiVersion',
      message: `The plan has apiVersion "${root.apiVersion ?? ''}" and kind "${
        root.kind ?? ''
      }"; this version reads apiVersion ${DR_PLAN_API_VERSIONS.join(
        ' or ',
      )}, kind ${DR_PLAN_KIND}.`,
      fix: `Set apiVersion: ${DR_PLAN_API_VERSION_V1ALPHA2} (or ${DR_PLAN_API_VERSION} for the older format) and kind: ${DR_PLAN_KIND}.`,
    });
    return { plan: null, problems };
  }
  const spec = root.spec;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    problem('The plan has no spec mapping.', 'spec');
    return { plan: null, problems };
  }

  const v1alpha2 = root.apiVersion === DR_PLAN_API_VERSION_V1ALPHA2;
  const report = (
    message: string,
    field: string,
    severity: 'error' | 'warning' = 'error',
  ) => problem(message, field, severity);
  reportUnknownKeys(root, 'root', '', v1alpha2, report);
  reportUnknownKeys(root.metadata, 'metadata', 'metadata', v1alpha2, report);
  reportUnknownKeys(spec, 'spec', 'spec', v1alpha2, report);
  reportUnknownKeys(spec.drills, 'drills', 'spec.drills', v1alpha2, report);
  reportUnknownKeys(spec.alerts, 'alerts', 'spec.alerts', v1alpha2, report);
  const partOf: Record<
    Section,
    'objective' | 'dataStore' | 'runbook' | 'contact'
  > = {
    objectives: 'objective',
    dataStores: 'dataStore',
    runbooks: 'runbook',
    escalation: 'contact',
  };

  const toSeconds = (value: unknown, field: string): number | null =>
    readPlanDuration(value, field, report);
  /** An RPO of 0 ("no data loss") is read from v1alpha2 on. */
  const readRpo = (value: unknown, field: string): number | null => {
    if (!v1alpha2 && (value === 0 || String(value ?? '').trim() === '0')) {
      problem(
        `${field}: an RPO of 0 (no data loss) needs apiVersion: ${DR_PLAN_API_VERSION_V1ALPHA2}.`,
        field,
      );
      return null;
    }
    return readPlanDuration(value, field, report, { allowZero: v1alpha2 });
  };

  /** `spec.alerts: { backupAge, walAge }`: warning thresholds beside the RPO. */
  function readAlerts(
    value: unknown,
  ): { backupAgeSeconds: number | null; walAgeSeconds: number | null } | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) {
      problem(
        'spec.alerts must be a mapping such as { backupAge: 26h, walAge: 30m }.',
        'spec.alerts',
      );
      return null;
    }
    const thresholds = value as Record<string, unknown>;
    const positive = (key: 'backupAge' | 'walAge') => {
      const seconds = toSeconds(thresholds[key], `spec.alerts.${key}`);
      if (seconds !== null && seconds <= 0) {
        problem(
          `spec.alerts.${key} must be longer than zero.`,
          `spec.alerts.${key}`,
        );
        return null;
      }
      return seconds;
    };
    const alerts = {
      backupAgeSeconds: positive('backupAge'),
      walAgeSeconds: positive('walAge'),
    };
    return alerts.backupAgeSeconds === null && alerts.walAgeSeconds === null
      ? null
      : alerts;
  }

  /** `destroys: [location, ...]`; anything else is reported and ignored. */
  function destroysOf(value: unknown, field: string): { destroys?: string[] } {
    if (value === undefined || value === null) return {};
    const list = typeof value === 'string' ? [value] : value;
    if (
      !Array.isArray(list) ||
      list.some(l => typeof l !== 'string' || !l.trim() || l.length > 200)
    ) {
      problem(
        `${field} must be a list of locations (as dr.sources.<id>.location names them, e.g. [eu-west-1]); it is ignored, so every copy counts for this scenario.`,
        field,
      );
      return {};
    }
    const destroys = [...new Set(list.map((l: string) => l.trim()))];
    return destroys.length ? { destroys } : {};
  }

  function section<S extends z.ZodTypeAny, T>(
    name: Section,
    schema: S,
    map: (item: z.output<S>, path: string, raw: Record<string, unknown>) => T,
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
      reportUnknownKeys(item, partOf[name], path, v1alpha2, report);
      const parsed = schema.safeParse(item);
      if (!parsed.success) {
        problem(`${path} is left out: ${describeIssues(parsed.error)}`, path);
        return;
      }
      items.push(map(parsed.data, path, item));
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
      ...readRto(o.rto, `${path}.rto`, v1alpha2, report),
      rpoSeconds: readRpo(o.rpo, `${path}.rpo`),
      ...destroysOf(o.destroys, `${path}.destroys`),
    }),
  );
  const dataStores: PlanDataStore[] = section(
    'dataStores',
    dataStoreSchema,
    (d, path, item) => ({
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
      ...(v1alpha2 ? readDataStoreObjectives(item, path, report) : {}),
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
  const escalation: PlanContact[] = section(
    'escalation',
    contactSchema,
    (c, path) => ({
      name: c.name,
      role: c.role ?? null,
      contact: c.contact ?? null,
      ...(v1alpha2 ? readContactExtras(c, path, report) : {}),
    }),
  );

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

  const alerts = readAlerts(spec.alerts);
  const drillTypes =
    v1alpha2 && drills && typeof drills === 'object'
      ? readDrillTypes(drills.types, report)
      : [];
  const overall = v1alpha2 ? readOverall(spec.overall, report) : undefined;
  const serviceLevels = v1alpha2
    ? readServiceLevels(spec.serviceLevels, report)
    : [];
  const communication = v1alpha2
    ? readCommunication(spec.communication, report)
    : [];
  const links = v1alpha2 ? readLinks(spec.links, report) : [];
  const restoreTests = v1alpha2
    ? readPlanRestoreTests(spec.restoreTests, report)
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
  for (const type of drillTypes) {
    const unknown = type.scenarios.filter(
      s => s !== type.name && objectives.length && !scenarioNames.has(s),
    );
    if (unknown.length) {
      problems.push({
        code: 'plan-inconsistent',
        severity: 'warning',
        field: 'spec.drills.types',
        message: `Drill type "${type.name}" counts drills of ${unknown
          .map(s => `"${s}"`)
          .join(', ')}, which no objective names.`,
        fix: `Use the scenario names under spec.objectives (${[
          ...scenarioNames,
        ].join(', ')}).`,
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
      apiVersion: v1alpha2 ? DR_PLAN_API_VERSION_V1ALPHA2 : DR_PLAN_API_VERSION,
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
        drills: {
          cadenceDays,
          scenarios: drillScenarios,
          ...(drillTypes.length ? { types: drillTypes } : {}),
        },
        escalation,
        ...(alerts ? { alerts } : {}),
        ...(overall ? { overall } : {}),
        ...(serviceLevels.length ? { serviceLevels } : {}),
        ...(communication.length ? { communication } : {}),
        ...(links.length ? { links } : {}),
        ...(restoreTests.length ? { restoreTests } : {}),
      },
    },
    problems,
  };
}
