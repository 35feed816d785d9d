import type postgres from 'postgres';
import type { Sql } from './client.js';

/** deadlock_detected and serialization_failure: PostgreSQL rolled the whole transaction back. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/**
 * `sql.begin` that runs the transaction again (at most 3 times in all) when PostgreSQL aborts it
 * as a deadlock victim or for a serialization failure: nothing of it was written, and the
 * other transaction has gone ahead, so a second try is what the caller would do. Any other
 * error, an ApiError thrown by `fn` included, is thrown at once. `fn` must only touch the
 * database (a retry runs it again).
 */
export async function transaction<T>(
  sql: Sql,
  fn: (tx: postgres.TransactionSql) => Promise<T>,
  options = '',
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await sql.begin(options, fn as never)) as T;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    }
  }
}
