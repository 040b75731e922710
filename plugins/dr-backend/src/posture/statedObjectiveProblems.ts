/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { PostureProblem } from '@dr-suite/backstage-plugin-dr-common';
import type { CalculatedPosture } from './PostureCalculator';

/**
 * Problems that say why the plan's own objectives are not kept: an RPO of 0
 * without continuous archiving (or lagging), an RTO past its target or
 * maximum, a drill type overdue, a data store naming a source the entity
 * does not declare.
 * @internal
 */
export function statedObjectiveProblems(
  calculated: Pick<
    CalculatedPosture,
    'rpo' | 'scenarios' | 'drillTypes' | 'dataStores' | 'missingDataStoreSources'
  >,
): PostureProblem[] {
  const problems: PostureProblem[] = [];
  const rpoZero = (where: string, field: string, reason: string | undefined) =>
    problems.push({
      code: 'rpo-zero-not-kept',
      severity: 'error',
      field,
      message: `${where}: ${reason ?? 'an RPO of 0 is not kept.'}`,
      fix: 'Check WAL archiving or replication (archive_command, the archiver or replica lag); or state the RPO the backups really keep.',
    });
  if (calculated.rpo.targetSeconds === 0 && calculated.rpo.status === 'breached')
    rpoZero('The entity', 'rpo', calculated.rpo.reason);
  for (const scenario of calculated.scenarios) {
    if (scenario.rpo.targetSeconds === 0 && scenario.rpo.status === 'breached')
      rpoZero(`Scenario "${scenario.scenario}"`, scenario.scenario, scenario.rpo.reason);
    const { rto } = scenario;
    if (rto.max?.status === 'breached') {
      problems.push({
        code: 'rto-max-exceeded',
        severity: 'error',
        field: scenario.scenario,
        message: `Scenario "${scenario.scenario}": the last drill of this scenario took ${Math.round(
          (rto.measuredSeconds ?? 0) / 60,
        )} min, past the maximum RTO of ${Math.round(rto.max.targetSeconds / 60)} min.`,
        fix: 'Shorten the recovery (runbook steps, restore speed) and drill the scenario again.',
      });
    } else if (rto.max && rto.status === 'breached') {
      problems.push({
        code: 'rto-target-exceeded',
        severity: 'warning',
        field: scenario.scenario,
        message: `Scenario "${scenario.scenario}": the last drill of this scenario took ${Math.round(
          (rto.measuredSeconds ?? 0) / 60,
        )} min, past the target RTO of ${Math.round(
          (rto.targetSeconds ?? 0) / 60,
        )} min but within the maximum of ${Math.round(rto.max.targetSeconds / 60)} min.`,
        fix: 'Look for what slowed the drill before it reaches the maximum.',
      });
    }
  }
  for (const type of calculated.drillTypes ?? []) {
    if (type.status === 'current') continue;
    problems.push({
      code: 'drill-type-overdue',
      severity: 'warning',
      field: `spec.drills.types.${type.name}`,
      message:
        type.status === 'never'
          ? `No successful "${type.title ?? type.name}" drill is recorded (every ${type.cadenceDays} days, scenarios ${type.scenarios.join(', ')}).`
          : `The last successful "${type.title ?? type.name}" drill was on ${type.lastSuccessfulAt}; one is due every ${type.cadenceDays} days.`,
      fix: `Run the drill and record it with scenario ${type.scenarios[0]}.`,
    });
  }
  for (const store of calculated.dataStores ?? []) {
    if (store.rpo.targetSeconds === 0 && store.rpo.status === 'breached')
      rpoZero(`Data store "${store.name}"`, store.name, store.rpo.reason);
  }
  for (const { store, source } of calculated.missingDataStoreSources) {
    problems.push({
      code: 'plan-unknown-source',
      severity: 'warning',
      field: store,
      message: `Data store "${store}" names source ${source}, which the entity's dr.backstage.io/backup-sources does not list, so it does not count for the store's RPO.`,
      fix: `Write the source exactly as in dr.backstage.io/backup-sources, or add ${source} there.`,
    });
  }
  return problems;
}
