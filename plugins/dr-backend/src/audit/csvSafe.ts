/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Neutralises cells a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, carriage return first), by prefixing a quote, as OWASP advises
 * for CSV exports.
 * @internal
 */
export function csvSafe(value: unknown): unknown {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value)
    ? `'${value}`
    : value;
}
