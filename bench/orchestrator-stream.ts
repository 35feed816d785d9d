/**
 * Refinement streaming through the orchestrator's WebSocket proxy, side by side with the
 * same streams read from the engine directly:
 * 1. event throughput and latency (p50/p99) with `--streams` (1,000) concurrent streams;
 * 2. memory per idle authenticated socket with `--idle` (10,000) sockets on `--threads`
 *    (100) threads (shared upstreams), against a bare `ws` server holding as many sockets.
 * The engine stand-in and the orchestrator run as their own processes; clients run here.
 * Loopback only; a fresh database on the local PostgreSQL server, dropped afterwards.
 *
 * @example npm run bench:stream -- --streams 1000 --idle 10000 --rounds 4
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { connectDatabase, ensureDatabase, freePort, withDatabase } from '../common/db/index.js';
import { rssKiB, serverPid, spawnTsx } from '../orchestrator/testing/processes.js';
import { signTestToken, TEST_SECRET } from '../orchestrator/testing/tokens.js';

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '1000' },
    frames: { type: 'string', default: '100' },
    'interval-ms': { type: 'string', default: '20' },
    idle: { type: 'string', default: '10000' },
    threads: { type: 'string', default: '100' },
    profile: { type: 'string' },
    // Measure the bare relay and the orchestrator alternately this many times (ABBA order) and
    // report the sums: the machine's speed drifts between phases by more than the gap measured.
    rounds: { type: 'string', default: '1' },
    // Run the orchestrator as the images do (`node dist/orchestrator/main.js`, after `npm run build`)
    // instead of through tsx, whose transform adds a `__name` call to every function it creates.
    built: { type: 'boolean', default: false },
  },
});
const STREAMS = Number(values.streams);
const FRAMES = Number(values.frames);
const IDLE = Number(values.idle);
const THREADS = Number(values.threads);
const ROUNDS = Math.max(1, Number(values.rounds));
const now = () => performance.timeOrigin + performance.now();
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function percentile(sorted: number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** CPU seconds (user + system) a process has used. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface StreamStats {
  frames: number;
  seconds: number;
  /** CPU seconds the clients (this process) used. */
  clientCpu: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Opens `count` streams at once; resolves when all closed. */
async function runStreams(url: (i: number) => string, headers: Record<string, string>, count: number) {
  const latencies: number[] = [];
  let frames = 0;
  const started = now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(url(i), { headers, perMessageDeflate: false });
          ws.on('message', (data: Buffer) => {
            const at = now();
            const frame = JSON.parse(data.toString('utf8')) as { data: { sent_at?: number } };
            frames += 1;
            if (frame.data.sent_at !== undefined) latencies.push(at - frame.data.sent_at);
          });
          ws.once('close', () => resolve());
          ws.once('error', reject);
        }),
    ),
  );
  const seconds = (now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    clientCpu: (cpu.user + cpu.system) / 1e6,
    frames,
    seconds,
    perSecond: frames / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  } satisfies StreamStats;
}

/** Microseconds per frame. */
const us = (seconds: number, frames: number) => (seconds * 1e6) / frames;

/** A measured path: its stream figures and CPU per frame of its server and of all processes. */
interface PathRun {
  readonly stats: StreamStats;
  /** The relay's CPU per frame, or the engine's for the direct path. */
  readonly serverUs: number;
  /** Engine + relay + clients, per frame. */
  readonly totalUs: number;
}

/** Runs `STREAMS` streams on one path, taking the CPU the engine and the relay (if any) used meanwhile. */
async function measurePath(
  url: (i: number) => string,
  headers: Record<string, string>,
  enginePid: number,
  relayPid?: number,
): Promise<PathRun> {
  const cpuOf = () => Promise.all([cpuSeconds(enginePid), relayPid ? cpuSeconds(relayPid) : 0]);
  const [engineBefore, relayBefore] = await cpuOf();
  const stats = await runStreams(url, headers, STREAMS);
  const [engineAfter, relayAfter] = await cpuOf();
  const engine = engineAfter - engineBefore;
  const relay = relayAfter - relayBefore;
  return {
    stats,
    serverUs: us(relayPid ? relay : engine, stats.frames),
    totalUs: us(engine + relay + stats.clientCpu, stats.frames),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return percentile(sorted, 50);
}

/** Rounds of one path as one run: frames, time and CPU summed; p50/p99 the medians of the rounds. */
function combineRuns(runs: PathRun[]): PathRun {
  if (runs.length === 1) return runs[0] as PathRun;
  const frames = runs.reduce((n, r) => n + r.stats.frames, 0);
  const seconds = runs.reduce((n, r) => n + r.stats.seconds, 0);
  const weighted = (of: (r: PathRun) => number) =>
    runs.reduce((n, r) => n + of(r) * r.stats.frames, 0) / frames;
  return {
    stats: {
      frames,
      seconds,
      clientCpu: runs.reduce((n, r) => n + r.stats.clientCpu, 0),
      perSecond: frames / seconds,
      p50: median(runs.map((r) => r.stats.p50)),
      p99: median(runs.map((r) => r.stats.p99)),
    },
    serverUs: weighted((r) => r.serverUs),
    totalUs: weighted((r) => r.totalUs),
  };
}

/** Opens `count` idle sockets in batches; returns them (open). */
async function openIdle(url: (i: number) => string, headers: Record<string, string>, count: number) {
  const sockets: WebSocket[] = [];
  const BATCH = 250;
  for (let from = 0; from < count; from += BATCH) {
    const batch = await Promise.all(
      Array.from(
        { length: Math.min(BATCH, count - from) },
        (_, k) =>
          new Promise<WebSocket>((resolve, reject) => {
            const ws = new WebSocket(url(from + k), { headers, perMessageDeflate: false });
            ws.once('open', () => resolve(ws));
            ws.once('error', reject);
          }),
      ),
    );
    sockets.push(...batch);
  }
  return sockets;
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.terminate();
        }),
    ),
  );
}

/** The compiled orchestrator; `npm run build` makes it. */
function orchestratorBuild(): string {
  const file = 'dist/orchestrator/main.js';
  if (!existsSync(file)) throw new Error(`--built needs ${file}: run \`npm run build\` first`);
  return file;
}

async function main(): Promise<void> {
  const name = `bench_stream_${process.pid}`;
  await ensureDatabase(ADMIN_URL, name);
  const db = {
    url: withDatabase(ADMIN_URL, name),
    async drop() {
      const admin = connectDatabase(ADMIN_URL, { max: 1 });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
  const orchestratorPort = await freePort();
  // --profile <dir>: CPU profiles of the orchestrator and the bare relay, written on their graceful stop.
  const profileFlags = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const engine = spawnTsx('bench/support/stream-engine.ts', {
    BENCH_FRAMES: String(FRAMES),
    BENCH_INTERVAL_MS: values['interval-ms'],
  });
  let orchestrator: ReturnType<typeof spawnTsx> | undefined;
  let relay: ReturnType<typeof spawnTsx> | undefined;
  const sql = connectDatabase(db.url, { max: 2 });
  try {
    const enginePort = Number((await engine.waitFor(/listening on (\d+)/, 60_000))[1]);
    orchestrator = spawnTsx(
      values.built ? orchestratorBuild() : 'orchestrator/main.ts',
      {
        PORT: String(orchestratorPort),
        DATABASE_URL: db.url,
        AUTH_JWT_SECRET: TEST_SECRET,
        SPEC_ENGINE_URL: `http://127.0.0.1:${enginePort}`,
        LOG_LEVEL: 'warn',
        FINALIZER_POLL_SECONDS: '3600',
      },
      profileFlags,
    );
    relay = spawnTsx(
      'bench/support/bare-relay.ts',
      { BENCH_ENGINE_URL: `ws://127.0.0.1:${enginePort}` },
      profileFlags,
    );
    const relayPort = Number((await relay.waitFor(/listening on (\d+)/, 60_000))[1]);
    await waitForHealth(`http://127.0.0.1:${orchestratorPort}/health`, 60_000);
    const [user] = await sql<{ id: string }[]>`insert into users (subject) values ('bench') returning id`;
    const [wf] = await sql<{ id: string }[]>`
      insert into workflows (owner_id, name) values (${user!.id}, 'bench') returning id`;
    // Finished proposals: the proxy serves any owned thread; the finalizer leaves them alone.
    await sql`
      insert into proposals (workflow_id, created_by, job_id, thread_id, status, instructions, base_revision)
      select ${wf!.id}, ${user!.id}, gen_random_uuid(), t, 'completed', 'bench', 0
      from (select 'run-' || g as t from generate_series(0, ${STREAMS - 1}) g
            union all select 'idle-' || g from generate_series(0, ${THREADS - 1}) g) threads`;
    const token = await signTestToken({ sub: 'bench', expiresIn: 3600 });
    const auth = { authorization: `Bearer ${token}` };
    const direct = (t: string) => `ws://127.0.0.1:${enginePort}/spec-engine/stream/${t}`;
    const proxied = (t: string) => `ws://127.0.0.1:${orchestratorPort}/api/ws/refinements/${t}`;
    const bare = (t: string) => `ws://127.0.0.1:${relayPort}/api/ws/refinements/${t}`;

    // Warm-up (JIT, pools, token cache), then the measured runs side by side.
    // One untimed round of each path at the measured shape: the first round a process serves at
    // this size pays one-time costs (heap growth, JIT of cold paths) that a replica in service has
    // long paid (measured: 10–50 % more CPU per frame than the rounds after it, on either relay).
    await runStreams((i) => direct(`run-${i}`), {}, STREAMS);
    await runStreams((i) => proxied(`run-${i}`), auth, STREAMS);
    await runStreams((i) => bare(`run-${i}`), {}, STREAMS);
    const orchestratorPid = await serverPid(orchestrator.child.pid!);
    const enginePid = await serverPid(engine.child.pid!);
    const relayPid = await serverPid(relay.child.pid!);
    const directRun = await measurePath((i) => direct(`run-${i}`), {}, enginePid);
    const bareRuns: PathRun[] = [];
    const proxyRuns: PathRun[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measureBare = async () =>
        bareRuns.push(await measurePath((i) => bare(`run-${i}`), {}, enginePid, relayPid));
      const measureProxy = async () =>
        proxyRuns.push(await measurePath((i) => proxied(`run-${i}`), auth, enginePid, orchestratorPid));
      if (round % 2 === 0) {
        await measureBare();
        await measureProxy();
      } else {
        await measureProxy();
        await measureBare();
      }
    }
    const bareRun = combineRuns(bareRuns);
    const proxyRun = combineRuns(proxyRuns);
    const proxyBefore = await rssKiB(orchestratorPid);
    const idleProxy = await openIdle((i) => proxied(`idle-${i % THREADS}`), auth, IDLE);
    await new Promise((r) => setTimeout(r, 3_000));
    const proxyAfter = await rssKiB(orchestratorPid);
    await closeAll(idleProxy);
    const engineBefore = await rssKiB(enginePid);
    const idleDirect = await openIdle((i) => direct(`idle-${i % THREADS}`), {}, IDLE);
    await new Promise((r) => setTimeout(r, 3_000));
    const engineAfter = await rssKiB(enginePid);
    await closeAll(idleDirect);

    const perProxy = (proxyAfter - proxyBefore) / IDLE;
    const perDirect = (engineAfter - engineBefore) / IDLE;
    const fmt = (n: number, d = 1) => n.toFixed(d);
    console.log(
      `\n${STREAMS} concurrent streams × ${FRAMES} frames (every ${values['interval-ms']} ms), clients in this process`,
    );
    console.log(
      '| measure | through the orchestrator | direct to the engine | ratio | bare `ws` relay (floor of any proxy) | orchestrator / bare relay |',
    );
    console.log('|---|---|---|---|---|---|');
    const row = (
      measure: string,
      of: (r: PathRun) => number,
      unit: string,
      digits: number,
      note = ['', '', ''],
    ) =>
      console.log(
        `| ${measure} | ${fmt(of(proxyRun), digits)}${unit}${note[0]} | ${fmt(of(directRun), digits)}${unit}${note[1]} | ${fmt(of(proxyRun) / of(directRun), 2)}x | ${fmt(of(bareRun), digits)}${unit}${note[2]} | ${fmt(of(proxyRun) / of(bareRun), 2)}x |`,
      );
    const counts = (r: PathRun) => ` (${r.stats.frames} in ${fmt(r.stats.seconds, 2)} s)`;
    row(
      'event throughput',
      (r) => r.stats.perSecond,
      ' frames/s',
      0,
      [proxyRun, directRun, bareRun].map(counts),
    );
    row('server CPU per frame', (r) => r.serverUs, ' µs', 1, [
      ' (orchestrator: receive + send)',
      ' (engine stand-in: send only)',
      ' (receive + send)',
    ]);
    // Every process's CPU per delivered frame: on 2 cores this bounds what each path can carry.
    row('CPU per frame, all processes (engine, relay, clients)', (r) => r.totalUs, ' µs', 1);
    if (ROUNDS > 1) {
      const ratios = (of: (r: PathRun) => number) =>
        proxyRuns.map((r, k) => fmt(of(r) / of(bareRuns[k] as PathRun), 2)).join(', ');
      console.log(
        `| rounds (ABBA; p50 and p99 are the medians of rounds) | server CPU per frame / bare: ${ratios((r) => r.serverUs)} | throughput / bare: ${ratios((r) => r.stats.perSecond)} | p99 / bare: ${ratios((r) => r.stats.p99)} | | |`,
      );
    }
    row('latency p50', (r) => r.stats.p50, ' ms', 2);
    row('latency p99', (r) => r.stats.p99, ' ms', 2);
    console.log(
      `| memory per idle socket (${IDLE} sockets, ${THREADS} threads) | ${fmt(perProxy, 1)} KiB (RSS ${fmt(proxyBefore / 1024)} → ${fmt(proxyAfter / 1024)} MiB) | ${fmt(perDirect, 1)} KiB: bare ws server (RSS ${fmt(engineBefore / 1024)} → ${fmt(engineAfter / 1024)} MiB) | ${fmt(perProxy / perDirect, 2)}x |`,
    );
  } finally {
    for (const profiled of values.profile ? [orchestrator, relay] : []) {
      try {
        if (profiled?.child.pid) process.kill(await serverPid(profiled.child.pid), 'SIGTERM');
      } catch {
        // already gone: nothing to flush
      }
    }
    if (values.profile) await new Promise((r) => setTimeout(r, 3_000));
    await orchestrator?.kill();
    await relay?.kill();
    await engine.kill();
    await sql.end({ timeout: 5 });
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
