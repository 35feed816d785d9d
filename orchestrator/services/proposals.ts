import { type Sql, transaction } from '../../common/db/index.js';
import { type FileTree, isFileTree } from '../../common/events/index.js';
import { appendAudit } from '../db/audit.js';
import {
  bumpDraftRevision,
  type DraftRow,
  deleteDraftFile,
  listDraftFiles,
  listDraftFilesAtRevision,
  lockDraft,
  upsertDraftFile,
} from '../db/drafts.js';
import {
  findProposalByThreadOfOwner,
  findProposalOfOwner,
  findProposalWithChangesOfOwner,
  findProposalWithRevisionOfOwner,
  listProposalsOfWorkflow,
  lockProposalOfOwner,
  markApproved,
  markCompleted,
  markFailed,
  markRejected,
  type ProposalRow,
  type ProposalStatus,
  type ThreadProposalRef,
  type TokenUsage,
} from '../db/proposals.js';
import { touchWorkflow } from '../db/workflows.js';
import type { Changes, Proposal, ProposalSummary, Resolution } from '../contract/proposals.js';
import { ApiError } from '../../common/http/errors.js';
import { draftConflict } from './draft-errors.js';
import { diffTrees, toFileTree } from './file-tree.js';
import { filePathProblem } from './file-paths.js';
import { parseUuid } from './ids.js';
import { type Merge, threeWayMerge, twoWayMerge } from './merge.js';
import { requireCursor, toPage } from './pages.js';
import { requireWorkflow } from './workflows.js';

/** Outcome of a server-side transition: `moved` is false when the guard matched no row. */
export type TransitionResult =
  | { readonly moved: true; readonly proposal: ProposalRow }
  | { readonly moved: false };

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function toView(row: ProposalRow, merge: Merge): Proposal {
  return {
    id: row.id,
    proposal_id: row.id,
    workflow_id: row.workflow_id,
    thread_id: row.thread_id,
    status: row.status,
    resolution: row.resolution,
    generated_files: row.generated_files,
    error: row.error,
    usage: row.usage,
    base_revision: Number(row.base_revision),
    changes: merge.changes,
    working_notes: merge.notes,
    cleanup: { state: row.cleanup_state, attempts: row.cleanup_attempts },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    completed_at: iso(row.completed_at),
    resolved_at: iso(row.resolved_at),
  };
}

async function requireProposal(sql: Sql, userId: string, rawId: string | undefined): Promise<ProposalRow> {
  const row = await findProposalOfOwner(sql, parseUuid(rawId, 'proposal'), userId);
  if (!row) throw ApiError.notFound('proposal');
  return row;
}

const NO_MERGE: Merge = { changes: { added: [], modified: [], deleted: [], conflicts: [] }, notes: [] };

/**
 * Merges by `proposal id:draft revision`. Both inputs are immutable for a key: a
 * completed proposal's files never change, and every draft change bumps the revision.
 * Frontends poll proposals, so this turns the merge into a lookup. Bounded; per process.
 */
const mergeCache = new Map<string, Merge>();
const MERGE_CACHE_ENTRIES = 2_000;

function remember(key: string, merge: Merge): Merge {
  if (mergeCache.size >= MERGE_CACHE_ENTRIES) mergeCache.delete(mergeCache.keys().next().value as string);
  mergeCache.set(key, merge);
  return merge;
}

/** One of the user's proposals with its changes against the current draft. */
export async function getProposal(sql: Sql, userId: string, rawId: string | undefined): Promise<Proposal> {
  const id = parseUuid(rawId, 'proposal');
  const row = await findProposalWithRevisionOfOwner(sql, id, userId);
  if (!row) throw ApiError.notFound('proposal');
  const proposed = row.generated_files;
  if (!isFileTree(proposed)) return toView(row, NO_MERGE);
  const cached = mergeCache.get(`${row.id}:${row.draft_revision}`);
  if (cached) return toView(row, cached);
  if (row.base_hashes) {
    // The draft's files with the revision they are at, so the cache key is exact.
    const draft = await listDraftFilesAtRevision(sql, row.workflow_id);
    if (!draft) throw ApiError.notFound('proposal');
    const merge = threeWayMerge(row.base_hashes, toFileTree(draft.files), proposed, row.base_paths);
    return toView(row, remember(`${row.id}:${draft.revision}`, merge));
  }
  // Older proposals: a two-way diff, computed in the database with the revision it saw.
  const fresh = await findProposalWithChangesOfOwner(sql, id, userId);
  if (!fresh) throw ApiError.notFound('proposal');
  if (!fresh.changes) return toView(fresh, NO_MERGE);
  const merge = twoWayMerge(fresh.changes, fresh.base_paths);
  return toView(fresh, remember(`${fresh.id}:${fresh.draft_revision}`, merge));
}

/** A proposal as a workflow's list shows it. */
function toSummary(row: ProposalRow): ProposalSummary {
  return {
    id: row.id,
    status: row.status,
    resolution: row.resolution,
    instructions: row.instructions,
    thread_id: row.thread_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    completed_at: iso(row.completed_at),
    resolved_at: iso(row.resolved_at),
  };
}

/** One page of a workflow's proposals (newest first), optionally of one status. */
export async function listProposals(
  sql: Sql,
  userId: string,
  rawWorkflowId: string | undefined,
  query: {
    readonly status?: ProposalStatus | undefined;
    readonly limit: number;
    readonly cursor?: string | undefined;
  },
): Promise<{ proposals: ProposalSummary[]; next_cursor: string | null }> {
  const workflow = await requireWorkflow(sql, userId, rawWorkflowId);
  const rows = await listProposalsOfWorkflow(sql, workflow.id, {
    status: query.status,
    limit: query.limit + 1,
    after: requireCursor(query.cursor),
  });
  const { rows: shown, nextCursor } = toPage(rows, query.limit);
  return { proposals: shown.map(toSummary), next_cursor: nextCursor };
}

/** The user's proposal for an engine thread, or undefined (missing and foreign look alike). */
export function findProposalByThreadForUser(
  sql: Sql,
  threadId: string,
  userId: string,
): Promise<ThreadProposalRef | undefined> {
  return findProposalByThreadOfOwner(sql, threadId, userId);
}

function statusConflict(row: ProposalRow, action: 'approve' | 'reject'): ApiError {
  if (row.status === 'resolved') {
    return ApiError.conflict(
      'proposal_resolved',
      `proposal is already resolved (${row.resolution}); cannot ${action} it`,
    );
  }
  if (row.status === 'processing') {
    return ApiError.conflict(
      'proposal_processing',
      'proposal is still processing; approve it once it has completed',
    );
  }
  return ApiError.conflict('proposal_failed', 'a failed proposal cannot be approved; reject it instead');
}

function applicableTree(row: ProposalRow): FileTree {
  const files = row.generated_files;
  if (!isFileTree(files)) {
    throw ApiError.conflict(
      'proposal_files_invalid',
      'the proposal has no usable file tree to apply; reject it instead',
    );
  }
  for (const path of Object.keys(files)) {
    const problem = filePathProblem(path);
    if (problem)
      throw ApiError.conflict('proposal_files_invalid', `the proposal cannot be applied: ${problem}`);
  }
  return files;
}

/**
 * The changes limited to the paths in `only` (all when absent); 400 naming a path the
 * proposal does not change, or one of its working `notes` (never applied).
 */
function selectChanges(
  changes: Changes,
  only: readonly string[] | undefined,
  notes: readonly string[],
): Changes {
  if (!only) return changes;
  const wanted = new Set(only);
  const changed = new Set([...changes.added, ...changes.modified, ...changes.deleted]);
  for (const path of wanted) {
    if (notes.includes(path)) {
      throw ApiError.invalid(`'files': '${path}' is a working note of the agent; notes are never applied`);
    }
    if (!changed.has(path)) throw ApiError.invalid(`'files': '${path}' is not changed by this proposal`);
  }
  const pick = (paths: readonly string[]) => paths.filter((path) => wanted.has(path));
  return { added: pick(changes.added), modified: pick(changes.modified), deleted: pick(changes.deleted) };
}

/**
 * How approving `tree` would change the draft. With base hashes, a three-way merge by path;
 * an older proposal instead requires the draft still at the revision it was based on.
 */
function mergeForApprove(row: ProposalRow, draft: DraftRow, files: FileTree, tree: FileTree): Merge {
  if (row.base_hashes) return threeWayMerge(row.base_hashes, files, tree, row.base_paths);
  if (draft.revision !== row.base_revision) {
    throw ApiError.conflict(
      'draft_changed',
      `the draft changed since this proposal was started (draft revision ${draft.revision}, proposal based on revision ${row.base_revision}); reject it and start a new refinement`,
    );
  }
  return twoWayMerge(diffTrees(files, tree), row.base_paths);
}

/**
 * Approves a completed proposal in one transaction: lock it and the draft, merge the
 * proposal's changes since its base into the current draft (only the paths in `only` when
 * given; the others, and the draft's own edits, stay as the draft has them), bump the
 * revision, resolve it and append the audit entry. A path both changed differently → 409.
 */
export async function approveProposal(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
  only?: readonly string[],
): Promise<Resolution> {
  const id = parseUuid(rawId, 'proposal');
  return transaction(sql, async (tx) => {
    const row = await lockProposalOfOwner(tx, id, userId);
    if (!row) throw ApiError.notFound('proposal');
    if (row.status !== 'completed') throw statusConflict(row, 'approve');
    const tree = applicableTree(row);
    const draft = await lockDraft(tx, row.workflow_id);
    // The draft goes only with its workflow.
    if (!draft) throw ApiError.notFound('proposal');
    const files = toFileTree(await listDraftFiles(tx, row.workflow_id));
    const { changes: merged, notes } = mergeForApprove(row, draft, files, tree);
    // The agent's working notes stay in the proposal; the draft gets the spec.
    const { conflicts, ...all } = merged;
    const changes = selectChanges(all, only, notes);
    const chosen = new Set([...changes.added, ...changes.modified, ...changes.deleted]);
    const conflicting = conflicts.filter((path) => chosen.has(path));
    if (conflicting.length > 0) throw draftConflict(conflicting);
    for (const path of changes.deleted) await deleteDraftFile(tx, row.workflow_id, path);
    for (const path of [...changes.added, ...changes.modified]) {
      await upsertDraftFile(tx, row.workflow_id, path, tree[path]!.content);
    }
    const next = await bumpDraftRevision(tx, row.workflow_id);
    const resolved = await markApproved(tx, id);
    if (!resolved) throw statusConflict(row, 'approve');
    await touchWorkflow(tx, row.workflow_id);
    await appendAudit(tx, {
      actorId: userId,
      action: 'proposal.approved',
      workflowId: row.workflow_id,
      proposalId: id,
      detail: {
        ...changes,
        draft_revision: Number(next.revision),
        base_revision: Number(row.base_revision),
      },
    });
    return {
      proposal_id: id,
      status: 'resolved',
      resolution: 'approved',
      approved_at: resolved.resolved_at!.toISOString(),
      applied: changes,
    };
  });
}

/** Rejects a processing, completed or failed proposal with one guarded UPDATE. */
export async function rejectProposal(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
): Promise<Resolution> {
  const row = await requireProposal(sql, userId, rawId);
  return transaction(sql, async (tx) => {
    const resolved = await markRejected(tx, row.id);
    if (!resolved) {
      const current = (await findProposalOfOwner(tx, row.id, userId)) ?? row;
      throw statusConflict(current, 'reject');
    }
    await appendAudit(tx, {
      actorId: userId,
      action: 'proposal.rejected',
      workflowId: row.workflow_id,
      proposalId: row.id,
      detail: { from_status: row.status },
    });
    return {
      proposal_id: row.id,
      status: 'resolved',
      resolution: 'rejected',
      rejected_at: resolved.resolved_at!.toISOString(),
    };
  });
}

/**
 * processing → completed with the run's final files (stored exactly as the engine sent
 * them). A proposal already rejected or finished is left alone (`moved: false`).
 */
export async function completeProposal(
  sql: Sql,
  proposalId: string,
  files: unknown,
  usage: TokenUsage | null = null,
): Promise<TransitionResult> {
  return transaction(sql, async (tx) => {
    const row = await markCompleted(tx, proposalId, files ?? null, usage);
    if (!row) return { moved: false };
    await appendAudit(tx, {
      actorId: null,
      action: 'proposal.completed',
      workflowId: row.workflow_id,
      proposalId,
      detail: { file_count: isFileTree(files) ? Object.keys(files).length : 0 },
    });
    return { moved: true, proposal: row };
  });
}

/** processing → failed with the error recorded; `moved: false` when it was not processing. */
export async function failProposal(
  sql: Sql,
  proposalId: string,
  error: { readonly error: string; readonly context?: string } & Record<string, unknown>,
  usage: TokenUsage | null = null,
): Promise<TransitionResult> {
  return transaction(sql, async (tx) => {
    const row = await markFailed(tx, proposalId, error, usage);
    if (!row) return { moved: false };
    await appendAudit(tx, {
      actorId: null,
      action: 'proposal.failed',
      workflowId: row.workflow_id,
      proposalId,
      detail: { error: error.error },
    });
    return { moved: true, proposal: row };
  });
}

/** Brief-facing aliases: the state machine's user transitions. */
export { approveProposal as approve, rejectProposal as reject };
