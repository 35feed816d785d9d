import { type Sql, transaction } from '../../common/db/index.js';
import type { Version, VersionSummary } from '../contract/versions.js';
import { appendAudit } from '../db/audit.js';
import { enqueueWorkflowCleanup } from '../db/cleanup-outbox.js';
import { listDraftFiles, lockDraft } from '../db/drafts.js';
import {
  findVersion,
  insertVersionFromDraft,
  latestVersionNumber,
  listVersionFiles,
  listVersions as listVersionRows,
  type VersionRow,
} from '../db/versions.js';
import { touchWorkflow } from '../db/workflows.js';
import { ApiError } from '../../common/http/errors.js';
import { toFileTree } from './file-tree.js';
import { requireWorkflow } from './workflows.js';

function toSummary(row: VersionRow, fileCount: number): VersionSummary {
  return {
    workflow_id: row.workflow_id,
    version: row.version,
    draft_revision: Number(row.draft_revision),
    created_at: row.created_at.toISOString(),
    file_count: fileCount,
  };
}

/** Publishes the draft as the next version (409 when the draft has no files). */
export async function publishVersion(sql: Sql, userId: string, rawId: string | undefined): Promise<Version> {
  const workflow = await requireWorkflow(sql, userId, rawId);
  return transaction(sql, async (tx) => {
    // The draft lock also serialises concurrent publishes of one workflow.
    const draft = await lockDraft(tx, workflow.id);
    const files = await listDraftFiles(tx, workflow.id);
    if (!draft || files.length === 0)
      throw ApiError.conflict('draft_empty', 'the draft has no files to publish');
    const next = ((await latestVersionNumber(tx, workflow.id)) ?? 0) + 1;
    const row = await insertVersionFromDraft(tx, workflow.id, next, draft.revision, userId);
    await touchWorkflow(tx, workflow.id);
    await appendAudit(tx, {
      actorId: userId,
      action: 'version.published',
      workflowId: workflow.id,
      detail: { version: next, draft_revision: Number(draft.revision) },
    });
    // The engine threads of finished proposals are no longer needed (issue 6 cleanup outbox).
    await enqueueWorkflowCleanup(tx, workflow.id);
    return { ...toSummary(row, files.length), files: toFileTree(files) };
  });
}

/** The workflow's versions, oldest first. */
export async function listVersions(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
): Promise<VersionSummary[]> {
  const workflow = await requireWorkflow(sql, userId, rawId);
  return (await listVersionRows(sql, workflow.id)).map((row) => toSummary(row, row.file_count));
}

/** One version with its files; 400 for a version that is not a positive integer. */
export async function getVersion(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
  rawVersion: string | undefined,
): Promise<Version> {
  const workflow = await requireWorkflow(sql, userId, rawId);
  if (!rawVersion || !/^[1-9][0-9]{0,8}$/.test(rawVersion)) {
    throw ApiError.invalid('version must be a positive integer');
  }
  const version = Number(rawVersion);
  const row = await findVersion(sql, workflow.id, version);
  if (!row) throw ApiError.notFound('version');
  const files = await listVersionFiles(sql, workflow.id, version);
  return { ...toSummary(row, files.length), files: toFileTree(files) };
}
