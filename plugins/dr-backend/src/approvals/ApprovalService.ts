/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ScaffolderService } from '@backstage/plugin-scaffolder-node';
import {
  type Approval,
  type ApprovalPage,
  type approvalClaimSchema,
  type approvalDecisionSchema,
  type approvalListQuerySchema,
  type approvalOutcomeSchema,
  type approvalRequestSchema,
  type restoreOptionsQuerySchema,
  type RestoreOptions,
  drAuditReadPermission,
  drPostureReadPermission,
  drRestoreApprovePermission,
} from '@dr-suite/backstage-plugin-dr-common';
import type {
  BackupSourceRegistry,
  RestoreTargetRegistry,
  RestorerRegistry,
} from '@dr-suite/backstage-plugin-dr-node';
import type { z } from 'zod';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import { principalRef } from '../auth/principalRef';
import type {
  ApprovalFilter,
  DatabaseApprovalStore,
} from '../database/DatabaseApprovalStore';
import type { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import type { PostureService } from '../posture/PostureService';
import type { TierRegistry } from '../posture/TierRegistry';
import { ApprovalLauncher } from './ApprovalLauncher';
import type { ApprovalNotifier } from './ApprovalNotifier';
import type { ApprovalSignals } from './ApprovalSignals';
import { ApprovalRequestValidator } from './ApprovalRequestValidator';
import { ApprovalDecidersExplainer } from './ApprovalDecidersExplainer';
import { type ApprovalSettings, ApprovalWorkflow } from './ApprovalWorkflow';

export type { ApprovalSettings } from './ApprovalWorkflow';

function isUser(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (
    (credentials as BackstageCredentials<{ type?: string }>).principal.type ===
    'user'
  );
}

/**
 * Restore approvals as the API serves them: lists and reads, each request
 * with who may decide it and why not the caller
 * ({@link ApprovalDecidersExplainer}), and the writes, which go through the
 * approval workflow ({@link ApprovalWorkflow}: the state
 * machine), its request validation ({@link ApprovalRequestValidator}) and
 * its notifications and template launches ({@link ApprovalLauncher}).
 * Inputs arrive parsed by the router.
 * @internal
 */
export class ApprovalService {
  readonly #store: DatabaseApprovalStore;
  readonly #authorizer: DrAuthorizer;
  readonly #deciders: ApprovalDecidersExplainer;
  readonly #workflow: ApprovalWorkflow;
  readonly #launcher: ApprovalLauncher;
  readonly #validator: ApprovalRequestValidator;

  constructor(options: {
    store: DatabaseApprovalStore;
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    posture: PostureService;
    backups: DatabaseBackupStore;
    sources: BackupSourceRegistry;
    targets: RestoreTargetRegistry;
    restorers: RestorerRegistry;
    tiers: TierRegistry;
    scaffolder: ScaffolderService;
    auth: AuthService;
    notifier: ApprovalNotifier;
    /** Pushes approval changes to open pages (the signals service). */
    signals?: ApprovalSignals;
    userInfo: UserInfoService;
    logger: LoggerService;
    settings: ApprovalSettings;
  }) {
    this.#store = options.store;
    this.#authorizer = options.authorizer;
    this.#deciders = new ApprovalDecidersExplainer({
      catalog: options.catalog,
      authorizer: options.authorizer,
      userInfo: options.userInfo,
      logger: options.logger,
      approverGroups: options.settings.approverGroups,
    });
    this.#workflow = new ApprovalWorkflow({
      store: options.store,
      authorizer: options.authorizer,
      logger: options.logger,
      settings: options.settings,
      validator: (this.#validator = new ApprovalRequestValidator({
        catalog: options.catalog,
        authorizer: options.authorizer,
        posture: options.posture,
        backups: options.backups,
        sources: options.sources,
        targets: options.targets,
        restorers: options.restorers,
        tiers: options.tiers,
        defaultRequiredApprovals: options.settings.defaultRequiredApprovals,
      })),
      launcher: (this.#launcher = new ApprovalLauncher({
        notifier: options.notifier,
        signals: options.signals,
        scaffolder: options.scaffolder,
        auth: options.auth,
        store: options.store,
        logger: options.logger,
        executionTemplate: options.settings.executionTemplate,
        executionTemplates: options.settings.executionTemplates,
      })),
    });
  }

  /** Writes expiry on a schedule; reads compute it in between. */
  async scheduleExpiry(
    scheduler: SchedulerService,
    schedule: SchedulerServiceTaskScheduleDefinition,
  ): Promise<void> {
    await this.#workflow.scheduleExpiry(scheduler, schedule);
  }

  async request(
    input: z.output<typeof approvalRequestSchema>,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    const approval = await this.#workflow.file(input, credentials);
    return (await this.#deciders.explain([approval], credentials))[0];
  }

  /** What the caller may pick for a restore request (targets, restorable backups). */
  async restoreOptions(
    query: z.output<typeof restoreOptionsQuerySchema>,
    credentials: BackstageCredentials,
  ): Promise<RestoreOptions> {
    return this.#validator.restoreOptions(
      { ...query, backupIds: query.backupId ?? [] },
      credentials,
    );
  }

  /**
   * One page of approvals, paged by the database. Who may see or decide a
   * request depends on its entity only, so the permission policy is asked
   * once about the distinct entities the other conditions leave, and the
   * answer becomes a SQL condition: pages and counts stay exact.
   */
  async list(
    query: z.output<typeof approvalListQuerySchema>,
    credentials: BackstageCredentials,
  ): Promise<ApprovalPage> {
    const { view, status, entityRef, limit, offset, cursor } = query;
    const me = principalRef(credentials);
    // Only users decide; a service's inbox is empty.
    if (view === 'decide' && !isUser(credentials)) {
      return { items: [], totalCount: 0, nextCursor: null };
    }
    const now = new Date();
    const filter: ApprovalFilter = {
      status,
      entityRef,
      requester: view === 'requested' ? me : undefined,
      awaiting: view === 'decide' ? { principal: me, now } : undefined,
      now,
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
      // Callers see their own requests, and those of entities they may read
      // that the audit permission covers: a policy's conditions on it (a
      // team's own entities) become SQL, so pages and counts stay exact.
      filter.auditVisibility = await this.#authorizer
        .drEntityVisibility(drAuditReadPermission, credentials)
        .catch(error => {
          if (error instanceof NotAllowedError) return null;
          throw error;
        });
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
      items: await this.#deciders.explain(page.items, credentials, approvable),
      totalCount: page.totalCount,
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string, credentials: BackstageCredentials): Promise<Approval> {
    const approval = await this.#visible(id, credentials);
    return (await this.#deciders.explain([approval], credentials))[0];
  }

  async decide(
    id: string,
    input: z.output<typeof approvalDecisionSchema>,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    const approval = await this.#visible(id, credentials);
    const result = await this.#workflow.decide(approval, input, credentials);
    const [explained] = await this.#deciders.explain([result], credentials);
    if (result.status !== 'pending') {
      // The approvers are known here, with the entity's owner.
      await this.#launcher.settled(
        explained,
        explained.decidableBy?.approvers ?? [],
        principalRef(credentials),
      );
    }
    // After the replacement above, which makes it unread again.
    await this.#launcher.decidedBy(explained, credentials);
    return explained;
  }

  async claim(
    id: string,
    input: z.output<typeof approvalClaimSchema>,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    return this.#workflow.claim(id, input, credentials);
  }

  async reportOutcome(
    id: string,
    input: z.output<typeof approvalOutcomeSchema>,
    credentials: BackstageCredentials,
  ): Promise<Approval> {
    return this.#workflow.reportOutcome(id, input, credentials);
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
}
