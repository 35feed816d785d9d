import { decodeCursor, encodeCursor, type PagePosition } from '../db/cursor.js';
import { ApiError } from '../../common/http/errors.js';

/** The position a `cursor` query parameter names; 400 when it is not one the API wrote. */
export function requireCursor(cursor: string | undefined): PagePosition | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor);
  if (!position) throw ApiError.invalid("'cursor' is not a cursor this API returned");
  return position;
}

/**
 * A page from rows fetched with `limit + 1`: the first `limit` rows and, when there was one
 * more, the cursor after the last shown (null on the last page).
 */
export function toPage<R extends { readonly id: string; readonly created_us: string }>(
  rows: readonly R[],
  limit: number,
): { readonly rows: readonly R[]; readonly nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    rows: shown,
    nextCursor:
      rows.length > limit && last ? encodeCursor({ createdUs: last.created_us, id: last.id }) : null,
  };
}
