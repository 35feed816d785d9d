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

/** What {@link changeDraft} records: who changed which workflow's draft, how, and the audit detail. */
interface DraftChange<T> {
  readonly userId: string;
  readonly workflowId: string;
  readonly action: string;
  /** Audit detail besides the new revision (a function of the change's result when it depends on it). */
  readonly detail: Record<string, unknown> | ((result: T) => Record<string, unknown>);
}

/**
 * Runs `change` in one transaction with the draft locked, then bumps the revision, touches the
 * workflow and audits the change with the new revision.
 */
async function changeDraft<T>(
  sql: Sql,
  what: DraftChange<T>,
  change: (tx: Queryable) => Promise<T>,
): Promise<{ result: T; revision: number }> {
  return transaction(sql, async (tx) => {
    await lockDraft(tx, what.workflowId);
    const result = await change(tx);
    const revision = Number((await bumpDraftRevision(tx, what.workflowId)).revision);
    await touchWorkflow(tx, what.workflowId);
    const detail = typeof what.detail === 'function' ? what.detail(result) : what.detail;
    await appendAudit(tx, {
      actorId: what.userId,
      action: what.action,
      workflowId: what.workflowId,
      detail: { ...detail, revision },
    });
    return { result, revision };
  });
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
  const { result: row, revision } = await changeDraft(
    sql,
    { userId, workflowId: workflow.id, action: 'draft.file_written', detail: { path } },
    async (tx) => {
      const written = await upsertDraftFile(tx, workflow.id, path, content);
      await requireDraftWithin(tx, workflow.id, maxDraftBytes);
      return written;
    },
  );
  return { path, revision, file: toSpecFile(row) };
}

/** Deletes one draft file (404 when absent) and bumps the revision. */
export async function removeDraftFile(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
  path: string,
): Promise<FileDelete> {
  const workflow = await requireWorkflow(sql, userId, rawId);
  const { revision } = await changeDraft(
    sql,
    { userId, workflowId: workflow.id, action: 'draft.file_deleted', detail: { path } },
    async (tx) => {
      if (!(await deleteDraftFile(tx, workflow.id, path))) throw ApiError.notFound('file');
    },
  );
  return { path, revision };
}

/**
 * Discards the draft's changes: its files become those of the latest published version
 * (none when nothing was published) and the revision is bumped.
 */
export async function discardDraft(sql: Sql, userId: string, rawId: string | undefined): Promise<Draft> {
  const workflow = await requireWorkflow(sql, userId, rawId);
  await changeDraft(
    sql,
    {
      userId,
      workflowId: workflow.id,
      action: 'draft.discarded',
      detail: (version) => ({ reset_to_version: version }),
    },
    async (tx) => {
      const version = await latestVersionNumber(tx, workflow.id);
      await resetDraftToVersion(tx, workflow.id, version);
      // The engine threads of finished proposals are no longer needed.
      await enqueueWorkflowCleanup(tx, workflow.id);
      return version;
    },
  );
  return readDraft(sql, workflow.id);
}
