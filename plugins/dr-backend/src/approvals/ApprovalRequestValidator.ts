/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type BackupRecord,
  type RestoreParameters,
  type RestoreTargetSummary,
  drRestoreRequestPermission,
} from '@dr-suite/backstage-plugin-dr-common';
import type {
  BackupSourceRegistry,
  RestoreTargetRegistry,
  RestorerRegistry,
} from '@dr-suite/backstage-plugin-dr-node';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import type { DatabaseBackupStore } from '../database/DatabaseBackupStore';
import type { PostureService } from '../posture/PostureService';
import type { TierRegistry } from '../posture/TierRegistry';

/**
 * A restore request that may be filed: its parameters with the entity ref
 * in canonical form, and what they name, as found now.
 * @internal
 */
export interface ValidatedRestoreRequest {
  entity: Entity;
  parameters: RestoreParameters;
  backup: BackupRecord;
  target: RestoreTargetSummary;
  /** From the entity's tier, else `dr.approvals.requiredApprovals`. */
  requiredApprovals: number;
}

/**
 * Checks a restore request before it is filed: the caller may see the
 * entity and request its restores, the backup is a successful indexed
 * backup of the entity, and the target accepts this entity and kind of
 * restore from this backup's source.
 * @internal
 */
export class ApprovalRequestValidator {
  readonly #catalog: CatalogService;
  readonly #authorizer: DrAuthorizer;
  readonly #posture: PostureService;
  readonly #backups: DatabaseBackupStore;
  readonly #sources: BackupSourceRegistry;
  readonly #targets: RestoreTargetRegistry;
  readonly #restorers: RestorerRegistry;
  readonly #tiers: TierRegistry;
  readonly #defaultRequiredApprovals: number;

  constructor(options: {
    catalog: CatalogService;
    authorizer: DrAuthorizer;
    posture: PostureService;
    backups: DatabaseBackupStore;
    sources: BackupSourceRegistry;
    targets: RestoreTargetRegistry;
    restorers: RestorerRegistry;
    tiers: TierRegistry;
    defaultRequiredApprovals: number;
  }) {
    this.#catalog = options.catalog;
    this.#authorizer = options.authorizer;
    this.#posture = options.posture;
    this.#backups = options.backups;
    this.#sources = options.sources;
    this.#targets = options.targets;
    this.#restorers = options.restorers;
    this.#tiers = options.tiers;
    this.#defaultRequiredApprovals = options.defaultRequiredApprovals;
  }

  /** Throws an InputError, NotFoundError or NotAllowedError saying what is wrong. */
  async validate(
    input: RestoreParameters,
    credentials: BackstageCredentials,
  ): Promise<ValidatedRestoreRequest> {
    // Any well-formed name passes the shared schema; only installed kinds
    // can be restored, so anything else is refused before it is filed.
    const kinds = this.#restorers.kinds();
    if (!kinds.includes(input.kind)) {
      throw new InputError(
        `Invalid parameters.kind: no restorer for "${
          input.kind
        }" restores is installed; known kinds are ${kinds.join(', ')}`,
      );
    }
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(parseEntityRef(input.entityRef));
    } catch (error) {
      throw new InputError(
        `Invalid parameters.entityRef: ${(error as Error).message}`,
      );
    }
    const parameters: RestoreParameters = { ...input, entityRef };
    const entity = await this.#catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
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
    // The rules of each kind of restore are its restorer's, the same the
    // restore action applies once the approval is claimed.
    await this.#restorers.get(parameters.kind).validate({
      parameters,
      target,
      backup,
      source: this.#sources.get(backup.sourceId),
    });

    const tier = resolved.objectives.tier
      ? this.#tiers.get(resolved.objectives.tier)
      : undefined;
    return {
      entity,
      parameters,
      backup,
      target: {
        id: target.id,
        kind: target.kind,
        title: target.title,
        environment: target.environment,
      },
      requiredApprovals:
        tier?.requiredApprovals ?? this.#defaultRequiredApprovals,
    };
  }
}
