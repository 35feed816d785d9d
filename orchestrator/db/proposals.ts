import { keysetAfter, keysetColumn, type PagePosition } from './cursor.js';
import type { Queryable } from './queryable.js';
import { liveOfOwner } from './workflows.js';

/** Proposal statuses (DESIGN §3.4). */
export type ProposalStatus = 'processing' | 'completed' | 'failed' | 'resolved';

/** How a resolved proposal ended. */
type ProposalResolution = 'approved' | 'rejected';

/** A proposal row. */
export interface ProposalRow {
  readonly id: string;
  readonly workflow_id: string;
  readonly created_by: string;
  readonly job_id: string;
  readonly thread_id: string;
  readonly status: ProposalStatus;
  readonly resolution: ProposalResolution | null;
  readonly instructions: string;
  readonly context_file_path: string | null;
  readonly context_selection: string | null;
  readonly base_revision: string;
  readonly generated_files: unknown;
  readonly error: Record<string, unknown> | null;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly completed_at: Date | null;
  readonly resolved_at: Date | null;
  readonly lease_owner: string | null;
  readonly lease_expires_at: Date | null;
  readonly cleanup_state: 'none' | 'pending' | 'done' | 'failed';
  readonly cleanup_attempts: number;
  readonly cleanup_next_at: Date | null;
  readonly cleanup_error: string | null;
  readonly cleanup_requested_at: Date | null;
  /** Draft paths the refinement was given (null for older proposals). */
  readonly base_paths: string[] | null;
  /** Path → sha256 of each draft file's content when the refinement started (null for older proposals). */
  readonly base_hashes: Record<string, string> | null;
  /** Tokens of the run, as the engine reported them at its end. */
  readonly usage: TokenUsage | null;
}

/** Tokens a run consumed (the engine's `usage`). */
export interface TokenUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
}

/** What a new proposal is made of. */
interface NewProposal {
  readonly workflowId: string;
  readonly createdBy: string;
  readonly jobId: string;
  readonly instructions: string;
  readonly contextFilePath: string | null;
  readonly contextSelection: string | null;
  readonly baseRevision: string;
  readonly basePaths: readonly string[];
  readonly baseHashes: Readonly<Record<string, string>>;
}

/** Inserts a `processing` proposal whose thread id is the job id until the engine says otherwise. */
export async function insertProposal(sql: Queryable, p: NewProposal): Promise<ProposalRow> {
  const [row] = await sql<ProposalRow[]>`
    insert into proposals (workflow_id, created_by, job_id, thread_id, instructions,
                           context_file_path, context_selection, base_revision, base_paths,
                           base_hashes)
    values (${p.workflowId}, ${p.createdBy}, ${p.jobId}, ${p.jobId}, ${p.instructions},
            ${p.contextFilePath}, ${p.contextSelection}, ${p.baseRevision},
            ${sql.array(p.basePaths as string[])}::text[], ${sql.json(p.baseHashes as never)})
    returning *`;
  return row!;
}

/** Records the thread id the engine answered with (older engines may not echo the job id). */
export async function setProposalThread(sql: Queryable, id: string, threadId: string): Promise<ProposalRow> {
  const [row] = await sql<ProposalRow[]>`
    update proposals set thread_id = ${threadId}, updated_at = now() where id = ${id} returning *`;
  return row!;
}

/**
 * `proposals p` joined to its workflow `w` when that workflow is live and `ownerId`'s: what
 * every owner finder reads from, so another user's proposal answers like a missing one.
 */
function ownedProposals(sql: Queryable, ownerId: string) {
  return sql`proposals p join workflows w on w.id = p.workflow_id and ${liveOfOwner(sql, ownerId)}`;
}

/** The proposal when its workflow belongs to `ownerId`. */
export async function findProposalOfOwner(
  sql: Queryable,
  id: string,
  ownerId: string,
): Promise<ProposalRow | undefined> {
  const [row] = await sql<ProposalRow[]>`
    select p.* from ${ownedProposals(sql, ownerId)} where p.id = ${id}`;
  return row;
}

/** Path lists of a proposal's files against the draft, computed by the database. */
interface ChangesColumn {
  readonly added: string[];
  readonly modified: string[];
  readonly deleted: string[];
}

/** A proposal with the revision of its workflow's draft, read in the same statement. */
type ProposalWithRevision = ProposalRow & { readonly draft_revision: string };

/** The proposal (when its workflow belongs to `ownerId`) and its draft's current revision. */
export async function findProposalWithRevisionOfOwner(
  sql: Queryable,
  id: string,
  ownerId: string,
): Promise<ProposalWithRevision | undefined> {
  const [row] = await sql<ProposalWithRevision[]>`
    select p.*, d.revision as draft_revision
    from ${ownedProposals(sql, ownerId)} join drafts d on d.workflow_id = p.workflow_id
    where p.id = ${id}`;
  return row;
}

/**
 * The proposal (when its workflow belongs to `ownerId`) with `changes` against the
 * current draft and the draft revision they were computed at, in one statement, so the
 * draft's files never leave the database. The proposal's files are expanded once (CTE);
 * `changes` is null when `generated_files` is not an object. Paths sort bytewise
 * (`collate "C"`), like JavaScript's default sort for these paths.
 */
export async function findProposalWithChangesOfOwner(
  sql: Queryable,
  id: string,
  ownerId: string,
): Promise<(ProposalWithRevision & { changes: ChangesColumn | null }) | undefined> {
  const [row] = await sql<(ProposalWithRevision & { changes: ChangesColumn | null })[]>`
    with p as (
      select p.*, dr.revision as draft_revision
      from ${ownedProposals(sql, ownerId)} join drafts dr on dr.workflow_id = p.workflow_id
      where p.id = ${id}
    ),
    g as (
      select g.key, g.value -> 'content' as content
      from p, jsonb_each(case when jsonb_typeof(p.generated_files) = 'object' then p.generated_files end) g
    ),
    d as (select path, content from draft_files where workflow_id = (select workflow_id from p))
    select p.*,
      case when jsonb_typeof(p.generated_files) = 'object' then jsonb_build_object(
        'added', coalesce((
          select jsonb_agg(g.key order by g.key collate "C") from g
          where not exists (select 1 from d where d.path = g.key)
        ), '[]'::jsonb),
        'modified', coalesce((
          select jsonb_agg(g.key order by g.key collate "C") from g join d on d.path = g.key
          where d.content is distinct from g.content
        ), '[]'::jsonb),
        'deleted', coalesce((
          select jsonb_agg(d.path order by d.path collate "C") from d
          where not exists (select 1 from g where g.key = d.path)
        ), '[]'::jsonb)
      ) end as changes
    from p`;
  return row;
}

/** What authorizing a socket needs of a thread's proposal. */
export type ThreadProposalRef = Pick<ProposalRow, 'id' | 'workflow_id' | 'status' | 'cleanup_state'>;

/**
 * The proposal of a thread when its workflow belongs to `ownerId` (WebSocket authorization):
 * only its ids and states, so a socket opened on a finished run does not read its files.
 */
export async function findProposalByThreadOfOwner(
  sql: Queryable,
  threadId: string,
  ownerId: string,
): Promise<ThreadProposalRef | undefined> {
  const [row] = await sql<ThreadProposalRef[]>`
    select p.id, p.workflow_id, p.status, p.cleanup_state
    from ${ownedProposals(sql, ownerId)} where p.thread_id = ${threadId}`;
  return row;
}

/** Locks the proposal (owned by `ownerId`) for the rest of the transaction. */
export async function lockProposalOfOwner(
  sql: Queryable,
  id: string,
  ownerId: string,
): Promise<ProposalRow | undefined> {
  const [row] = await sql<ProposalRow[]>`
    select p.* from ${ownedProposals(sql, ownerId)} where p.id = ${id}
    for update of p`;
  return row;
}

/** processing → completed with the run's files; undefined when the proposal was not processing. */
export async function markCompleted(
  sql: Queryable,
  id: string,
  files: unknown,
  usage: TokenUsage | null = null,
): Promise<ProposalRow | undefined> {
  const [row] = await sql<ProposalRow[]>`
    update proposals
    set status = 'completed', generated_files = ${files === null ? null : sql.json(files as never)},
        usage = ${usage === null ? null : sql.json(usage as never)}, completed_at = now(), updated_at = now()
    where id = ${id} and status = 'processing'
    returning *`;
  return row;
}

/** processing → failed with the error detail; undefined when the proposal was not processing. */
export async function markFailed(
  sql: Queryable,
  id: string,
  error: Record<string, unknown>,
  usage: TokenUsage | null = null,
): Promise<ProposalRow | undefined> {
  const [row] = await sql<ProposalRow[]>`
    update proposals
    set status = 'failed', error = ${sql.json(error as never)},
        usage = ${usage === null ? null : sql.json(usage as never)}, completed_at = now(), updated_at = now()
    where id = ${id} and status = 'processing'
    returning *`;
  return row;
}

/** completed → resolved/approved; undefined when the proposal was not completed. */
export async function markApproved(sql: Queryable, id: string): Promise<ProposalRow | undefined> {
  const [row] = await sql<ProposalRow[]>`
    update proposals
    set status = 'resolved', resolution = 'approved', resolved_at = now(), updated_at = now(),
        cleanup_state = 'pending', cleanup_next_at = now(), cleanup_requested_at = now()
    where id = ${id} and status = 'completed'
    returning *`;
  return row;
}

/** The SET list of a reject: resolved/rejected, and its engine thread queued for cleanup. */
function rejectedSet(sql: Queryable) {
  return sql`status = 'resolved', resolution = 'rejected', resolved_at = now(), updated_at = now(),
        cleanup_state = 'pending', cleanup_next_at = now(), cleanup_requested_at = now()`;
}

/** processing/completed/failed → resolved/rejected; undefined when already resolved. */
export async function markRejected(sql: Queryable, id: string): Promise<ProposalRow | undefined> {
  const [row] = await sql<ProposalRow[]>`
    update proposals
    set ${rejectedSet(sql)}
    where id = ${id} and status in ('processing', 'completed', 'failed')
    returning *`;
  return row;
}

/** A proposal a bulk reject moved, with the status it left. */
interface RejectedProposal {
  readonly id: string;
  readonly workflow_id: string;
  readonly from_status: Exclude<ProposalStatus, 'resolved'>;
}

/** Rejects every unresolved proposal of the workflows `workflowIds`, as {@link markRejected} does one. */
export async function markOpenProposalsRejected(
  sql: Queryable,
  workflowIds: readonly string[],
): Promise<RejectedProposal[]> {
  if (workflowIds.length === 0) return [];
  // The locking subquery reads each row's latest status, so `from_status` is the one left.
  return sql<RejectedProposal[]>`
    update proposals p
    set ${rejectedSet(sql)}
    from (
      select id, status from proposals
      where workflow_id in ${sql(workflowIds as string[])} and status <> 'resolved'
      order by id
      for update
    ) unresolved
    where p.id = unresolved.id
    returning p.id, p.workflow_id, unresolved.status as from_status`;
}

/** A proposal row with its keyset position (`created_at` in exact microseconds). */
type PagedProposalRow = ProposalRow & { readonly created_us: string };

/** One page of a workflow's proposals, newest first, optionally of one status, after `after`. */
export function listProposalsOfWorkflow(
  sql: Queryable,
  workflowId: string,
  filter: {
    readonly status?: ProposalStatus | undefined;
    readonly limit: number;
    readonly after?: PagePosition | undefined;
  },
): Promise<PagedProposalRow[]> {
  const status = filter.status ? sql`and status = ${filter.status}` : sql``;
  return sql<PagedProposalRow[]>`
    select *, ${keysetColumn(sql)}
    from proposals where workflow_id = ${workflowId} ${status} ${keysetAfter(sql, filter.after)}
    order by created_at desc, id desc limit ${filter.limit}`;
}
