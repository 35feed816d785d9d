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
export type PagedWorkflowRow = WorkflowRow & { readonly created_us: string };

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
    from workflows where owner_id = ${ownerId} ${keysetAfter(sql, after)}
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
  const [row] = await sql<WorkflowRow[]>`select * from workflows where id = ${id} and owner_id = ${ownerId}`;
  return row;
}

/** Marks the workflow as changed now. */
export async function touchWorkflow(sql: Queryable, id: string): Promise<void> {
  await sql`update workflows set updated_at = now() where id = ${id}`;
}
