import type { Queryable } from './queryable.js';
import type { ProposalRow } from './proposals.js';

/**
 * Takes the finalizer lease of one `processing` proposal for `owner` when it is free,
 * expired or already ours; undefined when another live replica holds it or the proposal
 * is no longer processing.
 */
export async function claimFinalizerLease(
  sql: Queryable,
  proposalId: string,
  owner: string,
  leaseMs: number,
): Promise<ProposalRow | undefined> {
  const [row] = await sql<ProposalRow[]>`
    update proposals
    set lease_owner = ${owner}, lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000})
    where id = ${proposalId} and status = 'processing'
      and (lease_owner is null or lease_owner = ${owner} or lease_expires_at < now())
    returning *`;
  return row;
}

/**
 * Claims up to `limit` `processing` proposals whose lease is free or expired (oldest
 * first); concurrent replicas skip each other's rows, so each proposal goes to one. A
 * proposal never leased is only taken once it is `graceMs` old: until then the replica
 * that created it may still be waiting for the engine to accept the run (the thread does
 * not exist there yet), and it takes the lease itself when the engine answers.
 */
export async function claimFreeProposals(
  sql: Queryable,
  owner: string,
  leaseMs: number,
  limit: number,
  graceMs: number,
): Promise<ProposalRow[]> {
  if (limit <= 0) return [];
  return sql<ProposalRow[]>`
    update proposals p
    set lease_owner = ${owner}, lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000})
    from (
      select id from proposals
      where status = 'processing'
        and ((lease_owner is null and created_at < now() - make_interval(secs => ${graceMs / 1000}))
             or lease_expires_at < now())
      order by created_at
      limit ${limit}
      for update skip locked
    ) free
    where p.id = free.id
    returning p.*`;
}

/** Extends `owner`'s leases on `ids`; returns the ids still held (the others were lost). */
export async function renewFinalizerLeases(
  sql: Queryable,
  owner: string,
  ids: readonly string[],
  leaseMs: number,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await sql<{ id: string }[]>`
    update proposals
    set lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000})
    where id in ${sql(ids as string[])} and lease_owner = ${owner} and status = 'processing'
    returning id`;
  return new Set(rows.map((r) => r.id));
}

/** Gives a lease back so another replica (or our next sweep) can take it at once. */
export async function releaseFinalizerLease(
  sql: Queryable,
  proposalId: string,
  owner: string,
): Promise<void> {
  // Expired rather than cleared, so the sweep's grace for never-leased proposals does not apply.
  await sql`
    update proposals set lease_expires_at = now() - interval '1 millisecond'
    where id = ${proposalId} and lease_owner = ${owner}`;
}
