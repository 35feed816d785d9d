import { type Sql, transaction } from '../../common/db/index.js';
import type { Draft, FileDelete, FileWrite } from '../contract/drafts.js';
import { appendAudit } from '../db/audit.js';
import type { Queryable } from '../db/queryable.js';
import { enqueueWorkflowCleanup } from '../db/cleanup-outbox.js';
import { FILE_OVERHEAD_BYTES } from '../../common/contracts/draft-size.js';
import {
  bumpDraftRevision,
  deleteDraftFile,
  draftSizeBytes,
  findDraft,
  listDraftFiles,
  lockDraft,
  resetDraftToVersion,
  upsertDraftFile,
} from '../db/drafts.js';
import { latestVersionNumber } from '../db/versions.js';
import { touchWorkflow } from '../db/workflows.js';
import { ApiError } from '../../common/http/errors.js';
import { draftTooLarge } from './draft-errors.js';
import { toFileTree, toLines, toSpecFile } from './file-tree.js';
import { requireWorkflow } from './workflows.js';

/** The draft's current revision and files, read consistently (one snapshot). */
async function readDraft(sql: Sql, workflowId: string): Promise<Draft> {
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const draft = await findDraft(tx, workflowId);
    const files = await listDraftFiles(tx, workflowId);
    return { revision: Number(draft?.revision ?? 0), files: toFileTree(files) };
  });
}

/** The draft of one of the user's workflows. */
export async function getDraft(sql: Sql, userId: string, rawId: string | undefined): Promise<Draft> {
  const workflow = await requireWorkflow(sql, userId, rawId);
  return readDraft(sql, workflow.id);
}

/**
 * The draft's size in bytes; 413 when it is over `maxBytes`. Call it with the draft locked,
 * inside the transaction that changed it, so a refused write leaves nothing behind.
 */
export async function requireDraftWithin(
  sql: Queryable,
  workflowId: string,
  maxBytes: number,
): Promise<number> {
  const size = await draftSizeBytes(sql, workflowId, FILE_OVERHEAD_BYTES);
  if (size > maxBytes) throw draftTooLarge(size, maxBytes);
  return size;
}

/** Creates or replaces one draft file and bumps the revision; 413 when the draft would exceed `maxDraftBytes`. */
export async function putDraftFile(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
  path: string,
  body: { readonly content: string | readonly string[] },
  maxDraftBytes: number,
): Promise<FileWrite> {
  const content = toLines(body.content);
  const workflow = await requireWorkflow(sql, userId, rawId);
  return transaction(sql, async (tx) => {
    await lockDraft(tx, workflow.id);
    const row = await upsertDraftFile(tx, workflow.id, path, content);
    await requireDraftWithin(tx, workflow.id, maxDraftBytes);
    const draft = await bumpDraftRevision(tx, workflow.id);
    await touchWorkflow(tx, workflow.id);
    await appendAudit(tx, {
      actorId: userId,
      action: 'draft.file_written',
      workflowId: workflow.id,
      detail: { path, revision: Number(draft.revision) },
    });
    return { path, revision: Number(draft.revision), file: toSpecFile(row) };
  });
}

/** Deletes one draft file (404 when absent) and bumps the revision. */
export async function removeDraftFile(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
  path: string,
): Promise<FileDelete> {
  const workflow = await requireWorkflow(sql, userId, rawId);
  return transaction(sql, async (tx) => {
    await lockDraft(tx, workflow.id);
    if (!(await deleteDraftFile(tx, workflow.id, path))) throw ApiError.notFound('file');
    const draft = await bumpDraftRevision(tx, workflow.id);
    await touchWorkflow(tx, workflow.id);
    await appendAudit(tx, {
      actorId: userId,
      action: 'draft.file_deleted',
      workflowId: workflow.id,
      detail: { path, revision: Number(draft.revision) },
    });
    return { path, revision: Number(draft.revision) };
  });
}

/**
 * Discards the draft's changes: its files become those of the latest published version
 * (none when nothing was published) and the revision is bumped.
 */
export async function discardDraft(sql: Sql, userId: string, rawId: string | undefined): Promise<Draft> {
  const workflow = await requireWorkflow(sql, userId, rawId);
  await transaction(sql, async (tx) => {
    await lockDraft(tx, workflow.id);
    const version = await latestVersionNumber(tx, workflow.id);
    await resetDraftToVersion(tx, workflow.id, version);
    const draft = await bumpDraftRevision(tx, workflow.id);
    await touchWorkflow(tx, workflow.id);
    await appendAudit(tx, {
      actorId: userId,
      action: 'draft.discarded',
      workflowId: workflow.id,
      detail: { revision: Number(draft.revision), reset_to_version: version },
    });
    // The engine threads of finished proposals are no longer needed (issue 6 cleanup outbox).
    await enqueueWorkflowCleanup(tx, workflow.id);
  });
  return readDraft(sql, workflow.id);
}
