import { isDeepStrictEqual } from 'node:util';
import type { Sql } from '../../common/db/index.js';
import type { Refinement } from './workload.js';

/** The counts the run ends with; every one must be 0. */
export interface Violations {
  /** Events a viewer missed or saw twice, engine logs with a gap, started refinements with no proposal. */
  lost: number;
  /** Proposals still `processing` after the drain. */
  stuck: number;
  /** Completed proposals whose files differ from the run's last files. */
  wrongFiles: number;
  /** Proposals applied twice, drafts advanced other than once per approve, races with two winners. */
  doubleApplies: number;
  /** Engine threads (run records, events, checkpoints) left after every proposal was resolved. */
  orphanedThreads: number;
}

/** Every proposal still `processing`. */
export async function countProcessing(sql: Sql): Promise<number> {
  const [row] = await sql<
    { n: number }[]
  >`select count(*)::int as n from proposals where status = 'processing'`;
  return row!.n;
}

/** Threads the engine still holds anything of. */
export async function engineThreads(sql: Sql): Promise<string[]> {
  const rows = await sql<{ thread_id: string }[]>`
    select thread_id from spec_runs union select thread_id from spec_events
    union select thread_id from checkpoints union select thread_id from checkpoint_writes`;
  return rows.map((r) => r.thread_id);
}

/** One line per orphaned thread: what the engine still holds and what the orchestrator thinks of it. */
export async function describeOrphans(stack: { orchestratorSql: Sql; engineSql: Sql }): Promise<string[]> {
  const lines: string[] = [];
  for (const threadId of await engineThreads(stack.engineSql)) {
    const [engine] = await stack.engineSql`
      select (select status from spec_runs where thread_id = ${threadId}) as run,
             (select count(*)::int from spec_events where thread_id = ${threadId}) as events,
             (select count(*)::int from checkpoints where thread_id = ${threadId}) as checkpoints,
             exists (select 1 from spec_deleted_threads where thread_id = ${threadId}) as tombstoned`;
    const [proposal] = await stack.orchestratorSql`
      select status, resolution, cleanup_state, cleanup_attempts, error from proposals where thread_id = ${threadId}`;
    lines.push(
      `orphan ${threadId}: engine ${JSON.stringify(engine)}; proposal ${JSON.stringify(proposal ?? null)}`,
    );
  }
  return lines;
}

/** Checks the invariants of the issue once the run has drained and every proposal is resolved. */
export async function checkInvariants(
  runs: readonly Refinement[],
  orchestratorSql: Sql,
  engineSql: Sql,
): Promise<Violations> {
  const v: Violations = { lost: 0, stuck: 0, wrongFiles: 0, doubleApplies: 0, orphanedThreads: 0 };
  v.stuck = await countProcessing(orchestratorSql);
  const proposals = await orchestratorSql<
    { id: string; resolution: string | null }[]
  >`select id, resolution from proposals`;
  const resolutionOf = new Map(proposals.map((p) => [p.id, p.resolution]));
  const approvals = await orchestratorSql<{ proposal_id: string; n: number }[]>`
    select proposal_id, count(*)::int as n from audit_events where action = 'proposal.approved' group by proposal_id`;
  const approvalsOf = new Map(approvals.map((a) => [a.proposal_id, a.n]));
  const revisions = await orchestratorSql<
    { workflow_id: string; revision: string }[]
  >`select workflow_id, revision from drafts`;
  const revisionOf = new Map(revisions.map((r) => [r.workflow_id, Number(r.revision)]));
  for (const run of runs) {
    if (!resolutionOf.has(run.proposalId)) v.lost += 1;
    v.lost += run.viewer?.record.violations ?? 0;
    if (run.hasBrokenLog) v.lost += 1;
    if (run.settled === 'completed' && !isDeepStrictEqual(run.proposalFiles, run.engineFiles))
      v.wrongFiles += 1;
    const applied = approvalsOf.get(run.proposalId) ?? 0;
    if (applied > 1 || (run.raceWinners ?? 0) > 1) v.doubleApplies += 1;
    if (run.revisionBefore !== undefined) {
      const expected = run.revisionBefore + (resolutionOf.get(run.proposalId) === 'approved' ? 1 : 0);
      if (revisionOf.get(run.workflowId) !== expected || applied !== expected - run.revisionBefore)
        v.doubleApplies += 1;
    }
  }
  v.orphanedThreads = (await engineThreads(engineSql)).length;
  return v;
}

/** The closing line of a run (the exact wording). */
export function summaryLine(faults: number, refinements: number, v: Violations): string {
  return `chaos: ${faults} faults injected, ${refinements} refinements, lost ${v.lost}, stuck ${v.stuck}, wrong files ${v.wrongFiles}, double applies ${v.doubleApplies}, orphaned threads ${v.orphanedThreads}`;
}

/** True when every count is 0. */
export function isClean(v: Violations): boolean {
  return Object.values(v).every((n) => n === 0);
}
