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
import { calculatePosture, type PostureFacts } from './PostureCalculator';

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
function windowOf(
  windows: Record<string, RecoveryWindow> | undefined,
  declared: Array<{ sourceId: string; selector: string }>,
  sourceId: string,
  selector: string,
): RecoveryWindow | undefined {
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
  now: Date;
}): AssembledPosture {
  const { inputs, facts, sourceRows, now } = options;
  const calculated = calculatePosture(
    {
      rtoSeconds: inputs.objectives.rtoSeconds,
      rpoSeconds: inputs.objectives.rpoSeconds,
      drillCadenceDays: inputs.objectives.drillCadenceDays,
      scenarios: inputs.scenarios,
    },
    facts,
    now,
  );
  const problems: PostureProblem[] = [...inputs.problems];
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
      return {
        sourceId,
        selector,
        type,
        status: row?.status ?? 'pending',
        lastIndexedAt: row?.lastIndexedAt ?? null,
        lastError: row?.lastError ?? null,
        ...(recoveryWindow ? { recoveryWindow } : {}),
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
      sources,
      dependencies: [],
      dependenciesOverall: null,
      problems,
      evaluatedAt: now.toISOString(),
    },
  };
}
