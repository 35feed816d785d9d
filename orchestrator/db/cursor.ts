import type { Queryable } from './queryable.js';

/** A keyset position: a row's `created_at` in microseconds since the epoch and its id. */
export interface PagePosition {
  readonly createdUs: string;
  readonly id: string;
}

/** The opaque cursor of a position (base64url JSON, so clients cannot build one by accident). */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.createdUs, position.id])).toString('base64url');
}

/** The position of a cursor, or undefined when it is not one this API wrote. */
export function decodeCursor(cursor: string): PagePosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdUs, id] = value as unknown[];
    if (typeof createdUs !== 'string' || !/^\d{1,20}$/.test(createdUs)) return undefined;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    return { createdUs, id };
  } catch {
    return undefined;
  }
}

/** `and (created_at, id) < position` for newest-first keyset paging (nothing without a position). */
export function keysetAfter(sql: Queryable, after: PagePosition | undefined) {
  return after
    ? sql`and (created_at, id) < ('epoch'::timestamptz + ${after.createdUs}::bigint * interval '1 microsecond', ${after.id}::uuid)`
    : sql``;
}

/** The `created_us` column a page's last row turns into the next cursor (exact microseconds). */
export function keysetColumn(sql: Queryable) {
  return sql`((extract(epoch from created_at) * 1000000)::bigint)::text as created_us`;
}
