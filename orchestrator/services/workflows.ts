import type { Sql } from '../../common/db/index.js';
import { appendAudit } from '../db/audit.js';
import {
  findWorkflowOfOwner,
  insertWorkflow,
  listWorkflowsOfOwner,
  type WorkflowRow,
} from '../db/workflows.js';
import { ApiError } from '../errors.js';
import { parseUuid } from './ids.js';

/** A workflow as the API shows it. */
export interface WorkflowView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** The API view of a workflow row. */
export function toWorkflowView(row: WorkflowRow): WorkflowView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function requireString(body: Record<string, unknown>, field: string, max: number, required: boolean): string {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw ApiError.invalid(`'${field}' is required`);
    return '';
  }
  if (typeof value !== 'string') throw ApiError.invalid(`'${field}' must be a string`);
  const trimmed = value.trim();
  if (required && trimmed === '') throw ApiError.invalid(`'${field}' must not be empty`);
  if (trimmed.length > max) throw ApiError.invalid(`'${field}' must be at most ${max} characters`);
  return trimmed;
}

/** Creates a workflow (with an empty draft) for `userId` from a request body. */
export async function createWorkflow(
  sql: Sql,
  userId: string,
  body: Record<string, unknown>,
): Promise<WorkflowView> {
  const name = requireString(body, 'name', 200, true);
  const description = requireString(body, 'description', 10_000, false);
  const row = await sql.begin(async (tx) => {
    const created = await insertWorkflow(tx, userId, name, description);
    await appendAudit(tx, {
      actorId: userId,
      action: 'workflow.created',
      workflowId: created.id,
      detail: { name },
    });
    return created;
  });
  return toWorkflowView(row);
}

/** The user's workflows. */
export async function listWorkflows(sql: Sql, userId: string): Promise<WorkflowView[]> {
  return (await listWorkflowsOfOwner(sql, userId)).map(toWorkflowView);
}

/**
 * The workflow `rawId` when it belongs to `userId`: 400 for a malformed id, 404 for a
 * missing or foreign one.
 */
export async function requireWorkflow(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
): Promise<WorkflowRow> {
  const id = parseUuid(rawId, 'workflow');
  const row = await findWorkflowOfOwner(sql, id, userId);
  if (!row) throw ApiError.notFound('workflow');
  return row;
}

/** One of the user's workflows. */
export async function getWorkflow(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
): Promise<WorkflowView> {
  return toWorkflowView(await requireWorkflow(sql, userId, rawId));
}
