/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Checksum files backup scripts write beside a backup (`sha256sum dump >
 * dump.sha256`), strongest first. They are not backups themselves: sources
 * record them as the backup's checksum, and restores verify against them.
 * @internal
 */
export const CHECKSUM_SIDECARS: ReadonlyArray<{
  extension: string;
  algorithm: 'sha256' | 'md5';
}> = [
  { extension: '.sha256', algorithm: 'sha256' },
  { extension: '.sha256sum', algorithm: 'sha256' },
  { extension: '.md5', algorithm: 'md5' },
];

/** Whether a key is a checksum sidecar rather than a backup. @internal */
export function isChecksumSidecar(key: string): boolean {
  return CHECKSUM_SIDECARS.some(s => key.endsWith(s.extension));
}

/**
 * The digest a sidecar states (its first word, as `sha256sum`/`md5sum`
 * write it), lower-case; undefined when it holds none of that algorithm.
 * @internal
 */
export function parseChecksumSidecar(
  algorithm: 'sha256' | 'md5',
  text: string,
): string | undefined {
  const length = algorithm === 'sha256' ? 64 : 32;
  return new RegExp(`^[0-9a-f]{${length}}(?![0-9a-f])`, 'i')
    .exec(text.trim())?.[0]
    ?.toLowerCase();
}
