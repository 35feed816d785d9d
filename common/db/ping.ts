import type { Sql } from './client.js';

/** Resolves once the database answers a trivial query (both services' readiness probe). */
export async function pingDatabase(sql: Sql): Promise<void> {
  await sql`select 1`;
}
