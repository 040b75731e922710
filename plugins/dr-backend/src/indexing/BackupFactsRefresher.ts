/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { RecoveryWindow } from '@dr-suite/backstage-plugin-dr-common';
import type { JsonObject } from '@backstage/types';
import type { BackupSourceRegistry } from '@dr-suite/backstage-plugin-dr-node';
import type { Entity } from '@backstage/catalog-model';
import type {
  DatabaseBackupStore,
  SourceSelector,
} from '../database/DatabaseBackupStore';
import type { DatabaseEntityFactsStore } from '../database/DatabaseEntityFactsStore';
import type { PostureRefresher } from '../posture/PostureRefresher';
import type { BackupCopyFacts } from '../posture/PostureCalculator';
import type {
  DatabaseEntityStore,
  EntitySnapshot,
} from '../database/DatabaseEntityStore';

/** Suspicious backups named per copy; the newest ones matter. */
const MAX_SUSPECTS = 3;

/** How a copy is keyed in an entity's facts, like its recovery window. */
function copyKey(s: SourceSelector): string {
  return `${s.sourceId}:${s.selector.canonical}`;
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/**
 * Keeps each entity's newest successful backup in the facts table, so the
 * audit can judge RPO for the whole catalog without a query per entity.
 * @internal
 */
export class BackupFactsRefresher {
  readonly #entities: DatabaseEntityStore;
  readonly #facts: DatabaseEntityFactsStore;
  readonly #backups: DatabaseBackupStore;
  readonly #registry: BackupSourceRegistry;
  readonly #postures: PostureRefresher | undefined;

  constructor(options: {
    entities: DatabaseEntityStore;
    facts: DatabaseEntityFactsStore;
    backups: DatabaseBackupStore;
    registry: BackupSourceRegistry;
    /** Recomputes stored postures when a source's health changes. */
    postures?: PostureRefresher;
  }) {
    this.#entities = options.entities;
    this.#facts = options.facts;
    this.#backups = options.backups;
    this.#registry = options.registry;
    this.#postures = options.postures;
  }

  /**
   * After a source failed to index (turned or stayed stale): its entities'
   * postures show the problem. A successful run refreshes the facts, which
   * recomputes them anyway.
   */
  async sourceHealthChanged(sourceId: string): Promise<void> {
    await this.#postures?.recomputeForSource(sourceId);
  }

  /** After a source was indexed: every entity that uses it. */
  async refreshForSource(sourceId: string): Promise<number> {
    const entities = await this.#entities.listWithSelectors([sourceId]);
    await this.#refresh(entities);
    return entities.length;
  }

  /** After the catalog sync changed these entities. */
  async refreshForEntities(entityRefs: string[]): Promise<void> {
    if (!entityRefs.length) return;
    const wanted = new Set(entityRefs);
    const entities = (await this.#entities.listWithSelectors()).filter(e =>
      wanted.has(e.entityRef),
    );
    // Entities whose selectors were all removed have no backups any more.
    const cleared = new Map(
      entityRefs
        .filter(ref => !entities.some(e => e.entityRef === ref))
        .map(ref => [ref, null]),
    );
    await this.#facts.setBackupFacts(cleared);
    await this.#refresh(entities);
  }

  async #refresh(entities: EntitySnapshot[]): Promise<void> {
    const entries = entities.map(entity => ({
      entityRef: entity.entityRef,
      selectors: this.#selectors(entity),
    }));
    const newest = await this.#backups.newestSuccessfulByEntity(entries);
    // One cheap lookup per selector finds the few continuously archived
    // stores; only those walk their WAL (from the newest base backup on).
    const windows = new Map<string, Record<string, RecoveryWindow>>();
    for (const { entityRef, selectors } of entries) {
      const points = await this.#backups.recoveryWindows.restorablePoints(
        selectors,
      );
      if (points.newest === undefined) continue;
      windows.set(entityRef, points.windows);
      newest.set(entityRef, points.newest);
    }
    await this.#facts.setBackupFacts(
      newest,
      windows,
      await this.#copies(entries, windows),
    );
  }

  /**
   * Each declared store's copy: its newest sound backup and WAL segment,
   * and the suspicious backups newer than them, so posture can judge each
   * scenario from the locations that survive it and name what it skipped.
   */
  async #copies(
    entries: Array<{ entityRef: string; selectors: SourceSelector[] }>,
    windows: Map<string, Record<string, RecoveryWindow>>,
  ): Promise<Map<string, Record<string, BackupCopyFacts>>> {
    const perCopy = entries.flatMap(({ entityRef, selectors }) =>
      selectors.map(s => ({
        entityRef: `${entityRef}\n${copyKey(s)}`,
        selectors: [s],
      })),
    );
    const sourceIds = perCopy.map(c => c.selectors[0].sourceId);
    const [backups, wal, suspicious, discontinued] = await Promise.all([
      this.#backups.newestSuccessfulByEntity(perCopy, 'not-wal'),
      this.#backups.newestSuccessfulByEntity(perCopy, 'wal'),
      this.#backups.newestSuspicious(sourceIds),
      this.#backups.continuityProblems(sourceIds),
    ]);
    const inCopy = (
      s: SourceSelector,
      b: { sourceId: string; key: string; details: JsonObject },
    ) =>
      b.sourceId === s.sourceId &&
      (s.selector.kind === 'prefix'
        ? b.key.startsWith(s.selector.prefix)
        : s.selector.matches(b));
    const result = new Map<string, Record<string, BackupCopyFacts>>();
    for (const { entityRef, selectors } of entries) {
      const copies: Record<string, BackupCopyFacts> = {};
      for (const s of selectors) {
        const key = copyKey(s);
        const lastBackup = backups.get(`${entityRef}\n${key}`) ?? null;
        const lastWal = wal.get(`${entityRef}\n${key}`) ?? null;
        const window = windows.get(entityRef)?.[key];
        const windowEnd = window?.to ? new Date(window.to) : null;
        const restorable = window
          ? latest(windowEnd, lastBackup)
          : latest(lastBackup, lastWal);
        // A replica that stopped streaming keeps no point for RPO 0.
        const continuityProblem = discontinued
          .filter(b => inCopy(s, b))
          .map(b => b.problem)
          .join(' ');
        copies[key] = {
          ...(continuityProblem ? { continuityProblem } : {}),
          lastBackupAt: lastBackup?.toISOString() ?? null,
          lastWalAt: lastWal?.toISOString() ?? null,
          restorableAt: restorable?.toISOString() ?? null,
          suspects: suspicious
            .filter(
              b =>
                (!lastBackup ||
                  (b.completedAt && b.completedAt > lastBackup)) &&
                inCopy(s, b),
            )
            .slice(0, MAX_SUSPECTS)
            .map(b => ({ key: b.key, name: b.name, suspicion: b.suspicion })),
        };
      }
      result.set(entityRef, copies);
    }
    return result;
  }

  #selectors(entity: EntitySnapshot): SourceSelector[] {
    // Canonical selectors parse without the entity's annotations.
    const stub: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: entity.kind,
      metadata: { name: entity.name, namespace: entity.namespace },
    };
    const result: SourceSelector[] = [];
    for (const { sourceId, selector } of entity.selectors) {
      const source = this.#registry.get(sourceId);
      if (!source) continue;
      try {
        result.push({
          sourceId,
          sourceType: source.type,
          selector: source.parseSelector(selector, stub),
        });
      } catch {
        // Reported as a problem by the catalog sync; nothing to count.
      }
    }
    return result;
  }
}
