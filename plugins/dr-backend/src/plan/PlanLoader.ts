/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type UrlReaderService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  type Entity,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  DR_ANNOTATION_PLAN,
  type PostureProblem,
} from '@dr-suite/backstage-plugin-dr-common';
import type { StoredPlan } from '../database/DatabasePlanStore';
import { parsePlan } from './PlanParser';

type ResolvedLocation =
  | { type: 'url'; target: string }
  | { type: 'file'; target: string };

function displayLocation(location: ResolvedLocation): string {
  return location.type === 'file' ? `file:${location.target}` : location.target;
}

/**
 * Finds and reads an entity's DR plan. Relative plan locations resolve
 * against the entity's source location (or the file that defines it); URLs
 * go through the UrlReader, so `backend.reading.allow` and integrations apply.
 * Files on the backend's disk are only read inside the entity's own directory.
 * @internal
 */
export class PlanLoader {
  readonly #reader: UrlReaderService;
  readonly #integrations: ScmIntegrationRegistry;
  readonly #maxBytes: number;

  constructor(options: {
    reader: UrlReaderService;
    integrations: ScmIntegrationRegistry;
    maxBytes?: number;
  }) {
    this.#reader = options.reader;
    this.#integrations = options.integrations;
    this.#maxBytes = options.maxBytes ?? 1024 * 1024;
  }

  /**
   * Where the entity's plan lives, as shown to people; undefined without a
   * plan annotation. Resolving reads nothing.
   */
  locate(entity: Entity): string | undefined {
    const value = entity.metadata.annotations?.[DR_ANNOTATION_PLAN]?.trim();
    if (value === undefined) return undefined;
    try {
      return displayLocation(this.#resolve(entity, value));
    } catch {
      return value;
    }
  }

  /** Reads the plan; with `previous`, an unchanged location is not read again. */
  async load(
    entity: Entity,
    previous?: StoredPlan,
  ): Promise<StoredPlan | undefined> {
    const value = entity.metadata.annotations?.[DR_ANNOTATION_PLAN]?.trim();
    if (value === undefined) return undefined;
    const entityRef = stringifyEntityRef(entity);
    const fetchedAt = new Date();
    const failed = (location: string, problem: PostureProblem): StoredPlan => ({
      entityRef,
      location,
      etag: null,
      // A location that fails to read keeps the plan it had.
      plan: previous?.location === location ? previous.plan : null,
      problems: [problem],
      fetchedAt,
    });

    let location: ResolvedLocation;
    try {
      location = this.#resolve(entity, value);
    } catch (error) {
      return failed(value, {
        code: 'plan-location-invalid',
        severity: 'error',
        field: DR_ANNOTATION_PLAN,
        message: (error as Error).message,
        fix: 'Use a path relative to the entity file (./dr-plan.yaml) or an https URL.',
      });
    }
    const display = displayLocation(location);

    let text: string;
    let etag: string | null;
    try {
      const etagBefore =
        previous?.location === display ? previous.etag ?? undefined : undefined;
      const read = await this.#read(location, etagBefore);
      if (read === 'not-modified' && previous) {
        return { ...previous, fetchedAt };
      }
      if (read === 'not-modified') throw new Error('unexpected not-modified');
      ({ text, etag } = read);
    } catch (error) {
      return failed(display, {
        code: 'plan-unreadable',
        severity: 'error',
        field: DR_ANNOTATION_PLAN,
        message: `The DR plan at ${display} could not be read: ${stringifyError(
          error,
        )}`,
        fix: 'Check that the file exists and that the backend may read it (backend.reading.allow, integrations).',
      });
    }
    const { plan, problems } = parsePlan(text);
    return { entityRef, location: display, etag, plan, problems, fetchedAt };
  }

  #resolve(entity: Entity, value: string): ResolvedLocation {
    const stripped = value.startsWith('url:') ? value.slice(4) : value;
    if (/^https?:\/\//i.test(stripped))
      return { type: 'url', target: stripped };
    if (/^[a-z][a-z0-9+.-]*:/i.test(stripped) || path.isAbsolute(stripped)) {
      throw new Error(
        `Plan location "${value}" must be relative to the entity's location or an http(s) URL`,
      );
    }
    const annotations = entity.metadata.annotations ?? {};
    const base =
      annotations[ANNOTATION_SOURCE_LOCATION] ??
      annotations[ANNOTATION_LOCATION];
    if (!base) {
      throw new Error(
        `Plan location "${value}" is relative but the entity has no source location`,
      );
    }
    const { type, target } = parseLocationRef(base);
    if (type === 'url') {
      return {
        type: 'url',
        target: this.#integrations.resolveUrl({ url: stripped, base: target }),
      };
    }
    if (type === 'file') {
      const basePath = target.startsWith('file:')
        ? fileURLToPath(target)
        : target;
      const directory = base.endsWith('/') ? basePath : path.dirname(basePath);
      // Throws when the plan would escape the entity's directory.
      return {
        type: 'file',
        target: resolveSafeChildPath(directory, stripped),
      };
    }
    throw new Error(
      `Plan location "${value}" cannot be resolved against a ${type} location`,
    );
  }

  async #read(
    location: ResolvedLocation,
    etag: string | undefined,
  ): Promise<{ text: string; etag: string | null } | 'not-modified'> {
    if (location.type === 'file') {
      const stat = await fs.promises.stat(location.target);
      if (!stat.isFile()) throw new Error('it is not a file');
      const fileEtag = `${stat.size}-${stat.mtimeMs}`;
      if (etag === fileEtag) return 'not-modified';
      this.#checkSize(stat.size);
      return {
        text: await fs.promises.readFile(location.target, 'utf8'),
        etag: fileEtag,
      };
    }
    try {
      const response = await this.#reader.readUrl(location.target, { etag });
      const buffer = await response.buffer();
      this.#checkSize(buffer.length);
      return { text: buffer.toString('utf8'), etag: response.etag ?? null };
    } catch (error) {
      if ((error as Error).name === 'NotModifiedError') return 'not-modified';
      throw error;
    }
  }

  #checkSize(size: number) {
    if (size > this.#maxBytes) {
      throw new Error(
        `it is ${size} bytes, more than the ${this.#maxBytes} bytes allowed`,
      );
    }
  }
}
