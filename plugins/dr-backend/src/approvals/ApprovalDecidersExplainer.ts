/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type Approval,
  type ApprovalDeciders,
  drRestoreApprovePermission,
} from '@dr-suite/backstage-plugin-dr-common';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import { principalRef } from '../auth/principalRef';
import { entityOwnerRef } from '../catalog/entityOwnerRef';
import { approversOf } from './ApprovalWorkflow';

function isUser(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (
    (credentials as BackstageCredentials<{ type?: string }>).principal.type ===
    'user'
  );
}

/**
 * Explains, on every approval a caller reads, whether they may decide it
 * and, when not, why not and who may: shown instead of hiding the decision.
 * @internal
 */
export class ApprovalDecidersExplainer {
  readonly #catalog: CatalogService;
  readonly #authorizer: DrAuthorizer;
  readonly #userInfo: UserInfoService;
  readonly #logger: LoggerService;
  readonly #approverGroups: string[];

  constructor(options: {
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    userInfo: UserInfoService;
    logger: LoggerService;
    /** `dr.approvals.approverGroups`. */
    approverGroups: string[];
  }) {
    this.#catalog = options.catalog;
    this.#authorizer = options.authorizer;
    this.#userInfo = options.userInfo;
    this.#logger = options.logger;
    this.#approverGroups = options.approverGroups;
  }

  /**
   * Sets `canDecide` and `decidableBy` for the caller: who may decide each
   * request and, when the caller may not, why. One batched authorize call
   * and one batched catalog call for the whole page.
   */
  async explain(
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
      const approvers = approversOf(owner, this.#approverGroups);
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
    const groups = this.#approverGroups;
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
}
