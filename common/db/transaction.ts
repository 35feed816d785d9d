import { handleWhen, retry } from 'cockatiel';
import type postgres from 'postgres';
import type { Sql } from './client.js';

/** deadlock_detected and serialization_failure: PostgreSQL rolled the whole transaction back. */
const RETRYABLE = new Set(['40P01', '40001']);

/** At most 3 runs in all, one right after the other (the other transaction has gone ahead). */
const rerunAborted = retry(
  handleWhen((error) => RETRYABLE.has(String((error as { code?: unknown }).code))),
  { maxAttempts: 2 },
);

/**
 * `sql.begin` that runs the transaction again (at most 3 times in all) when PostgreSQL aborts it
 * as a deadlock victim or for a serialization failure: nothing of it was written, and the
 * other transaction has gone ahead, so a second try is what the caller would do. Any other
 * error, an ApiError thrown by `fn` included, is thrown at once. `fn` must only touch the
 * database (a retry runs it again).
 */
export function transaction<T>(
  sql: Sql,
  fn: (tx: postgres.TransactionSql) => Promise<T>,
  options = '',
): Promise<T> {
  return rerunAborted.execute(() => sql.begin(options, fn as never) as Promise<T>);
}
