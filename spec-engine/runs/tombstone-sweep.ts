import type { Sql } from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';

/** Tombstones this recent are swept; older ones were swept many times over. */
const SWEEP_WINDOW_HOURS = 24;

/**
 * Deletes checkpoints of deleted (tombstoned) threads. A worker can write one after the delete:
 * its write was in flight when the run was aborted, or it was paused past the delete and died
 * before its own clean-up. Nothing else would ever remove it. Returns the rows deleted.
 */
export async function sweepDeletedThreads(sql: Sql): Promise<number> {
  const recent = sql`select thread_id from spec_deleted_threads
    where deleted_at > now() - make_interval(hours => ${SWEEP_WINDOW_HOURS})`;
  let deleted = 0;
  for (const table of ['checkpoint_writes', 'checkpoint_blobs', 'checkpoints']) {
    const result = await sql`delete from ${sql(table)} where thread_id in (${recent})`;
    deleted += result.count;
  }
  return deleted;
}

/** Sweeps every `intervalMs` (each replica; the deletes are idempotent). Returns a stop function. */
export function startTombstoneSweep(sql: Sql, logger: Logger, intervalMs = 30_000): () => void {
  let isSweeping = false;
  const timer = setInterval(() => {
    // A slow sweep (a database under load) is not overlapped by the next one.
    if (isSweeping) return;
    isSweeping = true;
    sweepDeletedThreads(sql)
      .then((rows) => {
        if (rows > 0) logger.info({ rows }, 'removed checkpoints left behind by deleted threads');
      })
      .catch((error: unknown) =>
        logger.warn({ code: (error as { code?: string }).code }, 'sweeping deleted threads failed; retrying'),
      )
      .finally(() => {
        isSweeping = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
