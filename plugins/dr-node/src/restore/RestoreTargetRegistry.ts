/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError, stringifyError } from '@backstage/errors';
import type {
  RestoreKind,
  RestoreTargetSummary,
} from '@dr-suite/backstage-plugin-dr-common';
import { RestorerRegistry } from './RestorerRegistry';
import type { KeptClusterSettings } from './pointInTime/KeptClusters';

/**
 * A configured restore target, of any kind: what every target has. The
 * restorer of its kind adds its own settings (see `Restorer.parseTarget`).
 * @public
 */
export interface RestoreTarget extends RestoreTargetSummary {
  /** Entity refs that may be restored here; null when any may. */
  allowedEntities: string[] | null;
  /**
   * A sandbox that restore-test plans may restore into without a human
   * approval (`allowRestoreTests: true`); never a production target.
   */
  allowRestoreTests: boolean;
}

/**
 * Where a PostgreSQL restore goes. `database` is the database that is
 * replaced once a restore has succeeded and passed its checks.
 * @public
 */
export interface PostgresRestoreTarget extends RestoreTarget {
  kind: 'postgres';
  connection: {
    host: string;
    port: number;
    user: string;
    password?: string;
    database: string;
    /** Database used to create, rename and drop databases, default `postgres`. */
    maintenanceDatabase: string;
  };
  /** Keep the replaced database as `<name>__previous` instead of dropping it. */
  keepPrevious: boolean;
  /**
   * Point-in-time restores keep the recovered cluster itself as the target
   * (`keepRecoveredCluster`); `connection` is then not used.
   */
  keepRecoveredCluster?: KeptClusterSettings;
}

/**
 * Where a Velero restore goes: a namespace of the cluster of a velero source.
 * @public
 */
export interface VeleroRestoreTarget extends RestoreTarget {
  kind: 'velero';
  sourceId: string;
  namespace: string;
}

/**
 * A configured restore target that cannot be used, and why.
 * @public
 */
export interface RestoreTargetConfigProblem {
  targetId: string;
  /** Its `type`, when it has one. */
  type: string | undefined;
  message: string;
}

/**
 * The allow-list of restore targets under `dr.restoreTargets`. A restore can
 * only go to a target listed here; a production target additionally needs
 * `allowProduction: true`, so production is not restorable by default. Each
 * target's `type` is a restore kind, and its own settings are read by that
 * kind's restorer; a target that cannot be read (an unknown type included)
 * is reported and refused, the others still work. One instance serves the
 * whole backend, through `drRestoreTargetRegistryServiceRef`.
 * @public
 */
export class RestoreTargetRegistry {
  readonly #targets = new Map<string, RestoreTarget | Error>();
  readonly #problems: RestoreTargetConfigProblem[] = [];

  /**
   * Reads `dr.restoreTargets`.
   * @param config - the root config
   * @param options - `restorers`: the restorers whose kinds targets may
   *   have, by default the built-in `postgres` and `velero`; `logger`: where
   *   misconfigured targets are reported
   */
  static fromConfig(
    config: Config,
    options: { restorers?: RestorerRegistry; logger?: LoggerService } = {},
  ): RestoreTargetRegistry {
    const restorers = options.restorers ?? RestorerRegistry.create();
    const registry = new RestoreTargetRegistry();
    const targets = config.getOptionalConfig('dr.restoreTargets');
    for (const id of targets?.keys() ?? []) {
      let type: string | undefined;
      try {
        const targetConfig = targets!.getConfig(id);
        type = targetConfig.getOptionalString('type');
        registry.#targets.set(id, readTarget(id, targetConfig, restorers));
      } catch (error) {
        const message = `Restore target "${id}" is misconfigured: ${stringifyError(
          error,
        )}`;
        options.logger?.error(message);
        registry.#targets.set(id, new InputError(message));
        registry.#problems.push({ targetId: id, type, message });
      }
    }
    return registry;
  }

  /**
   * The target, checked for the restore about to use it.
   * @throws InputError when the target is unknown, misconfigured, of another
   *   kind or does not accept the entity (naming the targets that do).
   */
  resolve(
    targetId: string,
    options: { kind: 'postgres'; entityRef: string },
  ): PostgresRestoreTarget;
  resolve(
    targetId: string,
    options: { kind: 'velero'; entityRef: string },
  ): VeleroRestoreTarget;
  resolve(
    targetId: string,
    options: { kind: RestoreKind; entityRef: string },
  ): RestoreTarget;
  resolve(
    targetId: string,
    options: { kind: RestoreKind; entityRef: string },
  ): RestoreTarget {
    const target = this.#targets.get(targetId);
    if (!target) {
      const known = [...this.#targets.keys()];
      throw new InputError(
        `"${targetId}" is not in the allow-list of restore targets (dr.restoreTargets)${
          known.length ? `; allowed: ${known.join(', ')}` : ''
        }`,
      );
    }
    if (target instanceof Error) throw target;
    if (target.kind !== options.kind) {
      throw new InputError(
        `Restore target "${targetId}" takes ${target.kind} restores, not ${options.kind}`,
      );
    }
    if (
      target.allowedEntities &&
      !target.allowedEntities.includes(options.entityRef)
    ) {
      // A 400 when filed: the requester picked the wrong target, and can
      // pick one of these instead.
      const allowed = this.list(options).map(t => `"${t.id}" (${t.title})`);
      throw new InputError(
        `Restore target "${targetId}" does not accept restores of ${
          options.entityRef
        }; ${
          allowed.length
            ? `pick a target that does: ${allowed.join(', ')}`
            : `no ${options.kind} restore target accepts it: ask the platform team to add it to a target's allowedEntities`
        }`,
      );
    }
    return target;
  }

  /**
   * Targets without secrets, for people choosing one; with `entityRef`
   * (and `kind`), only those that accept its restores.
   */
  list(filter?: {
    entityRef?: string;
    kind?: RestoreKind;
  }): RestoreTargetSummary[] {
    return [...this.#targets.values()]
      .filter((t): t is RestoreTarget => !(t instanceof Error))
      .filter(
        t =>
          (!filter?.kind || t.kind === filter.kind) &&
          (!filter?.entityRef ||
            !t.allowedEntities ||
            t.allowedEntities.includes(filter.entityRef)),
      )
      .map(({ id, kind, title, environment }) => ({
        id,
        kind,
        title,
        environment,
      }));
  }

  /**
   * The target when it is a sandbox for automatic restore tests
   * (`allowRestoreTests: true`, never production); undefined otherwise.
   */
  sandbox(targetId: string): RestoreTarget | undefined {
    const target = this.#targets.get(targetId);
    return target && !(target instanceof Error) && target.allowRestoreTests
      ? target
      : undefined;
  }

  /** The targets that are refused because their config is wrong. */
  problems(): RestoreTargetConfigProblem[] {
    return [...this.#problems];
  }
}

/**
 * Reads one target: the settings every target has, with the production
 * rule, here; the kind's own settings by the restorer of its type.
 */
function readTarget(
  id: string,
  config: Config,
  restorers: RestorerRegistry,
): RestoreTarget {
  const kind = config.getString('type');
  const environment = config.getOptionalString('environment') ?? 'staging';
  if (
    environment === 'production' &&
    !config.getOptionalBoolean('allowProduction')
  ) {
    throw new NotAllowedError(
      'it is a production target; restoring into production needs allowProduction: true',
    );
  }
  const allowRestoreTests =
    config.getOptionalBoolean('allowRestoreTests') ?? false;
  if (allowRestoreTests && environment === 'production') {
    // Automatic restores run without a human approval: never into production.
    throw new NotAllowedError(
      'it is a production target, and production targets can never take automatic restore tests (allowRestoreTests); mark a sandbox target instead',
    );
  }
  const base: RestoreTarget = {
    id,
    kind,
    title: config.getOptionalString('title') ?? id,
    environment,
    allowedEntities: config.getOptionalStringArray('allowedEntities') ?? null,
    allowRestoreTests,
  };
  if (!restorers.kinds().includes(kind)) {
    throw new InputError(
      `unknown type "${kind}"; restore targets are of an installed restore kind: ${restorers
        .kinds()
        .join(', ')}`,
    );
  }
  const own = restorers.get(kind).parseTarget?.(config) ?? {};
  // The common settings win, so no restorer can loosen what every target is held to.
  return { ...own, ...base };
}
