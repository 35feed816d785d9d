import type { Sql } from '../../common/db/index.js';
import { type FileTree, isFileTree } from '../../common/events/index.js';
import { appendAudit } from '../db/audit.js';
import {
  bumpDraftRevision,
  deleteDraftFile,
  listDraftFiles,
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
import { ApiError } from '../errors.js';
import { diffTrees, toFileTree } from './file-tree.js';
import { filePathProblem } from './file-paths.js';
import { parseUuid } from './ids.js';
import { requireCursor, toPage } from './pages.js';
import { splitAdded } from './working-notes.js';
import { requireWorkflow } from './workflows.js';

/** Outcome of a server-side transition: `moved` is false when the guard matched no row. */
export type TransitionResult =
  | { readonly moved: true; readonly proposal: ProposalRow }
  | { readonly moved: false };

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function toView(row: ProposalRow, allChanges: Changes): Proposal {
  const { spec, notes } = splitAdded(allChanges.added, row.base_paths);
  const changes = { ...allChanges, added: spec };
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
    changes,
    working_notes: notes,
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

const NO_CHANGES: Changes = { added: [], modified: [], deleted: [] };

/**
 * Changes by `proposal id:draft revision`. Both inputs are immutable for a key: a
 * completed proposal's files never change, and every draft change bumps the revision.
 * Frontends poll proposals, so this turns the diff into a lookup. Bounded; per process.
 */
const changesCache = new Map<string, Changes>();
const CHANGES_CACHE_ENTRIES = 2_000;

function rememberChanges(key: string, changes: Changes): void {
  if (changesCache.size >= CHANGES_CACHE_ENTRIES)
    changesCache.delete(changesCache.keys().next().value as string);
  changesCache.set(key, changes);
}

/** One of the user's proposals with its changes against the current draft. */
export async function getProposal(sql: Sql, userId: string, rawId: string | undefined): Promise<Proposal> {
  const id = parseUuid(rawId, 'proposal');
  const row = await findProposalWithRevisionOfOwner(sql, id, userId);
  if (!row) throw ApiError.notFound('proposal');
  if (!isFileTree(row.generated_files)) return toView(row, NO_CHANGES);
  const cached = changesCache.get(`${row.id}:${row.draft_revision}`);
  if (cached) return toView(row, cached);
  // Computed in the database, together with the revision it saw, so the cache key is exact.
  const fresh = await findProposalWithChangesOfOwner(sql, id, userId);
  if (!fresh) throw ApiError.notFound('proposal');
  if (!fresh.changes || !isFileTree(fresh.generated_files)) return toView(fresh, NO_CHANGES);
  rememberChanges(`${fresh.id}:${fresh.draft_revision}`, fresh.changes);
  return toView(fresh, fresh.changes);
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
 * Approves a completed proposal in one transaction: lock it, require the draft revision
 * it was based on, apply its changes (only the paths in `only` when given; the others stay
 * as the draft has them), bump the revision, resolve it and append the audit entry.
 */
export async function approveProposal(
  sql: Sql,
  userId: string,
  rawId: string | undefined,
  only?: readonly string[],
): Promise<Resolution> {
  const id = parseUuid(rawId, 'proposal');
  return sql.begin(async (tx) => {
    const row = await lockProposalOfOwner(tx, id, userId);
    if (!row) throw ApiError.notFound('proposal');
    if (row.status !== 'completed') throw statusConflict(row, 'approve');
    const tree = applicableTree(row);
    const draft = await lockDraft(tx, row.workflow_id);
    if (!draft || draft.revision !== row.base_revision) {
      throw ApiError.conflict(
        'draft_changed',
        `the draft changed since this proposal was started (draft revision ${draft?.revision}, proposal based on revision ${row.base_revision}); reject it and start a new refinement`,
      );
    }
    const allChanges = diffTrees(toFileTree(await listDraftFiles(tx, row.workflow_id)), tree);
    // The agent's working notes stay in the proposal; the draft gets the spec.
    const { spec: added, notes } = splitAdded(allChanges.added, row.base_paths);
    const changes = selectChanges({ ...allChanges, added }, only, notes);
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
      detail: { ...changes, draft_revision: Number(next.revision) },
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
  return sql.begin(async (tx) => {
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
  return sql.begin(async (tx) => {
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
  return sql.begin(async (tx) => {
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
