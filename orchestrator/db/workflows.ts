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

/** The user's workflows, newest first. */
export function listWorkflowsOfOwner(sql: Queryable, ownerId: string): Promise<WorkflowRow[]> {
  return sql<WorkflowRow[]>`
    select * from workflows where owner_id = ${ownerId} order by created_at desc, id`;
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
