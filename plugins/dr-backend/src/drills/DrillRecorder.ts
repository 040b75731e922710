import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type {
  DrillActionItem,
  DrillRecord,
  drillInputSchema,
} from '@dr-suite/backstage-plugin-dr-common';
import type { z } from 'zod';
import type { DatabaseApprovalStore } from '../database/DatabaseApprovalStore';
import type {
  DatabaseBackupStore,
  SourceSelector,
} from '../database/DatabaseBackupStore';
import type { DatabaseBackupVerificationStore } from '../database/DatabaseBackupVerificationStore';
import type {
  DatabaseDrillStore,
  NewDrill,
} from '../database/DatabaseDrillStore';
import type { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';

/**
 * Validates, records and voids drills, and keeps the entity's drill facts
 * current. A drill tied to a restore approval can only come from the task
 * that executes that approval.
 * @internal
 */
export class DrillRecorder {
  readonly #drills: DatabaseDrillStore;
  readonly #facts: DatabaseEntityFactsStore;
  readonly #backups: DatabaseBackupStore;
  readonly #approvals: Pick<DatabaseApprovalStore, 'get'>;
  readonly #executors: readonly string[];
  readonly #verifications: DatabaseBackupVerificationStore | undefined;

  constructor(options: {
    drills: DatabaseDrillStore;
    facts: DatabaseEntityFactsStore;
    backups: DatabaseBackupStore;
    approvals: Pick<DatabaseApprovalStore, 'get'>;
    /** Service subjects allowed to execute restores (`dr.approvals.executors`). */
    executors: readonly string[];
    /** Where verified drills mark their backup verified restorable. */
    verifications?: DatabaseBackupVerificationStore;
  }) {
    this.#drills = options.drills;
    this.#facts = options.facts;
    this.#backups = options.backups;
    this.#approvals = options.approvals;
    this.#executors = options.executors;
    this.#verifications = options.verifications;
  }

  async record(options: {
    entityRef: string;
    /** The drill as parsed by `drillInputSchema`. */
    input: z.output<typeof drillInputSchema>;
    recordedBy: string;
    /** Restore actions link drills to approvals and tasks; people cannot. */
    fromService: boolean;
    selectors: SourceSelector[];
  }): Promise<DrillRecord> {
    const { input } = options;
    const startedAt = new Date(input.startedAt);
    const completedAt = new Date(input.completedAt);
    // Only the restore task links a drill to its approval or task (checked
    // below); anything else was typed in by a person.
    const source = input.approvalId || input.taskId ? 'restore' : 'manual';
    if (source === 'restore') {
      await this.#assertExecutorOf(input, options);
    } else if (!input.evidenceUrl && !input.notes?.trim()) {
      // A manual drill is a claim: it must say what backs it.
      throw new InputError(
        'Invalid drill: a manual drill needs evidenceUrl (an http or https link) or notes saying what was done',
      );
    }
    if (
      input.backupId &&
      !(await this.#backups.matches(input.backupId, options.selectors))
    ) {
      throw new InputError(
        `Invalid drill: backup ${input.backupId} is not an indexed backup of ${options.entityRef}`,
      );
    }
    const actionItems: DrillActionItem[] = (input.actionItems ?? []).map(item =>
      typeof item === 'string' ? { title: item } : item,
    );
    const record = await this.#drills.insert({
      entityRef: options.entityRef,
      scenario: input.scenario,
      startedAt,
      completedAt,
      outcome: input.outcome,
      measuredRtoSeconds:
        input.measuredRtoSeconds ??
        Math.round((completedAt.getTime() - startedAt.getTime()) / 1000),
      measuredRpoSeconds: input.measuredRpoSeconds ?? null,
      backupId: input.backupId ?? null,
      participants: input.participants ?? [],
      notes: input.notes ?? null,
      actionItems,
      approvalId: input.approvalId ?? null,
      taskId: input.taskId ?? null,
      recordedBy: options.recordedBy,
      source,
      evidenceUrl: input.evidenceUrl ?? null,
      phases: input.phases,
      checks: input.checks,
    });
    await this.#markVerified(record);
    await this.#refreshFacts(options.entityRef);
    return record;
  }

  /**
   * Records a run of a restore-test plan, which the backend itself ran
   * (no task, no executor to check), and marks its backup verified
   * restorable when every check ran and passed.
   */
  async recordRestoreTest(
    drill: Omit<NewDrill, 'kind' | 'source'> & { restoreTestPlan: string },
  ): Promise<DrillRecord> {
    const record = await this.#drills.insert({
      ...drill,
      kind: 'restore-test',
      source: 'restore',
    });
    await this.#markVerified(record);
    await this.#refreshFacts(drill.entityRef);
    return record;
  }

  /** Voids a drill of the entity; it stays listed and no longer counts. */
  async void(options: {
    entityRef: string;
    drillId: string;
    /** Why the drill must no longer count, as parsed by `drillVoidSchema`. */
    reason: string;
    voidedBy: string;
  }): Promise<DrillRecord> {
    const { reason } = options;
    const voided = await this.#drills.void(options.entityRef, options.drillId, {
      voidedBy: options.voidedBy,
      reason,
    });
    if (voided.result === 'missing') {
      throw new NotFoundError(
        `No drill ${options.drillId} of ${options.entityRef}`,
      );
    }
    if (voided.result === 'already-voided') {
      throw new ConflictError(
        `This drill was already voided by ${voided.drill.voided?.by}`,
      );
    }
    // A voided drill proves nothing, also not that its backup restores.
    await this.#verifications?.forgetDrill(voided.drill.id);
    await this.#refreshFacts(options.entityRef);
    return voided.drill;
  }

  /** A verified drill (every check ran and passed) proves its backup restores. */
  async #markVerified(record: DrillRecord): Promise<void> {
    if (!this.#verifications || record.outcome !== 'succeeded') return;
    if (!record.backupId) return;
    const backup = await this.#backups.get(record.backupId);
    await this.#verifications.markVerified({
      backupId: record.backupId,
      entityRef: record.entityRef,
      backupCompletedAt: backup?.completedAt
        ? new Date(backup.completedAt)
        : null,
      verifiedAt: new Date(record.completedAt),
      drillId: record.id,
      restoreTestPlan: record.restoreTestPlan,
    });
  }

  /**
   * Only the restore task that claimed an approval may record the drill of
   * that approval; anyone else could otherwise vouch for a restore that
   * never ran.
   */
  async #assertExecutorOf(
    input: { approvalId?: string; taskId?: string },
    caller: { entityRef: string; recordedBy: string; fromService: boolean },
  ): Promise<void> {
    if (!caller.fromService) {
      throw new InputError(
        'Invalid drill: approvalId and taskId are set by the restore actions only',
      );
    }
    // The same rule as claiming an approval: the caller's subject is listed.
    if (!this.#executors.includes(caller.recordedBy)) {
      throw new NotAllowedError(
        `${
          caller.recordedBy
        } may not record drills of restore tasks; only ${this.#executors.join(
          ', ',
        )} may`,
      );
    }
    if (!input.approvalId) return;
    const approval = await this.#approvals.get(input.approvalId);
    if (!approval || approval.entityRef !== caller.entityRef) {
      throw new InputError(
        `Invalid drill: approvalId ${input.approvalId} is not a restore approval of ${caller.entityRef}`,
      );
    }
    if (approval.status !== 'executed' || !approval.executionTaskId) {
      throw new InputError(
        `Invalid drill: restore approval ${approval.id} is ${approval.status} and was not claimed by a restore task`,
      );
    }
    if (input.taskId && input.taskId !== approval.executionTaskId) {
      throw new NotAllowedError(
        `Task ${input.taskId} did not execute restore approval ${approval.id}`,
      );
    }
    if (await this.#drills.getByApproval(approval.id)) {
      throw new ConflictError(
        `A drill is already recorded for approval ${approval.id}`,
      );
    }
  }

  async #refreshFacts(entityRef: string): Promise<void> {
    await this.#facts.setDrillFacts(
      entityRef,
      await this.#drills.facts(entityRef),
    );
  }
}
