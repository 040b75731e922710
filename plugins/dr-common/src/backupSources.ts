/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Longest `dr.backstage.io/backup-sources` value that is read.
 * @public
 */
export const DR_BACKUP_SOURCES_MAX_LENGTH = 4096;

/**
 * One `<sourceId>:<selector>` entry of `dr.backstage.io/backup-sources`.
 * @public
 */
export interface BackupSourceEntry {
  sourceId: string;
  /** The text after the first colon, trimmed; empty without a colon. */
  selector: string;
}

/**
 * Splits a `dr.backstage.io/backup-sources` value into its entries, trimmed
 * and without duplicates. Whether a source exists and accepts its selector
 * depends on the sources the DR backend has, so that is not checked here.
 * @public
 */
export function parseBackupSourcesAnnotation(
  value: string,
): BackupSourceEntry[] {
  const entries: BackupSourceEntry[] = [];
  const seen = new Set<string>();
  for (const part of value
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)) {
    const colon = part.indexOf(':');
    const sourceId = (colon === -1 ? part : part.slice(0, colon)).trim();
    const selector = colon === -1 ? '' : part.slice(colon + 1).trim();
    const key = `${sourceId}:${selector}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ sourceId, selector });
  }
  return entries;
}
