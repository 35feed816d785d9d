import { setTimeout as sleep } from 'node:timers/promises';
import type { Random } from './random.js';
import { type ChaosStack, ENGINE_ACK_WAIT_MS, type Replica } from './stack.js';
import type { Viewer } from './viewer.js';

/** Every fault the schedule draws from. */
export const FAULT_KINDS = [
  'kill-engine',
  'kill-orchestrator',
  'stop-engine',
  'terminate-db-connections',
  'restart-nats',
  'cut-upstream',
  'stall-upstream',
  'cut-viewer',
  'race-approve-reject',
] as const;

/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What injecting faults needs. */
export interface FaultContext {
  readonly stack: ChaosStack;
  readonly rng: Random;
  readonly viewers: ReadonlySet<Viewer>;
  /** Asks the workload for one more approve/reject race. */
  requestRace(): void;
}

/** Replicas being killed or restarted now: not a target until they are back. */
const busy = new Set<Replica>();
let isNatsRestarting = false;

function pickIdle(rng: Random, replicas: readonly Replica[]): Replica | undefined {
  const idle = replicas.filter((r) => !busy.has(r) && r.current().isRunning());
  return idle.length > 0 ? rng.pick(idle) : undefined;
}

/** Runs `fault` on a replica and brings it back; the promise settles once it is ready again. */
async function withReplica(replica: Replica, fault: () => Promise<void>): Promise<void> {
  busy.add(replica);
  try {
    await fault();
  } finally {
    busy.delete(replica);
  }
}

async function killAndRestart(rng: Random, replica: Replica): Promise<void> {
  await replica.kill();
  await sleep(rng.int(200, 1500));
  await replica.restart();
}

/** An injected fault; `healed` settles once it is healed (process restarted, SIGCONT sent, stall over). */
export interface Injected {
  readonly healed: Promise<void>;
}

const done: Injected = { healed: Promise.resolve() };
const healing = (healed: Promise<void> | undefined): Injected | undefined => healed && { healed };

/** Injects one fault; undefined when it has no target right now (every replica busy, no viewer). */
export async function injectFault(kind: FaultKind, ctx: FaultContext): Promise<Injected | undefined> {
  const { stack, rng } = ctx;
  switch (kind) {
    case 'kill-engine':
    case 'kill-orchestrator': {
      const replica = pickIdle(rng, kind === 'kill-engine' ? stack.engines : stack.orchestrators);
      return healing(replica && withReplica(replica, () => killAndRestart(rng, replica)));
    }
    case 'stop-engine': {
      const replica = pickIdle(rng, stack.engines);
      if (!replica) return undefined;
      const pid = replica.current().pid;
      // Longer than the ack wait: the job goes to the other engine while this one sleeps.
      process.kill(pid, 'SIGSTOP');
      return healing(
        withReplica(replica, async () => {
          await sleep(ENGINE_ACK_WAIT_MS + rng.int(500, 2000));
          process.kill(pid, 'SIGCONT');
        }),
      );
    }
    case 'terminate-db-connections': {
      const database = rng.pick([stack.databases.orchestrator, stack.databases.engine]);
      await stack.adminSql`
        select pg_terminate_backend(pid) from pg_stat_activity
        where datname = ${database} and pid <> pg_backend_pid()`;
      return done;
    }
    case 'restart-nats': {
      if (isNatsRestarting) return undefined;
      isNatsRestarting = true;
      return healing(stack.nats.restart().finally(() => (isNatsRestarting = false)));
    }
    case 'cut-upstream': {
      const proxy = rng.pick(stack.proxies.filter((p) => p.connections > 0));
      if (!proxy) return undefined;
      proxy.cutOne((n) => rng.int(0, n - 1));
      return done;
    }
    case 'stall-upstream': {
      const proxy = rng.pick(stack.proxies);
      return healing(proxy.stall(rng.int(1500, 4000)));
    }
    case 'cut-viewer': {
      const viewers = [...ctx.viewers];
      if (viewers.length === 0) return undefined;
      return rng.pick(viewers).cut() ? done : undefined;
    }
    case 'race-approve-reject':
      ctx.requestRace();
      return done;
  }
}
