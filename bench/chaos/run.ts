import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../../tests/support/processes.js';
import { replicaClient } from './client.js';
import { FAULT_KINDS, type FaultKind, injectFault } from './faults.js';
import {
  checkInvariants,
  countProcessing,
  describeOrphans,
  engineThreads,
  type Violations,
} from './invariants.js';
import { type Random, seededRandom } from './random.js';
import { type ChaosStack, startChaosStack } from './stack.js';
import type { Viewer } from './viewer.js';
import { driveRefinement, type Refinement, type WorkloadContext } from './workload.js';

/** Options of {@link runChaos}. */
export interface ChaosOptions {
  readonly faults: number;
  readonly seed: number;
  /** Seconds over which the faults are spread. @default 1.5 per fault */
  readonly durationS?: number;
  /** A PostgreSQL server URL (superuser); an embedded server when absent. */
  readonly adminUrl?: string;
  /** Refinements driven at once. @default 3 */
  readonly lanes?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** What a run found. */
export interface ChaosResult {
  readonly injected: Record<FaultKind, number>;
  readonly skipped: number;
  readonly runs: readonly Refinement[];
  readonly violations: Violations;
  /** Seconds until the stack was ready, the faults were over, and the run had drained. */
  readonly timings: { readonly ready: number; readonly faulted: number; readonly drained: number };
  /** Service processes that exited without being killed (crashes; each was restarted). */
  readonly crashes: readonly { readonly name: string; readonly exit: string; readonly output: string }[];
  /** Processes of the stack still alive after it stopped. */
  readonly leftBehind: number;
  readonly seconds: number;
}

/** How long recovery may take once the faults stop before a proposal counts as stuck. */
const SETTLE_MS = 90_000;

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(500);
  }
  return false;
}

/**
 * Injects `faults` faults spread over the duration, dealt from a seeded shuffled deck of every kind
 * so that each kind comes up equally often; a kind with no target at the moment (replicas busy,
 * no viewer open) stays in the deck for a later turn. Returns the heal promises.
 */
async function scheduleFaults(
  options: ChaosOptions,
  ctx: Parameters<typeof injectFault>[1],
  injected: Record<FaultKind, number>,
): Promise<{ heals: Promise<void>[]; skipped: number }> {
  const heals: Promise<void>[] = [];
  let skipped = 0;
  let deck: FaultKind[] = [];
  const intervalMs = ((options.durationS ?? options.faults * 1.5) * 1000) / options.faults;
  for (let i = 0; i < options.faults; i++) {
    await sleep(intervalMs);
    for (let tries = 0; ; tries++) {
      if (deck.length === 0) deck = shuffle(ctx.rng, FAULT_KINDS);
      // After three rounds of the deck without a target, a database fault (always possible) stands in.
      const kind = tries < deck.length * 3 ? deck[0]! : 'terminate-db-connections';
      const fault = await injectFault(kind, ctx).catch(() => undefined);
      if (fault) {
        if (deck.includes(kind)) deck.splice(deck.indexOf(kind), 1);
        injected[kind] += 1;
        heals.push(fault.healed.catch((error: unknown) => options.log?.(`healing ${kind} failed: ${error}`)));
        options.log?.(`fault ${i + 1}/${options.faults}: ${kind}`);
        break;
      }
      skipped += 1;
      // Try the next kind in the deck now, and this one again later.
      deck.push(deck.shift()!);
      if (tries % deck.length === deck.length - 1) await sleep(500);
    }
  }
  return { heals, skipped };
}

function shuffle<T>(rng: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Resolves every proposal the workload left unresolved, then waits for the engine to be empty. */
async function drain(stack: ChaosStack, ctx: WorkloadContext): Promise<void> {
  for (const replica of [...stack.engines, ...stack.orchestrators]) {
    if (!replica.current().isRunning()) await replica.restart().catch(() => undefined);
  }
  await waitUntil(async () => (await countProcessing(stack.orchestratorSql)) === 0, SETTLE_MS);
  const open = await stack.orchestratorSql<
    { id: string }[]
  >`select id from proposals where status <> 'resolved'`;
  for (const { id } of open) await ctx.client.call('POST', `/api/proposals/${id}/reject`);
  // The cleanup outbox backs off while the engines are down (1 s doubling): give it time.
  await waitUntil(async () => (await engineThreads(stack.engineSql)).length === 0, 150_000);
}

/**
 * Runs the chaos harness: starts the stack, drives refinements while the seeded schedule injects
 * faults, drains, checks the invariants and stops everything.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const started = performance.now();
  const rng = seededRandom(options.seed);
  const stack = await startChaosStack({
    ...(options.adminUrl ? { adminUrl: options.adminUrl } : {}),
    stepDelayMs: 50,
  });
  const elapsed = () => (performance.now() - started) / 1000;
  const ready = elapsed();
  options.log?.(`stack ready after ${ready.toFixed(0)} s`);
  const injected = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const runs: Refinement[] = [];
  try {
    const token = await stack.tokenFor('chaos-user');
    // Generous: under faults a refinement may wait for restarts; the drain checks what is left.
    const deadline = Date.now() + ((options.durationS ?? options.faults * 1.5) + 600) * 1000;
    const urls = () => stack.orchestrators.map((o) => `http://127.0.0.1:${o.port}`);
    const viewers = new Set<Viewer>();
    const ctx: WorkloadContext = {
      client: replicaClient(urls, token, seededRandom(options.seed + 1), deadline),
      engineSql: stack.engineSql,
      rng: seededRandom(options.seed + 2),
      wsUrls: () => urls().map((u) => u.replace(/^http/, 'ws')),
      token,
      deadline,
      viewers,
      pendingRaces: 0,
    };
    let isFaulting = true;
    let next = 0;
    const lane = async () => {
      // At least as many refinements as faults, and refinements for as long as faults come.
      while ((isFaulting || next < options.faults) && Date.now() < deadline) {
        const run = await driveRefinement(ctx, next++);
        if (run) runs.push(run);
      }
    };
    const lanes = Array.from({ length: options.lanes ?? 3 }, lane);
    const { heals, skipped } = await scheduleFaults(
      options,
      { stack, rng, viewers, requestRace: () => (ctx.pendingRaces += 1) },
      injected,
    );
    isFaulting = false;
    await Promise.all(heals);
    const faulted = elapsed();
    options.log?.('faults done; draining');
    await Promise.all(lanes);
    await Promise.all(runs.map((r) => r.viewer?.done));
    await drain(stack, ctx);
    const drained = elapsed();
    options.log?.(`drained after ${drained.toFixed(0)} s`);
    const violations = await checkInvariants(runs, stack.orchestratorSql, stack.engineSql);
    if (violations.orphanedThreads > 0) for (const line of await describeOrphans(stack)) options.log?.(line);
    const pids = stack.pids();
    await stack.stop();
    const leftBehind = pids.filter((pid) => pid > 0 && isAlive(pid)).length;
    const timings = { ready, faulted, drained };
    const crashes = stack.crashes;
    return { injected, skipped, runs, violations, timings, crashes, leftBehind, seconds: elapsed() };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
