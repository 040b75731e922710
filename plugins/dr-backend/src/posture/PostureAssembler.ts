/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  EntityPosture,
  PlanObjective,
  PostureObjectives,
  PostureProblem,
  PostureSource,
  RecoveryWindow,
  SourceStatus,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  type BackupCopyFacts,
  calculatePosture,
  type PostureFacts,
} from './PostureCalculator';
import type { LocatedCopy } from './copiesByLocation';
import { statedObjectiveProblems } from './statedObjectiveProblems';

/**
 * What an entity declares, resolved from its annotations and plan: the
 * entity-side inputs of its posture.
 * @internal
 */
export interface PostureInputs {
  entityRef: string;
  objectives: PostureObjectives;
  /** The `sourceId:selector` pairs as written, including broken ones. */
  declaredSources: Array<{ sourceId: string; selector: string }>;
  /** Whether any selector parsed, i.e. backups can be looked for at all. */
  hasSelectors: boolean;
  scenarios: PlanObjective[];
  problems: PostureProblem[];
}

/**
 * An entity's own posture (no dependencies) and the first instant at which
 * the same inputs would judge it differently.
 * @internal
 */
export interface AssembledPosture {
  posture: EntityPosture;
  nextChangeAt: Date | null;
}

/**
 * The window stored for a declared source: by its canonical selector, or
 * the only window of its source when the entity declares it once (the
 * declared text may differ from the canonical form).
 */
function windowOf<T>(
  windows: Record<string, T> | undefined,
  declared: Array<{ sourceId: string; selector: string }>,
  sourceId: string,
  selector: string,
): T | undefined {
  if (!windows) return undefined;
  const exact = windows[`${sourceId}:${selector}`];
  if (exact) return exact;
  if (declared.filter(d => d.sourceId === sourceId).length !== 1)
    return undefined;
  const ofSource = Object.keys(windows).filter(key =>
    key.startsWith(`${sourceId}:`),
  );
  return ofSource.length === 1 ? windows[ofSource[0]] : undefined;
}

function windowProblems(
  sourceId: string,
  selector: string,
  window: RecoveryWindow,
): PostureProblem[] {
  const store = `${sourceId}:${selector}`;
  if (window.gapAt) {
    return [
      {
        code: 'wal-gap',
        severity: 'error',
        field: sourceId,
        message: window.to
          ? `${store}: WAL segment ${window.gapAt} is missing, so it is recoverable only up to ${window.to}; WAL archived after the gap cannot be replayed.`
          : `${store}: ${window.reason}`,
        fix: 'Find why archiving skipped the segment (archive_command failures in the PostgreSQL log, a lifecycle rule deleting WAL) and take a new base backup so a gap-free window starts after it.',
      },
    ];
  }
  if (window.from === null) {
    return [
      {
        code: 'wal-without-base-backup',
        severity: 'error',
        field: sourceId,
        message: `${store}: WAL is archived but there is no base backup to replay it onto, so nothing can be restored.`,
        fix: 'Take a base backup (pg_basebackup, pgBackRest or your tool) under the same prefix, and schedule one at least as often as WAL is kept.',
      },
    ];
  }
  return [];
}

function formatAge(seconds: number): string {
  if (seconds >= 86400) return `${(seconds / 86400).toFixed(1)} days`;
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 60)} min`;
}

/**
 * Problems about the copies: suspicious backups skipped for RPO, copies no
 * scenario can place, and backup or WAL age past its warning threshold.
 */
function copyProblems(
  inputs: PostureInputs,
  facts: PostureFacts,
  calculated: ReturnType<typeof calculatePosture>,
  locatedCopies: LocatedCopy[] | undefined,
): PostureProblem[] {
  const problems: PostureProblem[] = [];
  for (const scenario of inputs.scenarios) {
    const lost = scenario.destroys ?? [];
    const placed = (locatedCopies ?? []).filter(c => c.location !== null);
    if (!lost.length || !placed.length) continue;
    if (placed.some(c => !lost.includes(c.location!))) continue;
    problems.push({
      code: 'no-surviving-copy',
      severity: 'error',
      field: scenario.scenario,
      message: `Scenario "${scenario.scenario}" destroys ${lost.join(
        ', ',
      )}, where every placed copy is kept (${placed
        .map(c => `${c.key} in ${c.location}`)
        .join(', ')}): no backup survives it.`,
      fix: 'Copy the backups to another location (a cross-region bucket, another site) and configure it as a source with its location.',
    });
  }
  for (const [store, copy] of Object.entries(facts.copies ?? {})) {
    for (const suspect of copy.suspects) {
      problems.push({
        code: 'backup-suspicious',
        severity: 'warning',
        field: store.slice(0, store.indexOf(':')),
        message: `${suspect.name} (${store}) is skipped for RPO. ${
          suspect.suspicion
        } RPO is judged from ${
          copy.lastBackupAt
            ? `the previous sound backup, of ${copy.lastBackupAt}`
            : 'no earlier sound backup'
        }.`,
        fix: 'Check the backup job and try restoring this backup; if the change is expected, it stops being flagged once newer backups of that size are the norm (dr.backupChecks).',
      });
    }
  }
  for (const sourceId of calculated.unlocatedSources) {
    problems.push({
      code: 'source-location-unknown',
      severity: 'warning',
      field: sourceId,
      message: `Backup source "${sourceId}" has no location, so no scenario that destroys a location (${inputs.scenarios
        .filter(s => s.destroys?.length)
        .map(s => s.scenario)
        .join(', ')}) can count its backups.`,
      fix: `Set dr.sources.${sourceId}.location (a region, site or provider such as eu-west-1) in app-config.`,
    });
  }
  const labels = { backupAge: 'backup', walAge: 'archived WAL segment' };
  for (const [name, threshold] of Object.entries(calculated.thresholds ?? {})) {
    if (threshold?.status !== 'exceeded') continue;
    const key = name as 'backupAge' | 'walAge';
    // The setting the threshold came from, so the author knows where to
    // change it: the plan's `spec.alerts` or the tier's app-config.
    const { tier, origins } = inputs.objectives;
    const origin =
      key === 'backupAge' ? origins.backupAgeWarning : origins.walAgeWarning;
    const field =
      origin === 'tier' && tier
        ? `dr.tiers.${tier}.${key}Warning`
        : `spec.alerts.${key}`;
    const where = field.startsWith('dr.tiers.')
      ? `the ${tier} tier's ${field} in app-config (or set spec.alerts.${key} in the plan)`
      : `${field} in the DR plan`;
    problems.push({
      code: key === 'backupAge' ? 'backup-age-exceeded' : 'wal-age-exceeded',
      severity: 'warning',
      field,
      message: `The newest sound ${labels[key]} is ${formatAge(
        threshold.actualSeconds ?? 0,
      )} old, past the warning threshold of ${formatAge(
        threshold.thresholdSeconds,
      )}.`,
      fix: `${
        key === 'backupAge'
          ? 'Check the backup job (its schedule, its last run, the target bucket or volume) before the RPO breaches.'
          : 'Check archive_command (or the archiver) in the PostgreSQL log and the archive target before the RPO breaches.'
      } The threshold is ${where}; change it there if it is too tight.`,
    });
  }
  return problems;
}

/**
 * Assembles an entity's own posture from its inputs, its measured facts and
 * the health of its sources. The only place posture is put together: the DR
 * tab, the audit and the stored postures all come from here.
 * @internal
 */
export function assemblePosture(options: {
  inputs: PostureInputs;
  facts: PostureFacts;
  sourceRows: SourceStatus[];
  /** The type of a configured source, undefined for an unknown one. */
  sourceType: (sourceId: string) => string | undefined;
  /** Where a source keeps its copies (`dr.sources.<id>.location`). */
  locationOf?: (sourceId: string) => string | null;
  now: Date;
}): AssembledPosture {
  const { inputs, facts, sourceRows, now } = options;
  const locationOf = options.locationOf ?? (() => null);
  const copyOf = (sourceId: string, selector: string) =>
    windowOf<BackupCopyFacts>(
      facts.copies,
      inputs.declaredSources,
      sourceId,
      selector,
    );
  const locatedCopies: LocatedCopy[] | undefined = facts.copies
    ? inputs.declaredSources.map(({ sourceId, selector }) => {
        const copy = copyOf(sourceId, selector);
        const restorableAt = copy?.restorableAt;
        const window = windowOf(
          facts.recoveryWindows,
          inputs.declaredSources,
          sourceId,
          selector,
        );
        return {
          key: `${sourceId}:${selector}`,
          sourceId,
          location: locationOf(sourceId),
          restorableAt: restorableAt ? new Date(restorableAt) : null,
          continuous: Boolean(window?.to ?? copy?.lastWalAt),
          ...(copy?.continuityProblem
            ? { continuityProblem: copy.continuityProblem }
            : {}),
        };
      })
    : undefined;
  const calculated = calculatePosture(
    {
      rtoSeconds: inputs.objectives.rtoSeconds,
      rpoSeconds: inputs.objectives.rpoSeconds,
      drillCadenceDays: inputs.objectives.drillCadenceDays,
      scenarios: inputs.scenarios,
      backupAgeWarningSeconds: inputs.objectives.backupAgeWarningSeconds,
      walAgeWarningSeconds: inputs.objectives.walAgeWarningSeconds,
      rpoZeroToleranceSeconds: inputs.objectives.rpoZeroToleranceSeconds,
      drillTypes: inputs.objectives.drillTypes,
      dataStores: inputs.objectives.dataStores,
    },
    { ...facts, locatedCopies },
    now,
  );
  const problems: PostureProblem[] = [...inputs.problems];
  problems.push(...copyProblems(inputs, facts, calculated, locatedCopies));
  problems.push(...statedObjectiveProblems(calculated));
  const sources: PostureSource[] = inputs.declaredSources.map(
    ({ sourceId, selector }) => {
      const row = sourceRows.find(r => r.sourceId === sourceId);
      const type = options.sourceType(sourceId);
      if (!type) {
        return {
          sourceId,
          selector,
          type: null,
          status: 'unknown-source',
          lastIndexedAt: null,
          lastError: null,
        };
      }
      if (row?.status === 'stale') {
        problems.push({
          code: 'source-stale',
          severity: 'warning',
          field: sourceId,
          message: `Backup source "${sourceId}" has failed to index since ${
            row.lastSuccessAt ?? 'it was added'
          }: ${row.lastError}. The last good index is shown.`,
          fix: 'Check that the source is reachable and its credentials are valid; it is retried automatically with backoff.',
        });
      } else if (!row || row.status === 'pending') {
        problems.push({
          code: 'source-pending',
          severity: 'info',
          field: sourceId,
          message: `Backup source "${sourceId}" has not been indexed yet.`,
          fix: 'Wait for the first indexing run, or trigger one with POST /api/dr/refresh.',
        });
      }
      const recoveryWindow = windowOf(
        facts.recoveryWindows,
        inputs.declaredSources,
        sourceId,
        selector,
      );
      if (recoveryWindow) {
        problems.push(...windowProblems(sourceId, selector, recoveryWindow));
      }
      const copy = copyOf(sourceId, selector);
      return {
        sourceId,
        selector,
        type,
        status: row?.status ?? 'pending',
        lastIndexedAt: row?.lastIndexedAt ?? null,
        lastError: row?.lastError ?? null,
        ...(recoveryWindow ? { recoveryWindow } : {}),
        location: locationOf(sourceId),
        ...(copy ? { lastSuccessfulBackupAt: copy.restorableAt } : {}),
      };
    },
  );
  if (
    inputs.hasSelectors &&
    !facts.lastSuccessfulBackupAt &&
    sources.every(s => s.status === 'ok')
  ) {
    problems.push({
      code: 'no-backups',
      severity: 'warning',
      field: 'dr.backstage.io/backup-sources',
      message: `No successful backup was found for ${inputs.declaredSources
        .map(s => `${s.sourceId}:${s.selector}`)
        .join(', ')}.`,
      fix: 'Check that the selector matches where the backups are written (a key prefix such as orders-db/ for s3 and filesystem sources).',
    });
  }
  return {
    nextChangeAt: calculated.nextChangeAt,
    posture: {
      entityRef: inputs.entityRef,
      overall: calculated.overall,
      objectives: inputs.objectives,
      rpo: calculated.rpo,
      rto: calculated.rto,
      drills: calculated.drills,
      scenarios: calculated.scenarios,
      ...(calculated.drillTypes ? { drillTypes: calculated.drillTypes } : {}),
      ...(calculated.dataStores ? { dataStores: calculated.dataStores } : {}),
      ...(calculated.thresholds ? { thresholds: calculated.thresholds } : {}),
      sources,
      dependencies: [],
      dependenciesOverall: null,
      problems,
      evaluatedAt: now.toISOString(),
    },
  };
}
