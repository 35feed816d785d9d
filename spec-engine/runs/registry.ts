import type { Sql } from '../../common/db/index.js';
import type { InvokeRequest } from './invoke-request.js';
import type { TokenUsage } from './model-calls.js';

/** Where a run stands. */
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';

/** A run record. */
export interface RunRecord {
  readonly threadId: string;
  readonly status: RunStatus;
  readonly request: InvokeRequest;
  readonly result: unknown;
  readonly error: string | null;
  readonly attempts: number;
  /** Tokens of every attempt so far. */
  readonly usage: TokenUsage;
}

type Row = {
  thread_id: string;
  status: RunStatus;
  request: InvokeRequest;
  result: unknown;
  error: string | null;
  attempts: number;
  input_tokens: string;
  output_tokens: string;
};

const COLUMNS = [
  'thread_id',
  'status',
  'request',
  'result',
  'error',
  'attempts',
  'input_tokens',
  'output_tokens',
];

function toRecord(row: Row): RunRecord {
  return {
    threadId: row.thread_id,
    status: row.status,
    request: row.request,
    result: row.result,
    error: row.error,
    attempts: row.attempts,
    // bigint columns arrive as strings; a run's tokens stay far below 2^53.
    usage: { input_tokens: Number(row.input_tokens), output_tokens: Number(row.output_tokens) },
  };
}

/** What {@link createRun} found: a new run, the existing one, or a deleted thread's tombstone. */
export type CreateOutcome = 'created' | 'exists' | 'deleted';

/**
 * Records a new run as `queued`. The same `job_id` twice never starts a second run, and a
 * deleted thread's `job_id` never starts one again (a redelivered job, a retried invoke).
 */
export async function createRun(sql: Sql, threadId: string, request: InvokeRequest): Promise<CreateOutcome> {
  const rows = await sql`
    insert into spec_runs (thread_id, request)
    select ${threadId}, ${sql.json(request as never)}
    where not exists (select 1 from spec_deleted_threads where thread_id = ${threadId})
    on conflict (thread_id) do nothing returning thread_id`;
  if (rows.length > 0) return 'created';
  const [tombstone] = await sql`select 1 from spec_deleted_threads where thread_id = ${threadId}`;
  return tombstone ? 'deleted' : 'exists';
}

/** The run record of a thread, if any. */
export async function getRun(sql: Sql, threadId: string): Promise<RunRecord | undefined> {
  const [row] = await sql<Row[]>`
    select ${sql(COLUMNS)} from spec_runs where thread_id = ${threadId}`;
  return row ? toRecord(row) : undefined;
}

/**
 * Claims a queued run, or a running one whose worker died (a redelivered job), for this
 * worker. Returns undefined when the run is finished or deleted.
 */
export async function startRun(sql: Sql, threadId: string): Promise<RunRecord | undefined> {
  const [row] = await sql<Row[]>`
    update spec_runs set status = 'running', attempts = attempts + 1, updated_at = now()
    where thread_id = ${threadId} and status in ('queued', 'running')
    returning ${sql(COLUMNS)}`;
  return row ? toRecord(row) : undefined;
}

/**
 * Moves a running run to `completed` or `failed` and returns its token usage; undefined when it
 * was deleted meanwhile, or when `attempt` (the fencing token {@link startRun} handed out) is no
 * longer the run's latest: a worker that was paused past its job's ack wait must not overwrite the
 * attempt that took over.
 */
export async function finishRun(
  sql: Sql,
  threadId: string,
  outcome: { status: 'completed'; result: unknown } | { status: 'failed'; error: string },
  attempt?: number,
): Promise<TokenUsage | undefined> {
  const result = outcome.status === 'completed' ? sql.json(outcome.result as never) : null;
  const error = outcome.status === 'failed' ? outcome.error : null;
  const fence = attempt === undefined ? sql`` : sql`and attempts = ${attempt}`;
  const [row] = await sql<Row[]>`
    update spec_runs set status = ${outcome.status}, result = ${result}, error = ${error}, updated_at = now()
    where thread_id = ${threadId} and status in ('queued', 'running') ${fence} returning ${sql(COLUMNS)}`;
  return row ? toRecord(row).usage : undefined;
}

/** Adds the tokens of one model call to its run (a no-op when the run was deleted). */
export async function addRunUsage(sql: Sql, threadId: string, usage: TokenUsage): Promise<void> {
  await sql`
    update spec_runs set input_tokens = input_tokens + ${usage.input_tokens},
      output_tokens = output_tokens + ${usage.output_tokens}
    where thread_id = ${threadId}`;
}

/** Threads left queued or running (in-process mode resumes them at start). */
export async function unfinishedRuns(sql: Sql): Promise<string[]> {
  const rows = await sql<{ thread_id: string }[]>`
    select thread_id from spec_runs where status in ('queued', 'running') order by created_at`;
  return rows.map((r) => r.thread_id);
}

/** Runs accepted and not started, oldest first, with their requests (to publish their jobs again). */
export async function queuedRuns(sql: Sql): Promise<{ threadId: string; request: InvokeRequest }[]> {
  const rows = await sql<{ thread_id: string; request: InvokeRequest }[]>`
    select thread_id, request from spec_runs where status = 'queued' order by created_at`;
  return rows.map((r) => ({ threadId: r.thread_id, request: r.request }));
}

/** How long a tombstone outlives its thread: well past any job's last redelivery. */
const TOMBSTONE_DAYS = 7;

/**
 * Deletes a thread's events and run record (checkpoints are the checkpointer's). With
 * `tombstone` the thread is remembered as deleted, so its job never runs it again; without it
 * (an invoke that could not queue its job) the same `job_id` may be invoked again.
 */
export async function deleteRunRows(sql: Sql, threadId: string, tombstone = false): Promise<void> {
  await sql.begin(async (tx) => {
    if (tombstone) {
      await tx`insert into spec_deleted_threads (thread_id) values (${threadId}) on conflict do nothing`;
      await tx`delete from spec_deleted_threads where deleted_at < now() - make_interval(days => ${TOMBSTONE_DAYS})`;
    }
    await tx`delete from spec_runs where thread_id = ${threadId}`;
    await tx`delete from spec_events where thread_id = ${threadId}`;
  });
}

/** Runs `queued` (accepted, not started) across all replicas: the queue depth. */
export async function countQueuedRuns(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from spec_runs where status = 'queued'`;
  return row?.n ?? 0;
}
