/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type DrillCheckResult,
  type DrillOutcome,
  type DrillPhase,
  type RestoreParameters,
  formatDuration,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  type BackupSourceRegistry,
  CheckRunner,
  type RestoreTargetRegistry,
  type RestorerRegistry,
  hashRestoreParameters,
  restoredDatabaseOf,
} from '@dr-suite/backstage-plugin-dr-node';
import { entityOwnerRef } from '../catalog/entityOwnerRef';
import type { DatabaseApprovalStore } from '../database/DatabaseApprovalStore';
import type { DatabaseSourceStore } from '../database/DatabaseSourceStore';
import type { BackupIndexer } from '../indexing/BackupIndexer';
import type { DrillRecorder } from '../drills/DrillRecorder';
import type { PostureService } from '../posture/PostureService';
import type { BackupChooser } from './BackupChooser';
import type { RestoreTestNotifier } from './RestoreTestNotifier';
import type { RestoreTestPlan } from './RestoreTestPlans';

/**
 * How one run of a plan for one entity ended.
 * @internal
 */
export type RestoreTestRunResult =
  | { result: 'recorded'; drillId: string; outcome: DrillOutcome }
  | { result: 'not-started'; reason: string };

/** Times each phase of the run, also one that fails. */
function phaseRecorder() {
  const phases: DrillPhase[] = [];
  return {
    phases,
    async phase<T>(name: string, run: () => Promise<T>): Promise<T> {
      const startedAt = new Date();
      try {
        return await run();
      } finally {
        const completedAt = new Date();
        phases.push({
          name,
          startedAt: startedAt.toISOString(),
          completedAt: completedAt.toISOString(),
          durationSeconds: (completedAt.getTime() - startedAt.getTime()) / 1000,
        });
      }
    },
  };
}

/** What a run needs. @internal */
export interface RestoreTestRunnerDeps {
  catalog: CatalogService;
  auth: AuthService;
  auditor: AuditorService;
  logger: LoggerService;
  posture: Pick<PostureService, 'evaluate'>;
  chooser: BackupChooser;
  approvals: DatabaseApprovalStore;
  drills: DrillRecorder;
  restorers: RestorerRegistry;
  targets: RestoreTargetRegistry;
  sources: BackupSourceRegistry;
  notifier: RestoreTestNotifier;
  /** Indexes a source never indexed yet (a fresh start) before choosing. */
  indexer: Pick<BackupIndexer, 'runSource'>;
  sourceStates: Pick<DatabaseSourceStore, 'getRunState'>;
  checks?: CheckRunner;
}

/**
 * Runs one restore test: picks the backup, files the approval that the plan
 * gives ("approved by restore-test plan <name>", recorded by the auditor),
 * restores through the kind's restorer (the same one a human-approved
 * restore uses) into the plan's sandbox, runs the checks, cleans up, and
 * records a `restore-test` drill with the measured RTO, phases and check
 * results, which marks the backup verified restorable when every check
 * passed. A failed run notifies the entity's owners with what failed.
 * @internal
 */
export class RestoreTestRunner {
  readonly #deps: RestoreTestRunnerDeps;
  readonly #checks: CheckRunner;

  constructor(deps: RestoreTestRunnerDeps) {
    this.#deps = deps;
    this.#checks = deps.checks ?? new CheckRunner();
  }

  async run(
    plan: RestoreTestPlan,
    entityRef: string,
    signal?: AbortSignal,
  ): Promise<RestoreTestRunResult> {
    let owner: string | null = null;
    const { auditor, approvals } = this.#deps;
    const logger = this.#deps.logger.child({
      restoreTestPlan: plan.name,
      entityRef,
    });
    const principal = `restore-test-plan:${plan.name}`;
    const notStarted = async (reason: string) => {
      logger.warn(`Restore test did not start: ${reason}`);
      await this.#deps.notifier.failed({
        plan: plan.name,
        entityRef,
        owner,
        what: `did not start: ${reason}`,
      });
      return { result: 'not-started' as const, reason };
    };

    const credentials = await this.#deps.auth.getOwnServiceCredentials();
    const entity = await this.#deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) return notStarted(`${entityRef} is not in the catalog`);
    owner = entityOwnerRef(entity);
    const { resolved } = await this.#deps.posture.evaluate(entity);
    for (const sourceId of new Set(resolved.selectors.map(s => s.sourceId))) {
      const state = await this.#deps.sourceStates.getRunState(sourceId);
      if (!state || state.status === 'pending') {
        await this.#deps.indexer.runSource(sourceId, signal);
      }
    }
    const now = new Date();
    const chosen = await this.#deps.chooser.choose(
      resolved.selectors,
      plan.backup,
      now,
    );
    if ('none' in chosen) return notStarted(chosen.none);
    const { backup } = chosen;

    let target;
    try {
      target = this.#deps.targets.resolve(plan.targetId, {
        kind: plan.kind,
        entityRef,
      });
    } catch (error) {
      return notStarted(stringifyError(error));
    }
    const restorer = this.#deps.restorers.get(plan.kind);
    const source = this.#deps.sources.get(backup.sourceId);
    const parameters: RestoreParameters = {
      kind: plan.kind,
      entityRef,
      backupId: backup.id,
      targetId: plan.targetId,
      scenario: plan.scenario,
      checks: plan.checks,
      kindParameters: chosen.kindParameters,
    };
    const parameterHash = hashRestoreParameters(parameters);

    // The plan is the approver: its approval is on record like a person's.
    const event = await auditor.createEvent({
      eventId: 'restore-test-run',
      severityLevel: 'medium',
      meta: {
        plan: plan.name,
        entityRef,
        backupId: backup.id,
        targetId: plan.targetId,
        approvedBy: `restore-test plan ${plan.name}`,
      },
    });
    const filed = await approvals.create({
      entityRef,
      requester: principal,
      reason: `Scheduled restore test (plan ${plan.name})`,
      ticket: null,
      parameters,
      parameterHash,
      requiredApprovals: 1,
      backup,
      target: {
        id: target.id,
        kind: target.kind,
        title: target.title,
        environment: target.environment,
      },
      createdAt: now,
      expiresAt: new Date(now.getTime() + plan.timeoutMs),
    });
    await approvals.decide(filed.id, {
      approver: principal,
      decision: 'approve',
      comment: `approved by restore-test plan ${plan.name}`,
    });
    const claimed = await approvals.claim(filed.id, parameterHash, null);
    if (claimed.result !== 'claimed') {
      const reason = `its approval ${filed.id} could not be claimed (${
        'reason' in claimed ? claimed.reason : claimed.result
      })`;
      await event.fail({ error: new Error(reason) });
      return notStarted(reason);
    }

    const recorder = phaseRecorder();
    const timeout = AbortSignal.timeout(plan.timeoutMs);
    const runSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const startedAt = new Date();
    let checks: DrillCheckResult[] = [];
    let failure: string | undefined;
    let output: Record<string, any> | undefined;
    try {
      if (!source) {
        throw new Error(
          `No backup source "${backup.sourceId}" is configured under dr.sources`,
        );
      }
      await restorer.validate({ parameters, target, backup, source });
      // Checks run once, after the restore, like the dr:verify step.
      const restored = await restorer.execute({
        approvalId: filed.id,
        parameters: { ...parameters, checks: [] },
        target,
        backup,
        source,
        options: { jobs: 1 },
        phases: recorder,
        logger,
        signal: runSignal,
      });
      output = restored.output;
      checks = await recorder.phase('verification', () =>
        this.#checks.run(plan.checks, {
          database: restoredDatabaseOf(target),
          signal: runSignal,
        }),
      );
    } catch (error) {
      failure = timeout.aborted
        ? `timed out after ${formatDuration(plan.timeoutMs / 1000)}`
        : stringifyError(error);
    }
    const completedAt = new Date();
    const failedChecks = checks.filter(c => !c.passed);
    let outcome: DrillOutcome;
    if (failure || failedChecks.length) outcome = 'failed';
    else outcome = checks.length ? 'succeeded' : 'unverified';

    const notes: string[] = [`Restore test by plan ${plan.name}.`];
    if (failure) notes.push(`Restore failed: ${failure}`);
    if (output && plan.cleanup && restorer.cleanup) {
      // Not part of the measured RTO: the data was back before this.
      try {
        await recorder.phase('cleanup', () =>
          restorer.cleanup!({ target, output: output as any, logger }),
        );
      } catch (error) {
        notes.push(`Cleanup failed: ${stringifyError(error)}`);
        logger.error(`Cleanup failed: ${stringifyError(error)}`);
      }
    }
    const backupTime = backup.completedAt
      ? Date.parse(backup.completedAt)
      : NaN;
    const drill = await this.#deps.drills.recordRestoreTest({
      entityRef,
      scenario: plan.scenario,
      startedAt,
      completedAt,
      outcome,
      measuredRtoSeconds: Math.round(
        (completedAt.getTime() - startedAt.getTime()) / 1000,
      ),
      measuredRpoSeconds: Number.isNaN(backupTime)
        ? null
        : Math.max(0, Math.round((startedAt.getTime() - backupTime) / 1000)),
      backupId: backup.id,
      participants: [],
      notes: notes.join(' '),
      actionItems: [],
      approvalId: filed.id,
      taskId: null,
      recordedBy: principal,
      restoreTestPlan: plan.name,
      phases: recorder.phases,
      checks,
    });
    const what = failure
      ? `the restore failed: ${failure}`
      : failedChecks
          .map(c => `check "${c.name}" failed: ${c.detail}`)
          .join('; ');
    await approvals.recordOutcome(filed.id, {
      outcome: failure ? 'failed' : 'succeeded',
      message:
        outcome === 'succeeded'
          ? `Restored and verified in ${formatDuration(
              drill.measuredRtoSeconds,
            )}`
          : what || 'Restored, not verified: the plan has no checks',
      drillId: drill.id,
    });
    const meta = { drillId: drill.id, outcome, approvalId: filed.id };
    if (outcome === 'failed') {
      await event.fail({ error: new Error(what), meta });
      await this.#deps.notifier.failed({
        plan: plan.name,
        entityRef,
        owner,
        what,
      });
    } else {
      await event.success({ meta });
    }
    logger.info(
      `Restore test ${outcome}: ${backup.name} into ${
        target.title
      } in ${formatDuration(drill.measuredRtoSeconds)}`,
    );
    return { result: 'recorded', drillId: drill.id, outcome };
  }
}
