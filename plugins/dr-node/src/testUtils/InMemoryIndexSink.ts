/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { IndexedBackup, IndexSink } from '../sources/types';

/**
 * An {@link IndexSink} holding backups in a map, for testing sources.
 * @public
 */
export class InMemoryIndexSink implements IndexSink {
  readonly backups = new Map<string, IndexedBackup>();
  /** Number of backups passed to upsert over the sink's life. */
  upserts = 0;

  async upsert(backups: IndexedBackup[]): Promise<void> {
    this.upserts += backups.length;
    for (const backup of backups) this.backups.set(backup.key, backup);
  }

  async remove(keys: string[]): Promise<void> {
    for (const key of keys) this.backups.delete(key);
  }

  async keys(prefix = ''): Promise<Set<string>> {
    return new Set(
      [...this.backups.keys()].filter(key => key.startsWith(prefix)),
    );
  }

  sortedKeys(): string[] {
    return [...this.backups.keys()].sort();
  }
}
