import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type {
  DrillActionItem,
  DrillRecord,
} from '@dr-suite/backstage-plugin-dr-common';
import { z } from 'zod';
import { parseInput } from '../service/parseInput';
import type { DatabaseApprovalStore } from '../database/DatabaseApprovalStore';
import type {
  DatabaseBackupStore,
  SourceSelector,
} from '../database/DatabaseBackupStore';
import type { DatabaseDrillStore } from '../database/DatabaseDrillStore';
import type { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';

const CLOCK_SKEW_MS = 5 * 60_000;
const TEN_YEARS_S = 10 * 365 * 86400;
/** No DR drill of this suite predates it; older dates are typos or forgeries. */
const EARLIEST_DRILL = '2000-01-01T00:00:00Z';

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The epoch milliseconds of a strict ISO 8601 date-time with a zone, or
 * undefined. Date.parse alone accepts dates without a zone (read as local
 * time) and rolls impossible ones over (February 30 becomes March 2).
 */
function parseInstant(value: string): number | undefined {
  const match = ISO_INSTANT.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, offsetH, offsetM] = match
    .slice(1)
    .map(part => (part === undefined ? 0 : Number(part)));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetH > 23 ||
    offsetM > 59
  ) {
    return undefined;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** What is wrong with a drill date, or undefined when it is usable. */
function instantProblem(value: string): string | undefined {
  const time = parseInstant(value);
  if (time === undefined)
    return 'must be an ISO 8601 date-time with a zone, such as 2026-11-21T10:00:00Z';
  if (time < Date.parse(EARLIEST_DRILL))
    return `must not be before ${EARLIEST_DRILL}`;
  if (time > Date.now() + CLOCK_SKEW_MS) return 'must not be in the future';
  return undefined;
}

const isoTime = z
  .string()
  .max(64)
  .superRefine((value, ctx) => {
    const message = instantProblem(value);
    if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  });

/** Body of `POST /entities/:kind/:namespace/:name/drills`. */
export const drillInputSchema = z
  .object({
    scenario: z.string().trim().min(1).max(255),
    startedAt: isoTime,
    completedAt: isoTime,
    outcome: z.enum(['succeeded', 'failed']),
    measuredRtoSeconds: z.number().int().min(0).max(TEN_YEARS_S).optional(),
    measuredRpoSeconds: z.number().int().min(0).max(TEN_YEARS_S).optional(),
    backupId: z.string().trim().min(1).max(64).optional(),
    participants: z.array(z.string().trim().min(1).max(255)).max(50).optional(),
    notes: z.string().max(10_000).optional(),
    actionItems: z
      .array(
        z.union([
          z.string().trim().min(1).max(500),
          z
            .object({
              title: z.string().trim().min(1).max(500),
              owner: z.string().trim().max(255).optional(),
              done: z.boolean().optional(),
            })
            .strict(),
        ]),
      )
      .max(100)
      .optional(),
    approvalId: z.string().trim().min(1).max(36).optional(),
    taskId: z.string().trim().min(1).max(255).optional(),
  })
  .strict()
  .superRefine((drill, ctx) => {
    // Compare only usable dates; each bad one is already reported.
    if (instantProblem(drill.startedAt) || instantProblem(drill.completedAt))
      return;
    const started = Date.parse(drill.startedAt);
    const completed = Date.parse(drill.completedAt);
    if (completed < started) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['completedAt'],
        message: 'is before startedAt',
      });
    } else if (completed - started > TEN_YEARS_S * 1000) {
      // The measured RTO defaults to this duration: bound it like an explicit one.
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['completedAt'],
        message: 'is more than 10 years after startedAt',
      });
    }
  });

const drillVoidSchema = z
  .object({ reason: z.string().trim().min(1).max(1000) })
  .strict();

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

  constructor(options: {
    drills: DatabaseDrillStore;
    facts: DatabaseEntityFactsStore;
    backups: DatabaseBackupStore;
    approvals: Pick<DatabaseApprovalStore, 'get'>;
    /** Service subjects allowed to execute restores (`dr.approvals.executors`). */
    executors: readonly string[];
  }) {
    this.#drills = options.drills;
    this.#facts = options.facts;
    this.#backups = options.backups;
    this.#approvals = options.approvals;
    this.#executors = options.executors;
  }

  async record(options: {
    entityRef: string;
    body: unknown;
    recordedBy: string;
    /** Restore actions link drills to approvals and tasks; people cannot. */
    fromService: boolean;
    selectors: SourceSelector[];
  }): Promise<DrillRecord> {
    const input = parseInput(drillInputSchema, options.body, 'drill');
    const startedAt = new Date(input.startedAt);
    const completedAt = new Date(input.completedAt);
    if (input.approvalId || input.taskId) {
      await this.#assertExecutorOf(input, options);
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
    });
    await this.#refreshFacts(options.entityRef);
    return record;
  }

  /** Voids a drill of the entity; it stays listed and no longer counts. */
  async void(options: {
    entityRef: string;
    drillId: string;
    body: unknown;
    voidedBy: string;
  }): Promise<DrillRecord> {
    const { reason } = parseInput(drillVoidSchema, options.body, 'void');
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
    await this.#refreshFacts(options.entityRef);
    return voided.drill;
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
