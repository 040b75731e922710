/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { createHash } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import type {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
} from '@backstage/plugin-catalog-node';
import {
  DR_ANNOTATION_BACKUP_SOURCES,
  DR_ANNOTATION_RPO,
  DR_ANNOTATION_RTO,
  DR_BACKUP_SOURCES_MAX_LENGTH,
  parseBackupSourcesAnnotation,
  parseDuration,
} from '@dr-suite/backstage-plugin-dr-common';
import {
  type BackupSourceRegistry,
  isBackupSourceId,
} from '@dr-suite/backstage-plugin-dr-node';

const CACHE_KEY = 'problemsHash';
const MAX_QUOTED_LENGTH = 80;

/** An annotation value as a short, escaped string that is safe to log. */
function quote(value: string): string {
  return JSON.stringify(
    value.length > MAX_QUOTED_LENGTH
      ? `${value.slice(0, MAX_QUOTED_LENGTH)}…`
      : value,
  );
}

/**
 * The DR annotation mistakes: durations, the shape of `backup-sources`
 * entries and, given the backend's backup sources, entries naming a source
 * that is not configured or a selector that source refuses. Tiers depend on
 * the DR plugin's configuration and are judged by the DR backend, whose
 * posture lists every problem with how to fix it.
 * @internal
 */
export function findDrAnnotationProblems(
  entity: Entity,
  registry?: BackupSourceRegistry,
): string[] {
  const annotations = entity.metadata.annotations ?? {};
  const problems: string[] = [];
  for (const key of [DR_ANNOTATION_RTO, DR_ANNOTATION_RPO]) {
    const value = annotations[key];
    if (value === undefined) continue;
    try {
      parseDuration(value);
    } catch {
      problems.push(
        `${key} is ${quote(
          value,
        )}, not a duration such as 15m, 4h, 1d or PT15M`,
      );
    }
  }
  const sources = annotations[DR_ANNOTATION_BACKUP_SOURCES];
  if (sources !== undefined) {
    if (sources.length > DR_BACKUP_SOURCES_MAX_LENGTH) {
      problems.push(
        `${DR_ANNOTATION_BACKUP_SOURCES} is ${sources.length} characters long; at most ${DR_BACKUP_SOURCES_MAX_LENGTH} are read`,
      );
    } else {
      for (const { sourceId, selector } of parseBackupSourcesAnnotation(
        sources,
      )) {
        const entry = quote(`${sourceId}:${selector}`);
        if (!isBackupSourceId(sourceId)) {
          problems.push(
            `${DR_ANNOTATION_BACKUP_SOURCES} entry ${entry} does not start with a source id; write <sourceId>:<selector>`,
          );
          continue;
        }
        if (!registry) continue;
        const source = registry.get(sourceId);
        if (!source) {
          const broken = registry.problems().some(p => p.sourceId === sourceId);
          problems.push(
            `${DR_ANNOTATION_BACKUP_SOURCES} entry ${entry} names source ${quote(
              sourceId,
            )}, ${
              broken
                ? 'whose configuration under dr.sources is broken'
                : 'which is not configured under dr.sources'
            }`,
          );
          continue;
        }
        try {
          source.parseSelector(selector, entity);
        } catch (error) {
          problems.push(
            `${DR_ANNOTATION_BACKUP_SOURCES} entry ${entry} has an invalid selector: ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * Logs an entity's DR annotation mistakes once per change, at warn level.
 *
 * It never emits anything and never throws: in the catalog any processing
 * error keeps a new entity out and freezes an existing one, owner included,
 * and a DR typo must not do that. The entity's DR tab and the DR posture API
 * show every DR problem with how to fix it; the log is for operators.
 *
 * What was last logged is kept as a hash in the catalog's per-entity
 * processor cache, so a cycle that finds the same problems stays quiet, on
 * every replica and across restarts.
 * @internal
 */
export class DrAnnotationsProcessor implements CatalogProcessor {
  readonly #logger: LoggerService;
  readonly #sources: BackupSourceRegistry | undefined;

  /**
   * @param options - `sources`, the backend's backup sources, lets it check
   *   that each `backup-sources` entry names one and a selector it accepts.
   */
  constructor(options: {
    logger: LoggerService;
    sources?: BackupSourceRegistry;
  }) {
    this.#logger = options.logger;
    this.#sources = options.sources;
  }

  getProcessorName(): string {
    return 'DrAnnotationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    _emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    try {
      await this.#report(entity, cache);
    } catch (error) {
      this.#logger.warn(
        `Could not check the DR annotations of ${stringifyEntityRef(
          entity,
        )}; the entity is stored as usual: ${stringifyError(error)}`,
      );
    }
    return entity;
  }

  async #report(entity: Entity, cache: CatalogProcessorCache): Promise<void> {
    const problems = findDrAnnotationProblems(entity, this.#sources);
    const stored = await cache.get<string | null>(CACHE_KEY);
    const previous = typeof stored === 'string' ? stored : null;
    const current = problems.length
      ? createHash('sha256').update(problems.join('\n')).digest('hex')
      : null;
    if (current === previous) return;

    const entityRef = stringifyEntityRef(entity);
    if (current) {
      const posturePath = [
        entity.kind.toLocaleLowerCase('en-US'),
        entity.metadata.namespace ?? 'default',
        entity.metadata.name,
      ]
        .map(encodeURIComponent)
        .join('/');
      this.#logger.warn(
        `${entityRef} has ${problems.length} DR annotation problem${
          problems.length > 1 ? 's' : ''
        } (the entity is stored as usual): ${problems.join(
          '; ',
        )}. Its DR tab and GET /api/dr/entities/${posturePath}/posture list every DR problem with how to fix it.`,
        { entityRef },
      );
    } else {
      this.#logger.info(`The DR annotations of ${entityRef} are valid again`, {
        entityRef,
      });
    }
    await cache.set(CACHE_KEY, current);
  }
}
