/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import {
  type PlanCommunication,
  type PlanDrillType,
  type PlanLink,
  type PlanServiceLevel,
  parseDurationMs,
} from '@dr-suite/backstage-plugin-dr-common';

/** Reports a plan problem at a field; `warning` keeps the rest as read. */
export type PlanProblemReporter = (
  message: string,
  field: string,
  severity?: 'error' | 'warning',
) => void;

/** Longer than this is a typo (a year of RTO, a century of cadence). */
const MAX_OBJECTIVE_SECONDS = 10 * 365 * 86400;
const MAX_TEXT = 2000;

/**
 * The keys each part of a plan may have, per apiVersion. Any other key is
 * reported as a warning, never dropped in silence.
 */
const V1ALPHA1_KEYS = {
  root: ['apiVersion', 'kind', 'metadata', 'spec'],
  metadata: ['name', 'title', 'description', 'labels', 'annotations'],
  spec: [
    'objectives',
    'dataStores',
    'runbooks',
    'drills',
    'escalation',
    'alerts',
  ],
  objective: ['scenario', 'title', 'description', 'rto', 'rpo', 'destroys'],
  dataStore: ['name', 'entityRef', 'engine', 'backup'],
  runbook: ['scenario', 'title', 'symptoms', 'expectedRto', 'steps'],
  contact: ['name', 'role', 'contact'],
  drills: ['cadence', 'scenarios'],
  alerts: ['backupAge', 'walAge'],
};

const V1ALPHA2_EXTRA: Partial<Record<keyof typeof V1ALPHA1_KEYS, string[]>> = {
  spec: ['overall', 'serviceLevels', 'communication', 'links', 'restoreTests'],
  dataStore: ['sources', 'objectives'],
  contact: ['level', 'responseTime'],
  drills: ['types'],
};

/**
 * Reports the keys of `value` that the plan format of `version` does not
 * know, so a misspelt or newer field is visible rather than ignored.
 */
export function reportUnknownKeys(
  value: unknown,
  part: keyof typeof V1ALPHA1_KEYS,
  field: string,
  v1alpha2: boolean,
  report: PlanProblemReporter,
): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  const known = [
    ...V1ALPHA1_KEYS[part],
    ...(v1alpha2 ? V1ALPHA2_EXTRA[part] ?? [] : []),
  ];
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const newer = !v1alpha2 && V1ALPHA2_EXTRA[part]?.includes(key);
    report(
      `${field ? `${field}.` : ''}${key.slice(
        0,
        100,
      )} is not a field this plan format reads${
        newer
          ? ' in v1alpha1; it is read with apiVersion: dr.backstage.io/v1alpha2'
          : ''
      }, so it is ignored. Known fields here: ${known.join(', ')}.`,
      `${field ? `${field}.` : ''}${key.slice(0, 100)}`,
      'warning',
    );
  }
}

/**
 * Reads a duration in seconds: null when absent or wrong (reported). With
 * `allowZero` a zero is kept (an RPO of 0: no data loss).
 */
export function readPlanDuration(
  value: unknown,
  field: string,
  report: PlanProblemReporter,
  options: { allowZero?: boolean } = {},
): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number') {
    report(
      `${field} must be a duration such as 15m, 4h or 1d, not a ${
        Array.isArray(value) ? 'list' : typeof value
      }.`,
      field,
    );
    return null;
  }
  // "no data loss" is written as a bare 0 more often than as 0s.
  if (options.allowZero && String(value).trim() === '0') return 0;
  let ms: number;
  try {
    ms = parseDurationMs(String(value), { allowZero: options.allowZero });
  } catch (error) {
    report(`${field}: ${(error as Error).message}`, field);
    return null;
  }
  if (!Number.isFinite(ms) || ms / 1000 > MAX_OBJECTIVE_SECONDS) {
    report(
      `${field} is ${String(value).slice(
        0,
        40,
      )}, longer than ten years; it is ignored.`,
      field,
    );
    return null;
  }
  if (ms === 0 && options.allowZero) return 0;
  if (ms < 500) {
    report(`${field}: it must be at least one second.`, field);
    return null;
  }
  return Math.round(ms / 1000);
}

/**
 * An objective's `rto`: a duration (the target), or in v1alpha2 also
 * `{ target, max }`. A maximum below the target is reported and dropped.
 */
export function readRto(
  value: unknown,
  field: string,
  v1alpha2: boolean,
  report: PlanProblemReporter,
): { rtoSeconds: number | null; maxRtoSeconds?: number | null } {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (!v1alpha2) {
      report(
        `${field} must be a duration; { target, max } needs apiVersion: dr.backstage.io/v1alpha2.`,
        field,
      );
      return { rtoSeconds: null };
    }
    const rto = value as Record<string, unknown>;
    reportUnknownKeysOf(rto, ['target', 'max'], field, report);
    const target = readPlanDuration(rto.target, `${field}.target`, report);
    const max = readPlanDuration(rto.max, `${field}.max`, report);
    if (target !== null && max !== null && max < target) {
      report(
        `${field}.max (${rto.max}) is shorter than ${field}.target (${rto.target}); the maximum is ignored.`,
        `${field}.max`,
      );
      return { rtoSeconds: target, maxRtoSeconds: null };
    }
    return { rtoSeconds: target ?? max, maxRtoSeconds: max };
  }
  return { rtoSeconds: readPlanDuration(value, field, report) };
}

export function reportUnknownKeysOf(
  value: Record<string, unknown>,
  known: string[],
  field: string,
  report: PlanProblemReporter,
) {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      report(
        `${field}.${key.slice(
          0,
          100,
        )} is not a field this plan format reads, so it is ignored. Known fields here: ${known.join(
          ', ',
        )}.`,
        `${field}.${key.slice(0, 100)}`,
        'warning',
      );
    }
  }
}

function textOf(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, MAX_TEXT) : null;
}

export function listOf(
  value: unknown,
  field: string,
  report: PlanProblemReporter,
): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(`${field} must be a list.`, field);
    return [];
  }
  return value;
}

export function mappingOf(
  value: unknown,
  field: string,
  report: PlanProblemReporter,
): Record<string, unknown> | null {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return value as Record<string, unknown>;
  report(`${field} must be a mapping; it is left out.`, field);
  return null;
}

/** `spec.overall: { rto, rpo }`: the entity's objective apart from its scenarios. */
export function readOverall(
  value: unknown,
  report: PlanProblemReporter,
): { rtoSeconds: number | null; rpoSeconds: number | null } | undefined {
  if (value === undefined || value === null) return undefined;
  const overall = mappingOf(value, 'spec.overall', report);
  if (!overall) return undefined;
  reportUnknownKeysOf(overall, ['rto', 'rpo'], 'spec.overall', report);
  const result = {
    rtoSeconds: readPlanDuration(overall.rto, 'spec.overall.rto', report),
    rpoSeconds: readPlanDuration(overall.rpo, 'spec.overall.rpo', report, {
      allowZero: true,
    }),
  };
  return result.rtoSeconds === null && result.rpoSeconds === null
    ? undefined
    : result;
}

/**
 * `spec.drills.types: [{ name, title?, cadence, scenarios? }]`. A type
 * without a valid cadence is left out (it could never be judged).
 */
export function readDrillTypes(
  value: unknown,
  report: PlanProblemReporter,
): PlanDrillType[] {
  const types: PlanDrillType[] = [];
  listOf(value, 'spec.drills.types', report).forEach((item, index) => {
    const field = `spec.drills.types[${index}]`;
    const type = mappingOf(item, field, report);
    if (!type) return;
    reportUnknownKeysOf(
      type,
      ['name', 'title', 'cadence', 'scenarios'],
      field,
      report,
    );
    const name = textOf(type.name);
    const cadence = readPlanDuration(type.cadence, `${field}.cadence`, report);
    if (!name || cadence === null) {
      report(
        `${field} is left out: it needs a name and a cadence such as 7d or 90d.`,
        field,
      );
      return;
    }
    if (types.some(t => t.name === name)) {
      report(
        `${field}: drill type "${name}" is defined twice; the first is kept.`,
        field,
      );
      return;
    }
    const scenarios = listOf(type.scenarios, `${field}.scenarios`, report)
      .map(textOf)
      .filter((s): s is string => s !== null);
    types.push({
      name,
      title: textOf(type.title),
      cadenceDays: cadence / 86400,
      scenarios: scenarios.length ? [...new Set(scenarios)] : [name],
    });
  });
  return types;
}

/** `spec.serviceLevels: { availability: 99.9%, durability: 11 nines, ... }`. */
export function readServiceLevels(
  value: unknown,
  report: PlanProblemReporter,
): PlanServiceLevel[] {
  if (value === undefined || value === null) return [];
  const levels = mappingOf(value, 'spec.serviceLevels', report);
  if (!levels) return [];
  return Object.entries(levels).flatMap(([name, target]) => {
    const text = textOf(target);
    if (text === null) {
      report(
        `spec.serviceLevels.${name.slice(
          0,
          100,
        )} must be a value such as 99.9%; it is left out.`,
        `spec.serviceLevels.${name.slice(0, 100)}`,
      );
      return [];
    }
    return [{ name: name.slice(0, 200), target: text }];
  });
}

/** `spec.communication: [{ audience, channel?, updateEvery?, steps? }]`. */
export function readCommunication(
  value: unknown,
  report: PlanProblemReporter,
): PlanCommunication[] {
  const result: PlanCommunication[] = [];
  listOf(value, 'spec.communication', report).forEach((item, index) => {
    const field = `spec.communication[${index}]`;
    const entry = mappingOf(item, field, report);
    if (!entry) return;
    reportUnknownKeysOf(
      entry,
      ['audience', 'channel', 'updateEvery', 'steps'],
      field,
      report,
    );
    const audience = textOf(entry.audience);
    if (!audience) {
      report(
        `${field} is left out: it needs an audience (who is told).`,
        field,
      );
      return;
    }
    result.push({
      audience,
      channel: textOf(entry.channel),
      updateEverySeconds: readPlanDuration(
        entry.updateEvery,
        `${field}.updateEvery`,
        report,
      ),
      steps: listOf(entry.steps, `${field}.steps`, report)
        .map(textOf)
        .filter((s): s is string => s !== null),
    });
  });
  return result;
}

/** `spec.links: [{ title, url }]`: other runbooks and documents (http(s) only). */
export function readLinks(
  value: unknown,
  report: PlanProblemReporter,
): PlanLink[] {
  const links: PlanLink[] = [];
  listOf(value, 'spec.links', report).forEach((item, index) => {
    const field = `spec.links[${index}]`;
    const entry = mappingOf(item, field, report);
    if (!entry) return;
    reportUnknownKeysOf(entry, ['title', 'url'], field, report);
    const title = textOf(entry.title);
    const url = textOf(entry.url);
    // Only web links: a javascript: URL on the DR tab would run on click.
    if (!title || !url || !/^https?:\/\//i.test(url)) {
      report(
        `${field} is left out: it needs a title and an http(s) url.`,
        field,
      );
      return;
    }
    links.push({ title, url });
  });
  return links;
}

/**
 * A v1alpha2 data store's `sources` and `objectives.rpo`; a store with an
 * RPO but no sources cannot be judged and says so.
 */
export function readDataStoreObjectives(
  raw: Record<string, unknown>,
  field: string,
  report: PlanProblemReporter,
): { sources?: string[]; rpoSeconds?: number | null } {
  const sources = listOf(
    typeof raw.sources === 'string' ? [raw.sources] : raw.sources,
    `${field}.sources`,
    report,
  ).filter((s, i): s is string => {
    if (typeof s === 'string' && /^[^:\s]+:\S+$/.test(s.trim())) return true;
    report(
      `${field}.sources[${i}] must be a backup source as the entity's dr.backstage.io/backup-sources writes it (sourceId:selector).`,
      `${field}.sources[${i}]`,
    );
    return false;
  });
  let rpoSeconds: number | null = null;
  if (raw.objectives !== undefined && raw.objectives !== null) {
    const objectives = mappingOf(raw.objectives, `${field}.objectives`, report);
    if (objectives) {
      reportUnknownKeysOf(objectives, ['rpo'], `${field}.objectives`, report);
      rpoSeconds = readPlanDuration(
        objectives.rpo,
        `${field}.objectives.rpo`,
        report,
        {
          allowZero: true,
        },
      );
    }
  }
  if (rpoSeconds !== null && !sources.length) {
    report(
      `${field} has an RPO but no sources, so it cannot be measured; list the entity's backup sources that hold it.`,
      `${field}.sources`,
      'warning',
    );
  }
  return {
    ...(sources.length ? { sources: sources.map(s => s.trim()) } : {}),
    ...(rpoSeconds !== null ? { rpoSeconds } : {}),
  };
}

/** An escalation contact's `level` and `responseTime` (v1alpha2). */
export function readContactExtras(
  raw: Record<string, unknown>,
  field: string,
  report: PlanProblemReporter,
): { level?: string | null; responseTimeSeconds?: number | null } {
  return {
    level: textOf(raw.level),
    responseTimeSeconds: readPlanDuration(
      raw.responseTime,
      `${field}.responseTime`,
      report,
    ),
  };
}
