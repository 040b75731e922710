/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import type { BackupSelector } from './types';

/**
 * Validates a key-prefix selector (s3, filesystem) and anchors it under the
 * source's root prefix.
 */
export function parsePrefixSelector(
  sourceId: string,
  selector: string,
  rootPrefix: string,
): BackupSelector {
  const trimmed = selector.trim();
  if (!trimmed) {
    throw new InputError(
      `Source "${sourceId}" needs a key prefix after the colon, e.g. "${sourceId}:orders-db/"`,
    );
  }
  if (
    trimmed.startsWith('/') ||
    trimmed.split('/').some(part => part === '..')
  ) {
    throw new InputError(
      `Prefix "${trimmed}" for source "${sourceId}" must be relative and must not contain ".."`,
    );
  }
  // Control characters would never match a real key and break CSV exports.
  if ([...trimmed].some(char => char.charCodeAt(0) < 0x20)) {
    throw new InputError(
      `Prefix for source "${sourceId}" contains control characters`,
    );
  }
  return { kind: 'prefix', prefix: rootPrefix + trimmed, canonical: trimmed };
}

/** Normalises a configured root prefix to '' or 'a/b/'. */
export function normaliseRootPrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '');
  if (!trimmed) return '';
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
