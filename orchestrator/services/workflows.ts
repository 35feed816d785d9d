import { type Sql, transaction } from '../../common/db/index.js';
import type { Workflow } from '../contract/workflows.js';
import { appendAudit } from '../db/audit.js';
import { markOpenProposalsRejected } from '../db/proposals.js';
import type { Queryable } from '../db/queryable.js';
import {
  deletePurgeableWorkflows,
  findWorkflowOfOwner,
  insertWorkflow,
  listWorkflowsOfOwner,
  lockPurgeableWorkflows,
  markWorkflowDeleted,
  updateWorkflow as updateWorkflowRow,
  type WorkflowRow,
} from '../db/workflows.js';
import { ApiError } from '../../common/http/errors.js';
import { parseUuid } from './ids.js';
import { requireCursor, toPage } from './pages.js';

/** The API view of a workflow row. */
function toWorkflowView(row: WorkflowRow): Workflow {
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
  const row = await transaction(sql, async (tx) => {
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
  const row = await transaction(sql, async (tx) => {
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

/**
 * Rejects the unresolved proposals of deleted workflows, each with its audit entry, so their
 * engine threads are cleaned up (a running one is stopped) before the rows are purged.
 */
async function rejectOpenProposals(
  tx: Queryable,
  workflowIds: readonly string[],
  actorId: string | null,
): Promise<string[]> {
  const rejected = await markOpenProposalsRejected(tx, workflowIds);
  for (const proposal of rejected) {
    await appendAudit(tx, {
      actorId,
      action: 'proposal.rejected',
      workflowId: proposal.workflow_id,
      proposalId: proposal.id,
      detail: { from_status: proposal.from_status, reason: 'workflow_deleted' },
    });
  }
  return rejected.map((proposal) => proposal.id);
}

/**
 * Deletes one of the user's workflows: in one transaction it is marked deleted (from then on
 * it and its proposals answer 404) and its unresolved proposals are rejected, which queues
 * their engine threads for cleanup. {@link purgeDeletedWorkflows} removes the rows later.
 */
export async function deleteWorkflow(sql: Sql, userId: string, rawId: string | undefined): Promise<void> {
  const id = parseUuid(rawId, 'workflow');
  await transaction(sql, async (tx) => {
    // The workflow row before its proposals, the order discard and publish lock them in;
    // a second delete waits here, then finds no live workflow (404).
    const deleted = await markWorkflowDeleted(tx, id, userId);
    if (!deleted) throw ApiError.notFound('workflow');
    const rejected = await rejectOpenProposals(tx, [id], userId);
    await appendAudit(tx, {
      actorId: userId,
      action: 'workflow.deleted',
      workflowId: id,
      detail: { name: deleted.name, rejected_proposals: rejected },
    });
  });
}

/** Deleted workflows looked at per purge. */
const PURGE_BATCH = 100;

/**
 * Removes deleted workflows (drafts, versions and proposals cascade) once none of their
 * proposals waits for its engine thread's cleanup; returns their ids. A proposal that was
 * still being added when its workflow was deleted is rejected here first, so its thread is
 * cleaned up too and the workflow is purged on a later pass.
 */
export async function purgeDeletedWorkflows(sql: Sql): Promise<string[]> {
  return transaction(sql, async (tx) => {
    const ids = await lockPurgeableWorkflows(tx, PURGE_BATCH);
    if (ids.length === 0) return [];
    await rejectOpenProposals(tx, ids, null);
    return deletePurgeableWorkflows(tx, ids);
  });
}
