/**
 * End-to-end refinement load (requirement 9.5): N concurrent refinements through the
 * orchestrator (offline model), M WebSocket viewers each, until every proposal is finalized;
 * then the same N runs invoked on the Spec Engine directly with M viewers on its own socket,
 * side by side. Reports completion, event throughput, API p99 under load vs idle, and memory.
 *
 * Defaults: 50 refinements × 2 viewers (about three minutes on the shared 2-core machine);
 * the target run is `--refinements 200`.
 *
 * @example npm run bench:e2e -- --refinements 200 --viewers 2
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SPEC_BUILDER_DEFINITION } from '../common/agents/spec-builder-definition.js';
import { loadStackConfig } from '../scripts/stack/config.js';
import { createTempDataDir } from '../scripts/stack/database.js';
import { mintDevToken } from '../scripts/stack/dev-auth.js';
import { startStack } from '../scripts/stack/stack.js';
import { type ApiClient, apiClient } from '../tests/support/http.js';
import { readStream } from '../tests/support/ws-client.js';

const { values } = parseArgs({
  options: {
    refinements: { type: 'string', default: '50' },
    viewers: { type: 'string', default: '2' },
    'timeout-s': { type: 'string', default: '240' },
  },
});
const N = Number(values.refinements);
const M = Number(values.viewers);
const TIMEOUT_MS = Number(values['timeout-s']) * 1000;
const USERS = 20;
const PROBE_INTERVAL_MS = 50;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Requests `path` at a steady ~20 requests/s (a busy frontend's polling, not a load generator of
 * its own) from a separate process until `until` settles and at least `minCount` were made;
 * returns the latencies in ms.
 */
async function probe(
  url: string,
  token: string,
  path: string,
  until: Promise<unknown>,
  minCount: number,
): Promise<number[]> {
  const child = fork(fileURLToPath(new URL('./support/api-probe.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      PROBE_URL: url,
      PROBE_TOKEN: token,
      PROBE_PATH: path,
      PROBE_INTERVAL_MS: String(PROBE_INTERVAL_MS),
    },
  });
  const answer = new Promise<number[]>((resolve, reject) => {
    child.once('message', (m: { latencies?: number[]; error?: string }) =>
      m.latencies ? resolve(m.latencies) : reject(new Error(m.error)),
    );
    child.once('exit', (code) => reject(new Error(`the API probe exited with ${code}`)));
  });
  // Both ways: a derived promise left rejected would crash the bench before it stops the stack.
  const stop = () => child.send({ stop: minCount });
  void until.then(stop, stop);
  return answer;
}

/**
 * Starts refinement `i` as a frontend does: a 503 (engine unavailable, breaker open) is retried
 * after its `Retry-After`; anything else but 202 fails the bench.
 */
async function startHonouringRetryAfter(api: ApiClient, workflowId: string, i: number, onRetry: () => void) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const res = await api.post(`/api/workflows/${workflowId}/refinements`, {
      instructions: `Refinement ${i}: add a retry policy.`,
    });
    if (res.status === 202) return res;
    if (res.status !== 503 || Date.now() > deadline) {
      throw new Error(`refinement ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    onRetry();
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 5) * 1000));
  }
}

interface RunOutcome {
  /** Proposal ids (through the orchestrator) or thread ids (engine direct). */
  readonly ids: string[];
  readonly finalized: number;
  readonly completed: number;
  readonly frames: number;
  readonly seconds: number;
  /** Starts answered 503 and retried after Retry-After (orchestrator path only). */
  readonly retried: number;
}

/** Watches `wsUrl` with M viewers until the server closes; returns the frames they received. */
async function watch(wsUrl: string, token?: string): Promise<number> {
  const viewers = await Promise.all(
    Array.from({ length: M }, () =>
      readStream(wsUrl, { ...(token ? { token } : {}), timeoutMs: TIMEOUT_MS }),
    ),
  );
  return viewers.reduce((sum, v) => sum + v.frames.length, 0);
}

/** Sums up one path's runs (`status` as the proposal or the engine state reports it). */
function outcomeOf(
  runs: { id: string; status: string; frames: number }[],
  started: number,
  retried: number,
): RunOutcome {
  return {
    ids: runs.map((r) => r.id),
    finalized: runs.filter((r) => r.status === 'completed' || r.status === 'failed').length,
    completed: runs.filter((r) => r.status === 'completed').length,
    retried,
    frames: runs.reduce((sum, r) => sum + r.frames, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

/** N refinements through the orchestrator, M viewers on its socket each, until all are finalized. */
async function throughOrchestrator(
  url: string,
  clients: ApiClient[],
  tokens: string[],
  workflows: string[],
): Promise<RunOutcome> {
  const t0 = performance.now();
  let retried = 0;
  const runs = await Promise.all(
    workflows.map(async (workflowId, i) => {
      const api = clients[i % USERS]!;
      const res = await startHonouringRetryAfter(api, workflowId, i, () => retried++);
      const { proposal_id: id, thread_id: threadId } = res.body as { proposal_id: string; thread_id: string };
      const frames = await watch(
        `${url.replace('http', 'ws')}/api/ws/refinements/${threadId}`,
        tokens[i % USERS],
      );
      // The proposal is finalized server-side; poll until it leaves processing.
      const deadline = Date.now() + TIMEOUT_MS;
      while (Date.now() < deadline) {
        const p = await api.get<{ status: string }>(`/api/proposals/${id}`);
        if (p.body.status !== 'processing') return { id, status: p.body.status, frames };
        await new Promise((r) => setTimeout(r, 500));
      }
      return { id, status: 'processing', frames };
    }),
  );
  return outcomeOf(runs, t0, retried);
}

/** The same N runs invoked on the engine directly, M viewers on the engine's socket each. */
async function engineDirect(engineUrl: string): Promise<RunOutcome> {
  const engine = apiClient(engineUrl);
  const t0 = performance.now();
  const runs = await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const res = await engine.post('/spec-engine/invoke', {
        job_id: randomUUID(),
        agent_definition: SPEC_BUILDER_DEFINITION,
        input_payload: {
          messages: [{ role: 'user', content: `Refinement ${i}: add a retry policy.` }],
          files: {},
        },
      });
      if (res.status >= 300)
        throw new Error(`invoke ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
      const id = String((res.body as { thread_id: string }).thread_id);
      const frames = await watch(`${engineUrl.replace('http', 'ws')}/spec-engine/stream/${id}`);
      const state = await engine.get<{ status: string }>(`/spec-engine/state/${id}`);
      return { id, status: state.body.status, frames };
    }),
  );
  return outcomeOf(runs, t0, 0);
}

async function main(): Promise<void> {
  const dataDir = await createTempDataDir('zt-bench-e2e-');
  process.env.SPEC_ENGINE_MODEL ??= 'offline';
  const config = await loadStackConfig({
    ...process.env,
    STACK_DATA_DIR: dataDir,
    ORCHESTRATOR_PORT: '0',
    SPEC_ENGINE_PORT: '0',
    LOG_LEVEL: 'error',
  });
  const stack = await startStack(config);
  try {
    const url = stack.orchestrator.url;
    const secret = stack.auth.secret!;
    const tokens = await Promise.all(
      Array.from({ length: USERS }, (_, u) => mintDevToken(secret, { sub: `bench-${u}` })),
    );
    const clients = tokens.map((t) => apiClient(url, t, {}, { checkContract: false }));
    const workflows: string[] = [];
    for (let i = 0; i < N; i++) {
      const res = await clients[i % USERS]!.post<{ id: string }>('/api/workflows', { name: `bench ${i}` });
      workflows.push(res.body.id);
    }
    // Warm-up: one finalized proposal to probe, and the code paths compiled.
    const warm = await throughOrchestrator(url, clients, tokens, workflows.slice(0, 1));
    if (warm.completed !== 1) throw new Error('warm-up refinement did not complete');
    // The API a frontend polls most: an authenticated proposal read (with its diff against the draft).
    const probePath = `/api/proposals/${warm.ids[0]}`;
    const idle = await probe(url, tokens[0]!, probePath, new Promise((r) => setTimeout(r, 5_000)), 100);

    const memBefore = {
      orchestrator: await rssMiB(stack.orchestrator.pid),
      engine: await rssMiB(stack.specEngine.pid),
    };
    let peak = { ...memBefore };
    const sampler = setInterval(async () => {
      peak = {
        orchestrator: Math.max(peak.orchestrator, await rssMiB(stack.orchestrator.pid)),
        engine: Math.max(peak.engine, await rssMiB(stack.specEngine.pid)),
      };
    }, 250);
    const load = throughOrchestrator(url, clients, tokens, workflows);
    const underLoad = await probe(url, tokens[0]!, probePath, load, 50);
    const viaOrchestrator = await load;
    clearInterval(sampler);
    // The same probe while only the engine is busy: how much of the load p99 is the machine's CPU.
    const directRun = engineDirect(stack.specEngine.url);
    const engineBusy = await probe(url, tokens[0]!, probePath, directRun, 50);
    const direct = await directRun;

    const row = (name: string, r: RunOutcome) =>
      `| ${name} | ${r.finalized}/${N} | ${r.completed}/${N} | ${r.retried} | ${r.seconds.toFixed(1)} | ${Math.round(r.frames / r.seconds)} |`;
    const p99Idle = percentile(idle, 99);
    const p99Load = percentile(underLoad, 99);
    console.log(
      `\n${N} refinements × ${M} viewers, offline model, ${process.platform} Node ${process.version}`,
    );
    console.log('| path | finalized | completed | starts retried after 503 | wall s | frames/s to viewers |');
    console.log('|---|---|---|---|---|---|');
    console.log(row('through the orchestrator', viaOrchestrator));
    console.log(row('engine direct (baseline)', direct));
    console.log(
      `throughput ratio orchestrator/direct: ${(viaOrchestrator.frames / viaOrchestrator.seconds / (direct.frames / direct.seconds)).toFixed(2)}`,
    );
    console.log(
      `API p99 GET /api/proposals/{id}: idle ${p99Idle.toFixed(1)} ms (n=${idle.length}), under load ${p99Load.toFixed(1)} ms (n=${underLoad.length}), ratio ${(p99Load / p99Idle).toFixed(2)}`,
    );
    console.log(
      `API p99 while only the engine is busy (direct baseline running): ${percentile(engineBusy, 99).toFixed(1)} ms (n=${engineBusy.length})`,
    );
    console.log(
      `RSS MiB orchestrator ${memBefore.orchestrator.toFixed(0)} → peak ${peak.orchestrator.toFixed(0)}, engine ${memBefore.engine.toFixed(0)} → peak ${peak.engine.toFixed(0)}`,
    );
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
