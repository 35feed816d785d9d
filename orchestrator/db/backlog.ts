import type { Queryable } from './queryable.js';

/** Work waiting across all replicas, read from the proposals table. Ages are seconds, 0 when nothing waits. */
export interface Backlog {
  /** Proposals in status `processing`. */
  readonly processing: number;
  /** Age of the oldest `processing` proposal. */
  readonly processingOldestSeconds: number;
  /** How long the longest-unfollowed `processing` proposal has had no live finalizer lease. */
  readonly unclaimedOldestSeconds: number;
  /** Pending engine thread cleanups. */
  readonly cleanupPending: number;
  /** Age of the oldest pending cleanup since it was requested. */
  readonly cleanupOldestSeconds: number;
}

/** Reads the {@link Backlog} in one statement (both halves use the partial indexes on status and cleanup_state). */
export async function readBacklog(sql: Queryable): Promise<Backlog> {
  const [row] = await sql<{ [K in keyof Backlog]: string | number | null }[]>`
    select
      count(*) filter (where status = 'processing') as "processing",
      extract(epoch from now() - min(created_at) filter (where status = 'processing'))
        as "processingOldestSeconds",
      extract(epoch from now() - min(coalesce(lease_expires_at, created_at)) filter (
        where status = 'processing' and (lease_owner is null or lease_expires_at < now())))
        as "unclaimedOldestSeconds",
      count(*) filter (where cleanup_state = 'pending') as "cleanupPending",
      extract(epoch from now() - min(coalesce(cleanup_requested_at, updated_at)) filter (
        where cleanup_state = 'pending')) as "cleanupOldestSeconds"
    from proposals
    where status = 'processing' or cleanup_state = 'pending'`;
  const value = (v: string | number | null | undefined) => Math.max(0, Number(v ?? 0));
  return {
    processing: value(row?.processing),
    processingOldestSeconds: value(row?.processingOldestSeconds),
    unclaimedOldestSeconds: value(row?.unclaimedOldestSeconds),
    cleanupPending: value(row?.cleanupPending),
    cleanupOldestSeconds: value(row?.cleanupOldestSeconds),
  };
}
