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
  type RecoveryWindow,
  type RestoreKind,
  type RestoreOptions,
  type RestoreParameters,
  type RestoreTargetSummary,
  drRestoreRequestPermission,
} from '@dr-suite/backstage-plugin-dr-common';
import type {
  BackupSourceRegistry,
  RestoreTarget,
  RestoreTargetRegistry,
  Restorer,
  RestorerRegistry,
} from '@dr-suite/backstage-plugin-dr-node';
import type { DrAuthorizer } from '../auth/DrAuthorizer';
import type {
  DatabaseBackupStore,
  SourceSelector,
} from '../database/DatabaseBackupStore';
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
    const target = this.#targets.resolve(parameters.targetId, {
      kind: parameters.kind,
      entityRef,
    });
    const judged = await this.#judgeBackup(
      parameters,
      backup,
      target,
      resolved.selectors,
    );

    const tier = resolved.objectives.tier
      ? this.#tiers.get(resolved.objectives.tier)
      : undefined;
    return {
      entity,
      parameters,
      backup: judged,
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

  /**
   * Which restore targets accept the entity, and for one of them, whether
   * each of the given backups of the entity can restore into it and if not
   * why: the same judgement as filing a request (the restorer reads first
   * bytes only). A backup that restores only to a point in time (a base
   * backup) is judged with the end of its store's recovery window and
   * answered `pointInTime: true`.
   */
  async restoreOptions(
    query: {
      entityRef: string;
      kind: RestoreKind;
      targetId?: string;
      backupIds: string[];
    },
    credentials: BackstageCredentials,
  ): Promise<RestoreOptions> {
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(parseEntityRef(query.entityRef));
    } catch (error) {
      throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
    }
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
    const targets = this.#restorers.kinds().includes(query.kind)
      ? this.#targets.list({ entityRef, kind: query.kind })
      : [];
    if (!query.targetId) return { targets, backups: [] };
    const target = this.#targets.resolve(query.targetId, {
      kind: query.kind,
      entityRef,
    });
    const { resolved } = await this.#posture.evaluate(entity);
    const backups: RestoreOptions['backups'] = [];
    for (const backupId of query.backupIds) {
      const backup = await this.#backups.get(backupId);
      if (
        !backup ||
        !(await this.#backups.matches(backupId, resolved.selectors))
      ) {
        backups.push({
          backupId,
          restorable: false,
          reason: `Backup ${backupId} is not an indexed backup of ${entityRef}`,
        });
        continue;
      }
      const base = {
        kind: query.kind,
        entityRef,
        backupId,
        targetId: target.id,
        scenario: 'restore-options',
      } as RestoreParameters;
      try {
        await this.#judgeBackup(base, backup, target, resolved.selectors);
        backups.push({ backupId, restorable: true });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const pointInTime = await this.#judgeAtWindowEnd(
          base,
          backup,
          target,
          resolved.selectors,
        );
        backups.push(
          pointInTime
            ? { backupId, restorable: true, pointInTime: true }
            : { backupId, restorable: false, reason: error.message },
        );
      }
    }
    return { targets, backups };
  }

  /**
   * The rules every kind shares (a backup that succeeded and is not flagged
   * suspicious), then the kind's restorer's: the same it applies again
   * once the approval is claimed.
   * @returns the backup with the recovery window it was judged against
   */
  async #judgeBackup(
    parameters: RestoreParameters,
    backup: BackupRecord,
    target: RestoreTarget,
    selectors: SourceSelector[],
  ): Promise<BackupRecord> {
    if (backup.status !== 'succeeded') {
      throw new InputError(
        `Backup ${backup.name} ${
          backup.status === 'in-progress'
            ? 'is still running'
            : 'did not succeed'
        } and cannot be restored; pick a backup that succeeded`,
      );
    }
    if (backup.suspicion) {
      throw new InputError(
        `Backup ${backup.name} is flagged suspicious (${backup.suspicion}) and is not restored on trust; pick a backup that looks sound (the DR tab shows which are flagged)`,
      );
    }
    const restorer = this.#restorers.get(parameters.kind);
    checkKindParameters(restorer, parameters);
    // A point-in-time restore is judged against the window of the data
    // store the backup belongs to, and its WAL is fetched from there.
    const recoveryWindow = parameters.kindParameters
      ? await this.#recoveryWindowOf(backup, selectors)
      : undefined;
    const judged = recoveryWindow ? { ...backup, recoveryWindow } : backup;
    await restorer.validate({
      parameters,
      target,
      backup: judged,
      source: this.#sources.get(backup.sourceId),
    });
    return judged;
  }

  /** Whether the backup restores to the newest instant of its store's window. */
  async #judgeAtWindowEnd(
    parameters: RestoreParameters,
    backup: BackupRecord,
    target: RestoreTarget,
    selectors: SourceSelector[],
  ): Promise<boolean> {
    const window = await this.#recoveryWindowOf(backup, selectors);
    if (!window?.to) return false;
    try {
      await this.#judgeBackup(
        { ...parameters, kindParameters: { targetTime: window.to } },
        backup,
        target,
        selectors,
      );
      return true;
    } catch (error) {
      if (error instanceof InputError) return false;
      throw error;
    }
  }

  /** The recovery window of the (prefix-selected) data store holding the backup. */
  async #recoveryWindowOf(
    backup: BackupRecord,
    selectors: SourceSelector[],
  ): Promise<RecoveryWindow | undefined> {
    for (const selector of selectors) {
      if (
        selector.sourceId === backup.sourceId &&
        selector.selector.kind === 'prefix' &&
        backup.key.startsWith(selector.selector.prefix)
      ) {
        const window = await this.#backups.recoveryWindows.windowFor(selector);
        if (window) return window;
      }
    }
    return undefined;
  }
}

/**
 * Refuses kind parameters the kind's restorer does not declare, or that
 * its schema refuses, before anything else judges the request.
 */
function checkKindParameters(
  restorer: Restorer<any, any, any>,
  parameters: RestoreParameters,
): void {
  if (parameters.kindParameters === undefined) return;
  if (!restorer.parametersSchema) {
    throw new InputError(
      `Invalid parameters.kindParameters: ${parameters.kind} restores take no kind parameters; leave them out`,
    );
  }
  const parsed = restorer.parametersSchema.safeParse(parameters.kindParameters);
  if (!parsed.success) {
    throw new InputError(
      `Invalid parameters.kindParameters: ${parsed.error.issues
        .map(issue => `${issue.path.join('.') || 'value'} ${issue.message}`)
        .join('; ')}`,
    );
  }
}
