import type { Sql } from '../../common/db/index.js';
import type { Workflow } from '../contract/workflows.js';
import { appendAudit } from '../db/audit.js';
import {
  findWorkflowOfOwner,
  insertWorkflow,
  listWorkflowsOfOwner,
  updateWorkflow as updateWorkflowRow,
  type WorkflowRow,
} from '../db/workflows.js';
import { ApiError } from '../errors.js';
import { parseUuid } from './ids.js';
import { requireCursor, toPage } from './pages.js';

/** The API view of a workflow row. */
export function toWorkflowView(row: WorkflowRow): Workflow {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Creates a workflow (with an empty draft) for `userId`; the body is already validated. */
export async function createWorkflow(
  sql: Sql,
  userId: string,
  body: { readonly name: string; readonly description?: string | null | undefined },
): Promise<Workflow> {
  const { name } = body;
  const row = await sql.begin(async (tx) => {
    const created = await insertWorkflow(tx, userId, name, body.description ?? '');
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

/** One page of the user's workflows, newest first, and the cursor of the next (null on the last). */
export async function listWorkflows(
  sql: Sql,
  userId: string,
  page: { readonly limit: number; readonly cursor?: string | undefined },
): Promise<{ workflows: Workflow[]; next_cursor: string | null }> {
  const rows = await listWorkflowsOfOwner(sql, userId, page.limit + 1, requireCursor(page.cursor));
  const { rows: shown, nextCursor } = toPage(rows, page.limit);
  return { workflows: shown.map(toWorkflowView), next_cursor: nextCursor };
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
export async function getWorkflow(sql: Sql, userId: string, rawId: string | undefined): Promise<Workflow> {
  return toWorkflowView(await requireWorkflow(sql, userId, rawId));
}

/** Renames and/or re-describes one of the user's workflows. */
export async function updateWorkflow(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
  body: { readonly name?: string | undefined; readonly description?: string | null | undefined },
): Promise<Workflow> {
  const workflow = await requireWorkflow(sql, userId, rawId);
  const fields = {
    name: body.name,
    description: body.description === null ? '' : body.description,
  };
  const row = await sql.begin(async (tx) => {
    const updated = await updateWorkflowRow(tx, workflow.id, fields);
    await appendAudit(tx, {
      actorId: userId,
      action: 'workflow.updated',
      workflowId: workflow.id,
      detail: { fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined) },
    });
    return updated;
  });
  return toWorkflowView(row);
}
