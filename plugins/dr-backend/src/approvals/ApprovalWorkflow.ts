/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  type Approval,
  type ApprovalStatus,
  type approvalClaimSchema,
  type approvalDecisionSchema,
  type approvalOutcomeSchema,
  type approvalRequestSchema,
  drRestoreApprovePermission,
} from '@dr-suite/backstage-plugin-dr-common';
import { hashRestoreParameters } from '@dr-suite/backstage-plugin-dr-node';
import type { z } from 'zod';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import { principalRef } from '../auth/principalRef';
import { entityOwnerRef } from '../catalog/entityOwnerRef';
import type { DatabaseApprovalStore } from '../database/DatabaseApprovalStore';
import type { ApprovalLauncher } from './ApprovalLauncher';
import type { ApprovalRequestValidator } from './ApprovalRequestValidator';

/**
 * The life of a restore approval: every status, what moves it on and who
 * may.
 *
 * ```
 *  (requester) file ──▶ pending ──(approvers: enough approvals)──▶ approved
 *                         │  └──(an approver: reject)──▶ rejected
 *                         │                                │
 *                         └──(time: expiresAt)──▶ expired ◀─┘ (time)
 *  approved ──(executor: claim with the same parameter hash, once)──▶ executed
 *  executed ──(executor: report the outcome, once; final)
 * ```
 *
 * - The requester is a user allowed `dr.restore.request` for the entity;
 *   they never decide on their own request.
 * - Approvers are users allowed `dr.restore.approve` for the entity; each
 *   decides once. One rejection ends the request; `requiredApprovals`
 *   approvals approve it, which starts the execution template.
 * - Executors are the service subjects of `dr.approvals.executors` (the
 *   scaffolder): they claim an approval before touching anything and report
 *   how the restore ended.
 * - Expiry is computed on every read (a request past `expiresAt` reads as
 *   expired) and written by a scheduled job.
 * @internal
 */
export const APPROVAL_TRANSITIONS: Record<
  ApprovalStatus,
  Partial<Record<ApprovalStatus, 'approver' | 'executor' | 'time'>>
> = {
  pending: { approved: 'approver', rejected: 'approver', expired: 'time' },
  approved: { executed: 'executor', expired: 'time' },
  rejected: {},
  expired: {},
  executed: {},
};

/**
 * Settings of the approval workflow (`dr.approvals`).
 * @internal
 */
export interface ApprovalSettings {
  expiryMs: number;
  defaultRequiredApprovals: number;
  /** Entity refs notified of every request besides the entity's owner. */
  approverGroups: string[];
  /** Service subjects allowed to claim approvals (the scaffolder). */
  executors: string[];
  executionTemplate: string;
  /** Execution templates per restore kind, winning over `executionTemplate`. */
  executionTemplates?: Record<string, string>;
}

/**
 * Who may decide requests of an entity owned by `owner`: the owner and the
 * approver groups; the permission policy has the last word.
 * @internal
 */
export function approversOf(
  owner: string | null | undefined,
  approverGroups: string[],
): string[] {
  return [...new Set([...(owner ? [owner] : []), ...approverGroups])];
}

function userRef(credentials: BackstageCredentials): string {
  return (credentials as BackstageCredentials<BackstageUserPrincipal>).principal
    .userEntityRef;
}

/**
 * The approval state machine ({@link APPROVAL_TRANSITIONS}): files,
 * decides, claims, reports and expires restore approvals, each transition
 * checked against who makes it. Inputs arrive parsed by the router.
 * @internal
 */
export class ApprovalWorkflow {
  readonly #store: DatabaseApprovalStore;
  readonly #validator: ApprovalRequestValidator;
  readonly #launcher: ApprovalLauncher;
  readonly #authorizer: DrAuthorizer;
  readonly #logger: LoggerService;
  readonly #settings: ApprovalSettings;

  constructor(options: {
    store: DatabaseApprovalStore;
    validator: ApprovalRequestValidator;
    launcher: ApprovalLauncher;
    authorizer: DrAuthorizer;
    logger: LoggerService;
    settings: ApprovalSettings;
  }) {
    this.#store = options.store;
    this.#validator = options.validator;
    this.#launcher = options.launcher;
    this.#authorizer = options.authorizer;
    this.#logger = options.logger;
    this.#settings = options.settings;
  }

  /** A user files a request: → pending. */
  async file(
    input: z.output<typeof approvalRequestSchema>,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    const request = await this.#validator.validate(
      input.parameters,
      credentials,
    );
    const now = new Date();
    const approval = await this.#store.create({
      entityRef: request.parameters.entityRef,
      requester: userRef(credentials),
      reason: input.reason,
      ticket: input.ticket ?? null,
      parameters: request.parameters,
      parameterHash: hashRestoreParameters(request.parameters),
      requiredApprovals: request.requiredApprovals,
      backup: request.backup,
      target: request.target,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.#settings.expiryMs),
    });
    await this.#launcher.requested(
      approval,
      approversOf(
        entityOwnerRef(request.entity),
        this.#settings.approverGroups,
      ),
    );
    return approval;
  }

  /**
   * An approver decides a request the caller can see: pending → approved
   * (enough approvals; the execution template starts) or rejected.
   */
  async decide(
    approval: Approval,
    input: z.output<typeof approvalDecisionSchema>,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    const me = userRef(credentials);
    if (approval.requester === me) {
      throw new NotAllowedError(
        'You cannot decide on your own restore request; another approver must',
      );
    }
    await this.#authorizer.authorizeEntity(
      drRestoreApprovePermission,
      approval.entityRef,
      credentials,
    );
    if (!APPROVAL_TRANSITIONS[approval.status].approved) {
      throw new ConflictError(
        `This restore request is already ${approval.status}`,
      );
    }
    if (approval.decisions.some(d => d.approver === me)) {
      throw new ConflictError(
        'You have already decided on this restore request',
      );
    }
    const decided = await this.#store.decide(approval.id, {
      approver: me,
      decision: input.decision,
      comment: input.comment ?? null,
    });
    if (!decided)
      throw new ConflictError(
        'This restore request changed while you decided; reload it',
      );
    await this.#launcher.decided(decided, me);
    return decided.status === 'approved'
      ? await this.#launcher.start(decided)
      : decided;
  }

  /** The executor uses an approval, once, for the same parameters: approved → executed. */
  async claim(
    id: string,
    input: z.output<typeof approvalClaimSchema>,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    this.#assertExecutor(credentials);
    const claimed = await this.#store.claim(
      id,
      input.parameterHash,
      input.taskId ?? null,
    );
    if (claimed.result === 'missing')
      throw new NotFoundError(`No restore approval ${id}`);
    if (claimed.result === 'claimed') {
      await this.#launcher.claimed(claimed.approval);
      return { ...claimed.approval, canDecide: false };
    }
    const messages = {
      'hash-mismatch':
        'The restore parameters differ from the approved ones; file a new request',
      'not-approved': `The restore request is ${claimed.approval.status}, not approved`,
      expired:
        'The approval expired before the restore started; file a new request',
      used: 'The approval was already used; an approval allows one restore',
    };
    throw new NotAllowedError(messages[claimed.reason]);
  }

  /** The executor reports how an executed restore ended, once: final. */
  async reportOutcome(
    id: string,
    input: z.output<typeof approvalOutcomeSchema>,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    this.#assertExecutor(credentials);
    const approval = await this.#store.get(id);
    if (!approval) throw new NotFoundError(`No restore approval ${id}`);
    if (approval.status !== 'executed') {
      throw new ConflictError(
        `The restore request is ${approval.status}; only an executed restore has an outcome`,
      );
    }
    // The first report wins, atomically; a later one changes nothing.
    const recorded = await this.#store.recordOutcome(id, {
      outcome: input.outcome,
      message: input.message ?? null,
      drillId: input.drillId ?? null,
    });
    const updated = (await this.#store.get(id))!;
    if (!recorded) {
      throw new ConflictError(
        `The outcome of this restore is already recorded (${updated.outcome}); an outcome is final`,
      );
    }
    await this.#launcher.finished(updated);
    return { ...updated, canDecide: false };
  }

  /** Time: pending or approved → expired, written for requests past their expiry. */
  async expireDue(): Promise<number> {
    const expired = await this.#store.expireDue();
    if (expired) this.#logger.info(`Expired ${expired} restore request(s)`);
    return expired;
  }

  /**
   * Writes expiry on a schedule, once across replicas. Reads do not wait
   * for it: they compute expiry themselves.
   */
  async scheduleExpiry(
    scheduler: SchedulerService,
    schedule: SchedulerServiceTaskScheduleDefinition,
  ): Promise<void> {
    await scheduler.scheduleTask({
      id: 'dr-approvals-expiry',
      scope: 'global',
      ...schedule,
      fn: async () => {
        await this.expireDue();
      },
    });
  }

  #assertExecutor(credentials: BackstageCredentials): void {
    const subject = principalRef(credentials);
    if (!this.#settings.executors.includes(subject)) {
      throw new NotAllowedError(
        `${subject} may not execute restores; only ${this.#settings.executors.join(
          ', ',
        )} may`,
      );
    }
  }
}
