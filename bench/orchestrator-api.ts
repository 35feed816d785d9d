/**
 * Benchmark: authenticated `GET /api/proposals/{id}` through the full orchestrator app
 * (request id, metrics, CORS, JWT verification, user lookup, proposal + draft queries, the
 * change diff) against a bare Hono + postgres.js handler doing one query, side by side in
 * one run: both apps are served by one child process on loopback, and the load
 * alternates between them in short rounds; the reported ratio is the median of per-round ratios.
 *
 * @example npm run bench:orchestrator            # BENCH_DATABASE_URL defaults to 127.0.0.1:5432
 * @example BENCH_SECONDS=3 BENCH_CONCURRENCY=16 npm run bench:orchestrator
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pino from 'pino';
import postgres from 'postgres';
import { connectDatabase, withDatabase } from '../common/db/index.js';
import { createLogger, createMetricsRegistry } from '../common/observability/index.js';
import { createApp } from '../orchestrator/app.js';
import { loadConfig } from '../orchestrator/settings/config.js';
import { runMigrations } from '../orchestrator/db/migrate.js';
import { insertProposal, markCompleted } from '../orchestrator/db/proposals.js';
import { ensureUser } from '../orchestrator/db/users.js';
import { insertWorkflow } from '../orchestrator/db/workflows.js';
import { listDraftFiles, upsertDraftFile } from '../orchestrator/db/drafts.js';
import { hashFiles } from '../orchestrator/services/merge.js';
import { createSpecEngineClient } from '../orchestrator/engine/spec-engine-client.js';
import { signTestToken, TEST_SECRET } from '../orchestrator/testing/tokens.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function lines(n: number, tag: string): string[] {
  return Array.from({ length: n }, (_, i) => `${tag} line ${i}: some specification text of a typical length`);
}

/** Child process: seeds nothing, serves the orchestrator app and the baseline on two ports. */
async function serveBoth(databaseUrl: string): Promise<void> {
  const sql = connectDatabase(databaseUrl, { max: 10 });
  const config = loadConfig({ AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' });
  const app = createApp({
    sql,
    config,
    // Production logging (one access line per request at info), written to /dev/null.
    logger: createLogger({
      service: 'ide-orchestrator',
      level: 'info',
      destination: pino.destination('/dev/null'),
    }),
    registry: createMetricsRegistry('ide-orchestrator', false),
    engine: createSpecEngineClient({
      baseUrl: config.specEngineUrl,
      pathPrefix: config.specEnginePathPrefix,
    }),
  });
  const baseline = new Hono().get('/api/proposals/:id', async (c) => {
    const [row] = await sql`select * from proposals where id = ${c.req.param('id')}`;
    return row ? c.json(row) : c.json({ error: 'not found' }, 404);
  });
  const ports: number[] = [];
  for (const fetch of [app.fetch, baseline.fetch]) {
    ports.push(
      await new Promise<number>((resolve) => {
        serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
      }),
    );
  }
  // CPU time of this process, asked for around each round: a figure other load on the machine
  // does not distort (unlike throughput).
  process.on('message', () => process.send?.({ cpu: process.cpuUsage() }));
  process.send?.({ ports });
}

async function seed(url: string): Promise<string> {
  const sql = connectDatabase(url, { max: 2 });
  try {
    await runMigrations(sql);
    const userId = await ensureUser(sql, 'bench-user');
    const workflow = await insertWorkflow(sql, userId, 'bench', '');
    const files: Record<string, { content: string[]; created_at: string; modified_at: string }> = {};
    const at = new Date().toISOString();
    for (let i = 0; i < 12; i++) {
      await upsertDraftFile(sql, workflow.id, `/THE_CAST/Agent${i}.md`, lines(40, `draft ${i}`));
      files[`/THE_CAST/Agent${i}.md`] = {
        content: lines(40, i % 3 === 0 ? `new ${i}` : `draft ${i}`),
        created_at: at,
        modified_at: at,
      };
    }
    files['/THE_SPEC/plan.md'] = { content: lines(60, 'plan'), created_at: at, modified_at: at };
    const base = await listDraftFiles(sql, workflow.id);
    const proposal = await insertProposal(sql, {
      workflowId: workflow.id,
      createdBy: userId,
      jobId: crypto.randomUUID(),
      instructions: 'bench',
      basePaths: base.map((file) => file.path),
      baseHashes: hashFiles(base),
      contextFilePath: null,
      contextSelection: null,
      baseRevision: '0',
    });
    await markCompleted(sql, proposal.id, files);
    return proposal.id;
  } finally {
    await sql.end();
  }
}

interface RoundResult {
  readonly requests: number;
  /** Server process CPU time per request, microseconds. */
  cpuUs?: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
}

async function load(
  port: number,
  pathname: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<RoundResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const req = request({ host: '127.0.0.1', port, path: pathname, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode} from port ${port}`));
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    while (performance.now() < deadline) await one();
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - began) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => {
      const { user, system } = (m as { cpu: NodeJS.CpuUsage }).cpu;
      resolve(user + system);
    });
    child.send('cpu');
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--serve') return serveBoth(process.argv[3]!);
  const name = `bench_orch_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = withDatabase(ADMIN_URL, name);
  let child: ChildProcess | undefined;
  try {
    const proposalId = await seed(url);
    const loader = pathToFileURL(
      path.resolve(import.meta.dirname, '..', 'node_modules', 'tsx', 'dist', 'loader.mjs'),
    ).href;
    child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/orch-prof'] : []),
        '--import',
        loader,
        import.meta.filename,
        '--serve',
        url,
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const [appPort, basePort] = await new Promise<number[]>((resolve, reject) => {
      child!.once('message', (m) => resolve((m as { ports: number[] }).ports));
      child!.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const token = await signTestToken({ sub: 'bench-user', expiresIn: 3600 });
    const pathname = `/api/proposals/${proposalId}`;
    const targets: { name: string; port: number; headers: Record<string, string> }[] = [
      { name: 'orchestrator', port: appPort!, headers: { authorization: `Bearer ${token}` } },
      { name: 'baseline', port: basePort!, headers: {} },
    ];
    for (const t of targets) await load(t.port, pathname, t.headers, 1); // warm-up (JIT, pools)
    const results: Record<string, RoundResult[]> = { orchestrator: [], baseline: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
        const before = await serverCpu(child);
        const result = await load(t.port, pathname, t.headers, SECONDS);
        const after = await serverCpu(child);
        result.cpuUs = (after - before) / result.requests;
        results[t.name]!.push(result);
      }
    }
    const summary = Object.fromEntries(
      Object.entries(results).map(([k, rs]) => [
        k,
        {
          rps: Math.round(median(rs.map((r) => r.rps))),
          p50_ms: Number(median(rs.map((r) => r.p50)).toFixed(2)),
          p99_ms: Number(median(rs.map((r) => r.p99)).toFixed(2)),
          server_cpu_us_per_request: Math.round(median(rs.map((r) => r.cpuUs ?? 0))),
          requests: rs.reduce((n, r) => n + r.requests, 0),
        },
      ]),
    );
    // The machine may be shared: adjacent rounds see the same load, so the ratio is taken
    // per round (orchestrator round / the baseline round beside it) and its median reported.
    const ratios = results.orchestrator!.map((r, i) => r.rps / results.baseline![i]!.rps);
    const ratio = median(ratios);
    console.log(
      JSON.stringify(
        {
          machine: `${os.cpus().length} cores, Node ${process.versions.node}`,
          concurrency: CONCURRENCY,
          seconds_per_round: SECONDS,
          rounds: ROUNDS,
          ...summary,
          throughput_ratio: Number(ratio.toFixed(2)),
          round_ratios: ratios.map((r) => Number(r.toFixed(2))),
          server_cpu_ratio: Number(
            (
              summary.baseline!.server_cpu_us_per_request / summary.orchestrator!.server_cpu_us_per_request
            ).toFixed(2),
          ),
          target: '>= 0.6',
        },
        null,
        2,
      ),
    );
  } finally {
    child?.kill('SIGTERM');
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

main().then(
  () => {
    if (process.argv[2] !== '--serve') process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
