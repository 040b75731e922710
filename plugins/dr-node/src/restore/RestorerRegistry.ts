/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import { restoreKindSchema } from '@dr-suite/backstage-plugin-dr-common';
import { createPostgresRestorer } from './createPostgresRestorer';
import type { DumpStagingSettings } from './DumpStaging';
import { PostgresRestorer } from './PostgresRestorer';
import type { Restorer } from './Restorer';
import { VeleroRestorer } from './VeleroRestorer';

/**
 * The restore kinds the backend knows: the built-in `postgres` and `velero`
 * restorers and every restorer added through `drRestorerServiceRef`. One
 * instance serves the whole backend, through `drRestorerRegistryServiceRef`.
 * @public
 */
export class RestorerRegistry {
  readonly #restorers = new Map<string, Restorer<any, any, any>>();

  /**
   * @param options - `restorers`: kinds added by modules
   * @throws Error when two restorers have the same kind, or a kind is not
   *   a name requests could use
   */
  static create(
    options: {
      restorers?: Restorer<any, any, any>[];
      /** The postgres restorer's staging budget (`dr.restore.staging`). */
      staging?: DumpStagingSettings;
    } = {},
  ): RestorerRegistry {
    const registry = new RestorerRegistry();
    for (const restorer of [
      createPostgresRestorer(
        new PostgresRestorer({ staging: options.staging }),
      ),
      new VeleroRestorer(),
      ...(options.restorers ?? []),
    ]) {
      const name = restoreKindSchema.safeParse(restorer.kind);
      if (!name.success) {
        throw new Error(
          `Restore kind "${restorer.kind}" ${name.error.issues[0].message}`,
        );
      }
      if (registry.#restorers.has(restorer.kind)) {
        throw new Error(
          `Restore kind "${restorer.kind}" is registered twice; install one module per restore kind`,
        );
      }
      registry.#restorers.set(restorer.kind, restorer);
    }
    return registry;
  }

  /** @throws InputError when no restorer handles the kind */
  get(kind: string): Restorer<any, any, any> {
    const restorer = this.#restorers.get(kind);
    if (!restorer) {
      throw new InputError(
        `No restorer for "${kind}" restores is installed; known kinds are ${this.kinds().join(
          ', ',
        )}`,
      );
    }
    return restorer;
  }

  kinds(): string[] {
    return [...this.#restorers.keys()];
  }
}
