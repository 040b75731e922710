/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import { InputError } from '@backstage/errors';
import type { Knex } from 'knex';

/**
 * The opaque cursor of a newest-first list ordered by a time column and then
 * the id: the position of the last item returned.
 * @internal
 */
export function encodeKeysetCursor(time: Date, id: string): string {
  return Buffer.from(JSON.stringify({ t: time.getTime(), i: id })).toString(
    'base64url',
  );
}

/** Years 1 to 9999: every database stores them, and no item of ours is outside. */
const MIN_CURSOR_TIME = Date.parse('0001-01-01T00:00:00Z');
const MAX_CURSOR_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Whether a decoded cursor is a position this API could have handed out. A
 * time outside what databases store, or an id with NUL, would otherwise be
 * a 500 on PostgreSQL.
 */
function isPosition(value: unknown): value is { t: number; i: string } {
  const { t, i } = (value ?? {}) as { t?: unknown; i?: unknown };
  return (
    typeof t === 'number' &&
    Number.isInteger(t) &&
    t >= MIN_CURSOR_TIME &&
    t <= MAX_CURSOR_TIME &&
    typeof i === 'string' &&
    i.length > 0 &&
    i.length <= 255 &&
    !i.includes('\u0000')
  );
}

/**
 * Restricts a newest-first query to the items after the cursor's position.
 * @throws InputError for a cursor this API did not hand out.
 * @internal
 */
export function afterKeysetCursor(
  query: Knex.QueryBuilder,
  cursor: string,
  columns: { time: string; id: string },
): void {
  let position: { t: number; i: string } | undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isPosition(value)) position = value;
  } catch {
    // reported below
  }
  if (!position)
    throw new InputError('The cursor is not one this API returned');
  const time = new Date(position.t);
  const id = position.i;
  query.where(q =>
    q
      .where(columns.time, '<', time)
      .orWhere(same =>
        same.where(columns.time, '=', time).where(columns.id, '<', id),
      ),
  );
}
