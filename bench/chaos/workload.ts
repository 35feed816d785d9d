import type { Sql } from '../../common/db/index.js';
import type { ReplicaClient } from './client.js';
import type { Random } from './random.js';
import { type Viewer, watchRun } from './viewer.js';

/** One refinement as the harness drove and observed it. */
export interface Refinement {
  readonly proposalId: string;
  readonly threadId: string;
  readonly workflowId: string;
  viewer?: Viewer;
  /** The status the proposal settled in (`processing` when it never left it). */
  settled: string;
  /** The run's last files, read from the engine's event log before cleanup. */
  engineFiles?: unknown;
  /** The proposal's `generated_files` when it settled. */
  proposalFiles?: unknown;
  /** The engine's event log was not 1..n with one `end`, last. */
  hasBrokenLog: boolean;
  /** Draft revision just before the approve (approved proposals only). */
  revisionBefore?: number;
  /** How the user resolved it, including a race of approve and reject. */
  action?: 'approve' | 'reject' | 'race';
  /** In a race: how many of the two calls answered 200 (exactly one must). */
  raceWinners?: number;
}

/** What the workload needs. */
export interface WorkloadContext {
  readonly client: ReplicaClient;
  readonly engineSql: Sql;
  readonly rng: Random;
  readonly wsUrls: () => readonly string[];
  readonly token: string;
  readonly deadline: number;
  /** Viewers alive now, for the `cut-viewer` fault. */
  readonly viewers: Set<Viewer>;
  /** Races the fault schedule asked for; the next resolutions consume them. */
  pendingRaces: number;
}

const SEED = { '/THE_SPEC/plan.md': ['# Plan', '', 'Route support tickets to the right team.'] };

type Proposal = { status: string; generated_files: unknown };

async function readEngineLog(sql: Sql, threadId: string): Promise<{ files: unknown; isBroken: boolean }> {
  const rows = await sql<{ seq: number; event_type: string; frame: string }[]>`
    select seq, event_type, frame from spec_events where thread_id = ${threadId} order by seq`;
  const ends = rows.filter((r) => r.event_type === 'end').length;
  const isBroken =
    rows.some((r, i) => r.seq !== i + 1) ||
    (rows.length > 0 && (ends !== 1 || rows.at(-1)!.event_type !== 'end'));
  const withFiles = rows
    .filter((r) => r.event_type === 'on_state_update')
    .map((r) => (JSON.parse(r.frame) as { data: { files?: unknown } }).data.files)
    .filter((f) => f !== undefined);
  return { files: withFiles.at(-1), isBroken };
}

/** Starts a refinement; undefined when no replica would start one before the deadline. */
async function start(ctx: WorkloadContext, index: number): Promise<Refinement | undefined> {
  const { client } = ctx;
  const workflow = await client.call<{ id: string }>('POST', '/api/workflows', { name: `chaos ${index}` });
  if (workflow.status !== 201) return undefined;
  for (const [path, content] of Object.entries(SEED)) {
    await client.call('PUT', `/api/workflows/${workflow.body.id}/draft/files${path}`, { content });
  }
  const started = await client.call<{ proposal_id: string; thread_id: string }>(
    'POST',
    `/api/workflows/${workflow.body.id}/refinements`,
    { instructions: `Refinement ${index}: add an escalation path.` },
  );
  if (started.status !== 202) return undefined;
  return {
    proposalId: started.body.proposal_id,
    threadId: started.body.thread_id,
    workflowId: workflow.body.id,
    settled: 'processing',
    hasBrokenLog: false,
  };
}

function maybeWatch(ctx: WorkloadContext, run: Refinement): void {
  if (ctx.rng.next() < 0.2) return;
  const lateMs = ctx.rng.int(0, 1500);
  const leaveAfter = ctx.rng.next() < 0.3 ? ctx.rng.int(3, 20) : undefined;
  setTimeout(() => {
    const viewer = watchRun({
      url: () => `${ctx.rng.pick(ctx.wsUrls())}/api/ws/refinements/${run.threadId}`,
      token: ctx.token,
      deadline: ctx.deadline,
      ...(leaveAfter ? { leaveAfter } : {}),
    });
    run.viewer = viewer;
    ctx.viewers.add(viewer);
    void viewer.done.finally(() => ctx.viewers.delete(viewer));
  }, lateMs);
}

async function resolve(ctx: WorkloadContext, run: Refinement): Promise<void> {
  const { client } = ctx;
  const path = `/api/proposals/${run.proposalId}`;
  if (run.settled !== 'completed') {
    await client.call('POST', `${path}/reject`);
    run.action = 'reject';
    return;
  }
  const draft = await client.call<{ revision: number }>('GET', `/api/workflows/${run.workflowId}/draft`);
  run.revisionBefore = Number(draft.body.revision);
  const isRace = ctx.pendingRaces > 0 || ctx.rng.next() < 0.1;
  if (isRace) {
    if (ctx.pendingRaces > 0) ctx.pendingRaces -= 1;
    run.action = 'race';
    // Two users' tabs on two replicas at once: exactly one may win.
    const answers = await Promise.all([
      client.once(0, 'POST', `${path}/approve`),
      client.once(1, 'POST', `${path}/reject`),
    ]);
    run.raceWinners = answers.filter((a) => a.status === 200).length;
    // A replica that was down did not take part: finish the resolution on a live one.
    if (answers.some((a) => a.status === 0) && run.raceWinners === 0)
      await client.call('POST', `${path}/reject`);
    return;
  }
  run.action = ctx.rng.next() < 0.75 ? 'approve' : 'reject';
  await client.call('POST', `${path}/${run.action}`);
}

/** Drives one refinement from start to resolution; undefined when it could not be started. */
export async function driveRefinement(ctx: WorkloadContext, index: number): Promise<Refinement | undefined> {
  const run = await start(ctx, index);
  if (!run) return undefined;
  maybeWatch(ctx, run);
  while (Date.now() < ctx.deadline) {
    const answer = await ctx.client.call<Proposal>('GET', `/api/proposals/${run.proposalId}`);
    if (answer.status === 200 && answer.body.status !== 'processing') {
      run.settled = answer.body.status;
      run.proposalFiles = answer.body.generated_files;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (run.settled === 'processing') return run;
  if (run.settled === 'completed') {
    // Recorded before the resolution, whose cleanup deletes the thread.
    const log = await readEngineLog(ctx.engineSql, run.threadId);
    run.engineFiles = log.files;
    run.hasBrokenLog = log.isBroken;
  }
  await resolve(ctx, run);
  return run;
}
