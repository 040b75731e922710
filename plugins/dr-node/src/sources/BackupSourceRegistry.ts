/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { NotFoundError, stringifyError } from '@backstage/errors';
import {
  type AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { filesystemBackupSourceFactory } from './FilesystemBackupSource';
import { createS3BackupSourceFactory } from './S3BackupSource';
import { veleroBackupSourceFactory } from './VeleroBackupSource';
import {
  type BackupSource,
  type BackupSourceFactory,
  type ReadableBackupSource,
  isReadableBackupSource,
} from './types';

/**
 * The source types every installation has; s3 sources take credentials from
 * `aws.accounts` in the root config.
 */
function builtInFactories(rootConfig: Config): BackupSourceFactory[] {
  let credentialsManager: AwsCredentialsManager | undefined;
  return [
    filesystemBackupSourceFactory,
    createS3BackupSourceFactory({
      // Read once, and only when an s3 source exists.
      credentialsManager: () =>
        (credentialsManager ??=
          DefaultAwsCredentialsManager.fromConfig(rootConfig)),
    }),
    veleroBackupSourceFactory,
  ];
}

/**
 * Whether a text can be the id of a source under `dr.sources`: letters,
 * digits, `.`, `_` and `-`, starting with a letter or digit.
 * @public
 */
export function isBackupSourceId(id: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(id);
}

/**
 * A configured source that could not be created.
 * @public
 */
export interface BackupSourceConfigProblem {
  sourceId: string;
  type: string | undefined;
  message: string;
}

/**
 * The sources configured under `dr.sources`. A source with broken config is
 * reported and skipped; the others still work. One instance serves the whole
 * backend, through `drBackupSourceRegistryServiceRef`.
 * @public
 */
export class BackupSourceRegistry {
  readonly #sources = new Map<string, BackupSource>();
  readonly #problems: BackupSourceConfigProblem[] = [];

  /**
   * Creates the sources of `dr.sources` with the built-in types (filesystem,
   * s3, velero) and the given ones.
   * @param config - the root config
   * @throws Error when two factories have the same type
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; factories?: BackupSourceFactory[] },
  ): BackupSourceRegistry {
    const registry = new BackupSourceRegistry();
    const factories = new Map<string, BackupSourceFactory>();
    for (const factory of [
      ...builtInFactories(config),
      ...(options.factories ?? []),
    ]) {
      if (factories.has(factory.type)) {
        throw new Error(
          `Backup source type "${factory.type}" is registered twice; install one module per source type`,
        );
      }
      factories.set(factory.type, factory);
    }
    const sources = config.getOptionalConfig('dr.sources');
    for (const id of sources?.keys() ?? []) {
      let type: string | undefined;
      try {
        if (!isBackupSourceId(id)) {
          throw new Error(
            'source ids may only contain letters, digits, ".", "_" and "-"',
          );
        }
        const sourceConfig = sources!.getConfig(id);
        type = sourceConfig.getOptionalString('type');
        const factory = type ? factories.get(type) : undefined;
        if (!factory) {
          throw new Error(
            `unknown type "${type ?? ''}"; known types are ${[
              ...factories.keys(),
            ].join(', ')}`,
          );
        }
        registry.#sources.set(
          id,
          factory.create({
            id,
            config: sourceConfig,
            logger: options.logger.child({ source: id }),
          }),
        );
      } catch (error) {
        const message = `Backup source "${id}" is misconfigured: ${stringifyError(
          error,
        )}`;
        options.logger.error(message);
        registry.#problems.push({ sourceId: id, type, message });
      }
    }
    return registry;
  }

  /** Registers a source directly, e.g. in tests. */
  static fromSources(sources: BackupSource[]): BackupSourceRegistry {
    const registry = new BackupSourceRegistry();
    for (const source of sources) registry.#sources.set(source.id, source);
    return registry;
  }

  list(): BackupSource[] {
    return [...this.#sources.values()];
  }

  get(id: string): BackupSource | undefined {
    return this.#sources.get(id);
  }

  /** @throws NotFoundError when the source is unknown or cannot stream backups. */
  getReadable(id: string): ReadableBackupSource {
    const source = this.#sources.get(id);
    if (!source || !isReadableBackupSource(source)) {
      throw new NotFoundError(
        source
          ? `Backups of source "${id}" (type ${source.type}) cannot be read as files`
          : `No backup source "${id}" is configured under dr.sources`,
      );
    }
    return source;
  }

  problems(): BackupSourceConfigProblem[] {
    return [...this.#problems];
  }
}
