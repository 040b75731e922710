/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { IndexRunResult, IndexSink, IndexedBackup } from './types';

/**
 * Makes the index hold exactly these backups: the whole listing of a source
 * that lists everything every run (a Kubernetes API list is cheap and exact),
 * with the keys that disappeared removed.
 * @public
 */
export async function replaceIndex(
  sink: IndexSink,
  backups: IndexedBackup[],
): Promise<IndexRunResult> {
  await sink.upsert(backups);
  const listed = new Set(backups.map(backup => backup.key));
  const gone = [...(await sink.keys())].filter(key => !listed.has(key));
  await sink.remove(gone);
  return {
    mode: 'full',
    state: { listedAt: new Date().toISOString() },
    listed: backups.length,
    upserted: backups.length,
    removed: gone.length,
  };
}
