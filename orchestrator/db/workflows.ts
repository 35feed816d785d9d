import { keysetAfter, keysetColumn, type PagePosition } from './cursor.js';
import type { Queryable } from './queryable.js';

/** A workflow row. */
export interface WorkflowRow {
  readonly id: string;
  readonly owner_id: string;
  readonly name: string;
  readonly description: string;
  readonly created_at: Date;
  readonly updated_at: Date;
  /** Set by `DELETE /api/workflows/{id}`; the row is purged once its engine threads are cleaned up. */
  readonly deleted_at: Date | null;
}

/**
 * `w.owner_id = ownerId and w.deleted_at is null`: the condition every read of a user's
 * workflows (aliased `w`) and of their proposals goes through, so a deleted one answers 404.
 */
export function liveOfOwner(sql: Queryable, ownerId: string) {
  return sql`w.owner_id = ${ownerId} and w.deleted_at is null`;
}

/** Inserts a workflow and its empty draft (revision 0). */
export async function insertWorkflow(
  sql: Queryable,
  ownerId: string,
  name: string,
  description: string,
): Promise<WorkflowRow> {
  const [row] = await sql<WorkflowRow[]>`
    insert into workflows (owner_id, name, description) values (${ownerId}, ${name}, ${description})
    returning *`;
  await sql`insert into drafts (workflow_id) values (${row!.id})`;
  return row!;
}

/** A workflow row with its keyset position (`created_at` in exact microseconds). */
type PagedWorkflowRow = WorkflowRow & { readonly created_us: string };

/**
 * One page of the user's workflows, newest first, after `after` (exclusive). Keyset paging on
 * `(created_at, id)`: rows created meanwhile sort before the cursor, so no row shows twice.
 */
export function listWorkflowsOfOwner(
  sql: Queryable,
  ownerId: string,
  limit: number,
  after?: PagePosition,
): Promise<PagedWorkflowRow[]> {
  return sql<PagedWorkflowRow[]>`
    select *, ${keysetColumn(sql)}
    from workflows w where ${liveOfOwner(sql, ownerId)} ${keysetAfter(sql, after)}
    order by created_at desc, id desc limit ${limit}`;
}

/** Renames or re-describes a workflow; undefined fields keep their value. */
export async function updateWorkflow(
  sql: Queryable,
  id: string,
  fields: { readonly name?: string | undefined; readonly description?: string | undefined },
): Promise<WorkflowRow> {
  const [row] = await sql<WorkflowRow[]>`
    update workflows
    set name = coalesce(${fields.name ?? null}, name),
        description = coalesce(${fields.description ?? null}, description),
        updated_at = now()
    where id = ${id} returning *`;
  return row!;
}

/** The workflow when it exists and belongs to `ownerId`. */
export async function findWorkflowOfOwner(
  sql: Queryable,
  id: string,
  ownerId: string,
): Promise<WorkflowRow | undefined> {
  const [row] = await sql<WorkflowRow[]>`
    select * from workflows w where id = ${id} and ${liveOfOwner(sql, ownerId)}`;
  return row;
}

/** Marks the owner's workflow deleted; undefined when it is missing, foreign or already deleted. */
export async function markWorkflowDeleted(
  sql: Queryable,
  id: string,
  ownerId: string,
): Promise<WorkflowRow | undefined> {
  const [row] = await sql<WorkflowRow[]>`
    update workflows w set deleted_at = now(), updated_at = now()
    where id = ${id} and ${liveOfOwner(sql, ownerId)}
    returning *`;
  return row;
}

/**
 * Locks up to `limit` deleted workflows none of whose proposals awaits its engine thread's
 * cleanup (oldest deletion first; rows other replicas hold are skipped). While the lock is
 * held no proposal can be added to them (the insert's foreign key check waits for it).
 */
export async function lockPurgeableWorkflows(sql: Queryable, limit: number): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select w.id from workflows w
    where w.deleted_at is not null
      and not exists (select 1 from proposals p where p.workflow_id = w.id and p.cleanup_state = 'pending')
    order by w.deleted_at
    limit ${limit}
    for update of w skip locked`;
  return rows.map((row) => row.id);
}

/**
 * Deletes those of `ids` (deleted workflows) whose proposals are all resolved with no cleanup
 * pending; drafts, versions and proposals go with them (foreign keys cascade).
 */
export async function deletePurgeableWorkflows(sql: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await sql<{ id: string }[]>`
    delete from workflows w
    where w.id in ${sql(ids as string[])} and w.deleted_at is not null
      and not exists (
        select 1 from proposals p
        where p.workflow_id = w.id and (p.cleanup_state = 'pending' or p.status <> 'resolved'))
    returning w.id`;
  return rows.map((row) => row.id);
}

/** Marks the workflow as changed now. */
export async function touchWorkflow(sql: Queryable, id: string): Promise<void> {
  await sql`update workflows set updated_at = now() where id = ${id}`;
}
