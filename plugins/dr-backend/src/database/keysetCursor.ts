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
    if (typeof value?.t === 'number' && typeof value?.i === 'string')
      position = value;
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
