import type { Queryable } from './queryable.js';

/** A proposal whose engine thread is due for deletion, as the cleanup worker claims it. */
export interface CleanupJob {
  readonly id: string;
  readonly thread_id: string;
  readonly workflow_id: string;
  readonly cleanup_attempts: number;
}

/**
 * Enqueues cleanup of the engine threads of a workflow's finished proposals (draft
 * discarded or published): their files live in the proposals, the checkpoints are no
 * longer needed. Proposals still processing are left to their finalizer.
 */
export async function enqueueWorkflowCleanup(sql: Queryable, workflowId: string): Promise<number> {
  const rows = await sql`
    update proposals set cleanup_state = 'pending', cleanup_next_at = now(), cleanup_requested_at = now()
    where workflow_id = ${workflowId} and status <> 'processing' and cleanup_state = 'none'
    returning id`;
  return rows.length;
}

/**
 * Claims up to `limit` due cleanups, hiding each from other replicas for `claimMs` while its
 * DELETE runs (concurrent replicas skip each other's rows) and counting the attempt.
 */
export async function claimCleanups(sql: Queryable, limit: number, claimMs: number): Promise<CleanupJob[]> {
  return sql<CleanupJob[]>`
    update proposals p
    set cleanup_next_at = now() + make_interval(secs => ${claimMs / 1000}),
        cleanup_attempts = p.cleanup_attempts + 1
    from (
      select id from proposals
      where cleanup_state = 'pending' and cleanup_next_at <= now()
      order by cleanup_next_at
      limit ${limit}
      for update skip locked
    ) due
    where p.id = due.id
    returning p.id, p.thread_id, p.workflow_id, p.cleanup_attempts`;
}

/** Marks a cleanup done; `note` says why when the thread was already gone. */
export async function markCleanupDone(sql: Queryable, id: string, note: string | null): Promise<void> {
  await sql`
    update proposals set cleanup_state = 'done', cleanup_next_at = null, cleanup_error = ${note}
    where id = ${id} and cleanup_state = 'pending'`;
}

/** Puts a failed cleanup back for another attempt in `delayMs`, keeping the error. */
export async function scheduleCleanupRetry(
  sql: Queryable,
  id: string,
  delayMs: number,
  error: string,
): Promise<void> {
  await sql`
    update proposals
    set cleanup_next_at = now() + make_interval(secs => ${delayMs / 1000}), cleanup_error = ${error}
    where id = ${id} and cleanup_state = 'pending'`;
}
