/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError, stringifyError } from '@backstage/errors';
import type {
  RestoreKind,
  RestoreTargetSummary,
} from '@dr-suite/backstage-plugin-dr-common';

/**
 * Where a PostgreSQL restore goes. `database` is the database that is
 * replaced once a restore has succeeded and passed its checks.
 * @public
 */
export interface PostgresRestoreTarget extends RestoreTargetSummary {
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
  allowedEntities: string[] | null;
}

/**
 * Where a Velero restore goes: a namespace of the cluster of a velero source.
 * @public
 */
export interface VeleroRestoreTarget extends RestoreTargetSummary {
  kind: 'velero';
  sourceId: string;
  namespace: string;
  allowedEntities: string[] | null;
}

/**
 * A configured restore target.
 * @public
 */
export type RestoreTarget = PostgresRestoreTarget | VeleroRestoreTarget;

/**
 * The allow-list of restore targets under `dr.restoreTargets`. A restore can
 * only go to a target listed here; a production target additionally needs
 * `allowProduction: true`, so production is not restorable by default.
 * @public
 */
export class RestoreTargetRegistry {
  readonly #targets = new Map<string, RestoreTarget | Error>();

  static fromConfig(config: Config): RestoreTargetRegistry {
    const registry = new RestoreTargetRegistry();
    const targets = config.getOptionalConfig('dr.restoreTargets');
    for (const id of targets?.keys() ?? []) {
      try {
        registry.#targets.set(id, readTarget(id, targets!.getConfig(id)));
      } catch (error) {
        registry.#targets.set(
          id,
          new InputError(
            `Restore target "${id}" is misconfigured: ${stringifyError(error)}`,
          ),
        );
      }
    }
    return registry;
  }

  /**
   * The target, checked for the restore about to use it.
   * @throws InputError when the target is unknown, misconfigured or of another kind;
   *   NotAllowedError when it is production or does not accept the entity.
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
      throw new NotAllowedError(
        `Restore target "${targetId}" does not accept restores of ${options.entityRef}`,
      );
    }
    return target;
  }

  /** Targets without secrets, for people choosing one. */
  list(): RestoreTargetSummary[] {
    return [...this.#targets.values()]
      .filter((t): t is RestoreTarget => !(t instanceof Error))
      .map(({ id, kind, title, environment }) => ({
        id,
        kind,
        title,
        environment,
      }));
  }
}

function readTarget(id: string, config: Config): RestoreTarget {
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
  const base = {
    id,
    title: config.getOptionalString('title') ?? id,
    environment,
    allowedEntities: config.getOptionalStringArray('allowedEntities') ?? null,
  };
  if (kind === 'postgres') {
    const connection = config.getConfig('connection');
    return {
      ...base,
      kind,
      connection: {
        host: connection.getOptionalString('host') ?? '127.0.0.1',
        port: connection.getOptionalNumber('port') ?? 5432,
        user: connection.getString('user'),
        password: connection.getOptionalString('password'),
        database: connection.getString('database'),
        maintenanceDatabase:
          connection.getOptionalString('maintenanceDatabase') ?? 'postgres',
      },
      keepPrevious: config.getOptionalBoolean('keepPrevious') ?? false,
    };
  }
  if (kind === 'velero') {
    return {
      ...base,
      kind,
      sourceId: config.getString('sourceId'),
      namespace: config.getString('namespace'),
    };
  }
  throw new InputError(
    `unknown type "${kind}"; restore targets are postgres or velero`,
  );
}
