/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  stringifyError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import {
  type Approval,
  type ApprovalDeciders,
  type ApprovalPage,
  type RestoreParameters,
  drPostureReadPermission,
  drRestoreApprovePermission,
  drRestoreRequestPermission,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  type BackupSourceRegistry,
  type RestoreTargetRegistry,
  hashRestoreParameters,
  isReadableBackupSource,
} from '@dr-suite/backstage-plugin-dr-node';
import { entityOwnerRef } from '../catalog/entityOwnerRef';
import type {
  ApprovalFilter,
  DatabaseApprovalStore,
} from '../database/DatabaseApprovalStore';
import type { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import type { PostureService } from '../posture/PostureService';
import type { TierRegistry } from '../posture/TierRegistry';
import type { DrAuthorizer } from '../service/DrAuthorizer';
import { parseInput } from '../service/parseInput';
import { principalRef } from '../service/principalRef';
import type { ApprovalNotifier } from './ApprovalNotifier';
import {
  approvalClaimSchema,
  approvalDecisionSchema,
  approvalListSchema,
  approvalOutcomeSchema,
  approvalRequestSchema,
} from './approvalSchemas';

/**
 * Settings of the approval flow (`dr.approvals`).
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
}

function isUser(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (
    (credentials as BackstageCredentials<{ type?: string }>).principal.type ===
    'user'
  );
}

function userRef(credentials: BackstageCredentials): string {
  return (credentials as BackstageCredentials<BackstageUserPrincipal>).principal
    .userEntityRef;
}

/**
 * Restore approvals: filed by a user, decided by others the permission
 * policy allows (never the requester), single-use, expiring and bound to a
 * hash of the exact parameters. On approval the execution template is
 * started through the scaffolder; the restore actions claim the approval
 * before they touch anything and report how it ended.
 * @internal
 */
export class ApprovalService {
  readonly #store: DatabaseApprovalStore;
  readonly #catalog: CatalogService;
  readonly #authorizer: DrAuthorizer;
  readonly #posture: PostureService;
  readonly #backups: DatabaseBackupStore;
  readonly #sources: BackupSourceRegistry;
  readonly #targets: RestoreTargetRegistry;
  readonly #tiers: TierRegistry;
  readonly #scaffolder: ScaffolderService;
  readonly #auth: AuthService;
  readonly #notifier: ApprovalNotifier;
  readonly #userInfo: UserInfoService;
  readonly #logger: LoggerService;
  readonly #settings: ApprovalSettings;

  constructor(options: {
    store: DatabaseApprovalStore;
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    posture: PostureService;
    backups: DatabaseBackupStore;
    sources: BackupSourceRegistry;
    targets: RestoreTargetRegistry;
    tiers: TierRegistry;
    scaffolder: ScaffolderService;
    auth: AuthService;
    notifier: ApprovalNotifier;
    userInfo: UserInfoService;
    logger: LoggerService;
    settings: ApprovalSettings;
  }) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#authorizer = options.authorizer;
    this.#posture = options.posture;
    this.#backups = options.backups;
    this.#sources = options.sources;
    this.#targets = options.targets;
    this.#tiers = options.tiers;
    this.#scaffolder = options.scaffolder;
    this.#auth = options.auth;
    this.#notifier = options.notifier;
    this.#userInfo = options.userInfo;
    this.#logger = options.logger;
    this.#settings = options.settings;
  }

  async request(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    const input = parseInput(approvalRequestSchema, body, 'approval request');
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(
        parseEntityRef(input.parameters.entityRef),
      );
    } catch (error) {
      throw new InputError(
        `Invalid parameters.entityRef: ${(error as Error).message}`,
      );
    }
    const parameters: RestoreParameters = { ...input.parameters, entityRef };
    const entity = await this.#entity(entityRef, credentials);
    await this.#authorizer.authorizeEntity(
      drRestoreRequestPermission,
      entityRef,
      credentials,
    );

    const { resolved } = await this.#posture.evaluate(entity);
    const backup = await this.#backups.get(parameters.backupId);
    if (
      !backup ||
      !(await this.#backups.matches(parameters.backupId, resolved.selectors))
    ) {
      throw new InputError(
        `Backup ${parameters.backupId} is not an indexed backup of ${entityRef}`,
      );
    }
    if (backup.status !== 'succeeded') {
      throw new InputError(
        `Backup ${backup.name} ${
          backup.status === 'in-progress'
            ? 'is still running'
            : 'did not succeed'
        } and cannot be restored`,
      );
    }
    const target = this.#targets.resolve(parameters.targetId, {
      kind: parameters.kind,
      entityRef,
    });
    const source = this.#sources.get(backup.sourceId);
    if (
      parameters.kind === 'postgres' &&
      (!source || !isReadableBackupSource(source))
    ) {
      throw new InputError(
        `Backups of source "${backup.sourceId}" cannot be restored with pg_restore or psql`,
      );
    }
    if (parameters.kind === 'velero') {
      if (
        source?.type !== 'velero' ||
        target.kind !== 'velero' ||
        target.sourceId !== backup.sourceId
      ) {
        throw new InputError(
          `A Velero restore needs a Velero backup of the target's cluster (source "${
            target.kind === 'velero' ? target.sourceId : '?'
          }")`,
        );
      }
      if (!parameters.namespace) {
        throw new InputError(
          'A Velero restore needs parameters.namespace: the backed-up namespace to restore',
        );
      }
    }

    const tier = resolved.objectives.tier
      ? this.#tiers.get(resolved.objectives.tier)
      : undefined;
    const now = new Date();
    const approval = await this.#store.create({
      entityRef,
      requester: userRef(credentials),
      reason: input.reason,
      ticket: input.ticket ?? null,
      parameters,
      parameterHash: hashRestoreParameters(parameters),
      requiredApprovals:
        tier?.requiredApprovals ?? this.#settings.defaultRequiredApprovals,
      backup,
      target: {
        id: target.id,
        kind: target.kind,
        title: target.title,
        environment: target.environment,
      },
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.#settings.expiryMs),
    });
    const owner = entityOwnerRef(entity);
    const approvers = [
      ...new Set([...(owner ? [owner] : []), ...this.#settings.approverGroups]),
    ];
    await this.#notifier.requested(approval, approvers);
    return (await this.#withDeciders([approval], credentials))[0];
  }

  /**
   * One page of approvals, paged by the database. Who may see or decide a
   * request depends on its entity only, so the permission policy is asked
   * once about the distinct entities the other conditions leave, and the
   * answer becomes a SQL condition: pages and counts stay exact.
   */
  async list(
    query: unknown,
    credentials: BackstageCredentials,
  ): Promise<ApprovalPage> {
    const { view, status, entityRef, limit, offset, cursor } = parseInput(
      approvalListSchema,
      query,
      'query',
    );
    await this.#store.expireDue();
    const me = principalRef(credentials);
    // Only users decide; a service's inbox is empty.
    if (view === 'decide' && !isUser(credentials)) {
      return { items: [], totalCount: 0, nextCursor: null };
    }
    const filter: ApprovalFilter = {
      status,
      entityRef,
      requester: view === 'requested' ? me : undefined,
      awaiting:
        view === 'decide' ? { principal: me, now: new Date() } : undefined,
    };
    let approvable: Set<string> | undefined;
    if (view === 'decide') {
      const allowed = await this.#authorizer.allowedEntitiesEach(
        { read: drPostureReadPermission, approve: drRestoreApprovePermission },
        await this.#store.entityRefs(filter),
        credentials,
      );
      approvable = allowed.approve;
      filter.visibleEntityRefs = [...allowed.read].filter(ref =>
        allowed.approve.has(ref),
      );
    } else if (view === 'all') {
      // Callers see the requests of entities they may read, and their own.
      filter.visibleEntityRefs = [
        ...(await this.#authorizer.allowedEntities(
          drPostureReadPermission,
          await this.#store.entityRefs(filter),
          credentials,
        )),
      ];
      filter.visibleRequester = me;
    }
    const page = await this.#store.page(filter, { limit, cursor, offset });
    return {
      items: await this.#withDeciders(page.items, credentials, approvable),
      totalCount: page.totalCount,
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string, credentials: BackstageCredentials): Promise<Approval> {
    await this.#store.expireDue();
    const approval = await this.#visible(id, credentials);
    return (await this.#withDeciders([approval], credentials))[0];
  }

  async decide(
    id: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    const input = parseInput(approvalDecisionSchema, body, 'decision');
    await this.#store.expireDue();
    const approval = await this.#visible(id, credentials);
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
    if (approval.status !== 'pending') {
      throw new ConflictError(
        `This restore request is already ${approval.status}`,
      );
    }
    if (approval.decisions.some(d => d.approver === me)) {
      throw new ConflictError(
        'You have already decided on this restore request',
      );
    }
    const decided = await this.#store.decide(id, {
      approver: me,
      decision: input.decision,
      comment: input.comment ?? null,
    });
    if (!decided)
      throw new ConflictError(
        'This restore request changed while you decided; reload it',
      );
    await this.#notifier.decided(decided, me);
    const result =
      decided.status === 'approved'
        ? await this.#startExecution(decided)
        : decided;
    return (await this.#withDeciders([result], credentials))[0];
  }

  async claim(
    id: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    const input = parseInput(approvalClaimSchema, body, 'claim');
    this.#assertExecutor(credentials);
    await this.#store.expireDue();
    const claimed = await this.#store.claim(
      id,
      input.parameterHash,
      input.taskId ?? null,
    );
    if (claimed.result === 'missing')
      throw new NotFoundError(`No restore approval ${id}`);
    if (claimed.result === 'claimed')
      return { ...claimed.approval, canDecide: false };
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

  async reportOutcome(
    id: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    const input = parseInput(approvalOutcomeSchema, body, 'outcome');
    this.#assertExecutor(credentials);
    const approval = await this.#store.get(id);
    if (!approval) throw new NotFoundError(`No restore approval ${id}`);
    if (approval.status !== 'executed') {
      throw new ConflictError(
        `The restore request is ${approval.status}; only an executed restore has an outcome`,
      );
    }
    // Final: the first report wins, atomically; a later one changes nothing.
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
    await this.#notifier.finished(updated);
    return { ...updated, canDecide: false };
  }

  /** Starts the execution template with the approved parameters. */
  async #startExecution(approval: Approval): Promise<Approval> {
    try {
      const { taskId } = await this.#scaffolder.scaffold(
        {
          templateRef: this.#settings.executionTemplate,
          values: {
            approvalId: approval.id,
            requester: approval.requester,
            ...approval.parameters,
          },
        },
        { credentials: await this.#auth.getOwnServiceCredentials() },
      );
      await this.#store.setExecutionTask(approval.id, taskId);
      return { ...approval, executionTaskId: taskId };
    } catch (error) {
      // The approval stays approved and unused; the restore can be started again.
      const message = `Could not start the restore template ${
        this.#settings.executionTemplate
      }: ${stringifyError(error)}`;
      this.#logger.error(message);
      await this.#store.recordOutcome(
        approval.id,
        { outcome: 'failed', message, drillId: null },
        'approved',
      );
      return (await this.#store.get(approval.id))!;
    }
  }

  /**
   * Sets `canDecide` and `decidableBy` for the caller: who may decide each
   * request and, when the caller may not, why. One batched authorize call
   * and one batched catalog call for the whole page.
   */
  async #withDeciders(
    approvals: Approval[],
    credentials: BackstageCredentials,
    knownApprovable?: Set<string>,
  ): Promise<Approval[]> {
    if (!approvals.length) return [];
    const me = principalRef(credentials);
    const user = isUser(credentials);
    const refs = [...new Set(approvals.map(a => a.entityRef))];
    const undecided = [
      ...new Set(
        approvals.filter(a => a.status === 'pending').map(a => a.entityRef),
      ),
    ];
    const [approvable, owners, ownership] = await Promise.all([
      knownApprovable ??
        (user
          ? this.#authorizer.allowedEntities(
              drRestoreApprovePermission,
              undecided,
              credentials,
            )
          : new Set<string>()),
      this.#owners(refs, credentials),
      user
        ? this.#userInfo
            .getUserInfo(credentials)
            .then(info => info.ownershipEntityRefs)
            .catch(() => [me])
        : [],
    ]);
    const now = Date.now();
    return approvals.map(approval => {
      const owner = owners.get(approval.entityRef);
      const approvers = [
        ...new Set([
          ...(owner ? [owner] : []),
          ...this.#settings.approverGroups,
        ]),
      ];
      const reason = this.#cannotDecideReason(approval, {
        me,
        user,
        now,
        approvable: approvable.has(approval.entityRef),
        owner,
        ownership,
      });
      const decidableBy: ApprovalDeciders = reason
        ? { approvers, reason }
        : { approvers };
      return { ...approval, canDecide: !reason, decidableBy };
    });
  }

  /** Why the caller may not decide the request now, or undefined if they may. */
  #cannotDecideReason(
    approval: Approval,
    caller: {
      me: string;
      user: boolean;
      now: number;
      approvable: boolean;
      owner: string | undefined;
      ownership: string[];
    },
  ): string | undefined {
    if (approval.status !== 'pending') {
      return `This request is already ${approval.status}.`;
    }
    if (Date.parse(approval.expiresAt) <= caller.now) {
      return 'This request expired before enough approvers decided.';
    }
    if (!caller.user) {
      return 'Only signed-in users decide on restore requests.';
    }
    if (approval.requester === caller.me) {
      return 'This is your own request: someone else must approve it.';
    }
    const mine = approval.decisions.find(d => d.approver === caller.me);
    if (mine) {
      return `You already ${
        mine.decision === 'approve' ? 'approved' : 'rejected'
      } this request; each approver decides once.`;
    }
    if (caller.approvable) return undefined;
    const groups = this.#settings.approverGroups;
    const member = [caller.owner, ...groups].some(
      ref => ref && caller.ownership.includes(ref),
    );
    if (member || (!caller.owner && !groups.length)) {
      return `The permission policy does not let you decide on restores of ${approval.entityRef}.`;
    }
    const notOwner = caller.owner
      ? `an owner of ${approval.entityRef} (${caller.owner})`
      : '';
    const notIn = groups.length ? `in ${groups.join(', ')}` : '';
    return `You are not ${[notOwner, notIn].filter(Boolean).join(' nor ')}.`;
  }

  /** The owner of each entity the caller may see in the catalog. */
  async #owners(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    try {
      const { items } = await this.#catalog.getEntitiesByRefs(
        {
          entityRefs,
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner'],
        },
        { credentials },
      );
      items.forEach((entity, i) => {
        const owner = entity && entityOwnerRef(entity);
        if (owner) owners.set(entityRefs[i], owner);
      });
    } catch (error) {
      // Who owns what only explains a decision; the list works without it.
      this.#logger.warn(
        `Could not read the owners of restore requests' entities: ${stringifyError(
          error,
        )}`,
      );
    }
    return owners;
  }

  async #visible(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    const approval = await this.#store.get(id);
    const me = principalRef(credentials);
    if (
      !approval ||
      (approval.requester !== me &&
        !(await this.#authorizer.isAllowed(
          drPostureReadPermission,
          approval.entityRef,
          credentials,
        )))
    ) {
      throw new NotFoundError(`No restore approval ${id}`);
    }
    return approval;
  }

  async #entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.#catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    return entity;
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
