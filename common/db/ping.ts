import type { Queryable } from './queryable.js';

/** Resolves once the database answers a trivial query (the readiness probe). */
export async function pingDatabase(sql: Queryable): Promise<void> {
  await sql`select 1`;
}
