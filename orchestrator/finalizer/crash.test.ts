import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, freePort, type Sql } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { loadConfig } from '../settings/config.js';
import { type RunningOrchestrator, startOrchestrator } from '../server.js';
import { signTestToken, TEST_SECRET } from '../testing/tokens.js';
import { files, modernRun } from '../testing/frames.js';
import { serverPid, spawnTsx, type TsxProcess } from '../testing/processes.js';
import { type ScriptedEngine, startScriptedEngine } from '../testing/scripted-engine.js';
import { fastStreamingOptions, waitFor } from '../testing/stack.js';

const FINAL = { '/THE_SPEC/plan.md': ['# Plan', 'survived'] };

async function api(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await signTestToken({ sub: 'carol' })}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  return { status: res.status, body: (await res.json()) as any };
}

async function refine(base: string): Promise<string> {
  const wf = await api(base, 'POST', '/api/workflows', { name: 'crash' });
  const started = await api(base, 'POST', `/api/workflows/${wf.body.id}/refinements`, { instructions: 'go' });
  expect(started.status).toBe(202);
  return started.body.proposal_id;
}

describe('orchestrator processes killed mid-run', () => {
  let db: TestDatabase;
  let sql: Sql;
  let engine: ScriptedEngine;
  const processes: TsxProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('orch_crash');
    sql = connectDatabase(db.url, { max: 2 });
    engine = await startScriptedEngine({ script: { steps: modernRun(FINAL, 400) } });
  });
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await engine?.close();
    await sql?.end({ timeout: 5 });
    await db?.drop();
  });

  async function startReplica(name: string, env: Record<string, string> = {}): Promise<string> {
    const port = await freePort();
    const replica = spawnTsx('orchestrator/main.ts', {
      PORT: String(port),
      DATABASE_URL: db.url,
      AUTH_JWT_SECRET: TEST_SECRET,
      SPEC_ENGINE_URL: engine.url,
      LOG_LEVEL: 'info',
      ORCHESTRATOR_REPLICA_ID: name,
      FINALIZER_LEASE_SECONDS: '1.5',
      FINALIZER_POLL_SECONDS: '0.2',
      STREAM_RECONNECT_DELAY_MS: '20',
      OTEL_SDK_DISABLED: 'true',
      ...env,
    });
    processes.push(replica);
    await replica.waitFor(/IDE Orchestrator listening/, 60_000);
    return `http://127.0.0.1:${port}`;
  }

  it('another process finishes the runs of a SIGKILLed one, and no proposal is finalized twice', async () => {
    const [a] = await Promise.all([startReplica('replica-a'), startReplica('replica-b')]);
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) ids.push(await refine(a!));
    await waitFor(
      async () => {
        const [row] = await sql`select count(*)::int as n from proposals where lease_owner is not null`;
        return row!.n === ids.length;
      },
      10_000,
      'leases',
    );
    const heldByA =
      await sql`select id from proposals where lease_owner = 'replica-a' and status = 'processing'`;
    expect(heldByA.length).toBeGreaterThan(0);
    await processes[0]!.kill();
    const rows = await waitFor(
      async () => {
        const all = await sql`select id, status, generated_files from proposals`;
        return all.every((r) => r.status !== 'processing') ? all : undefined;
      },
      30_000,
      'every proposal to be finalized',
    );
    for (const row of rows) {
      expect(row.status).toBe('completed');
      expect(row.generated_files).toEqual(files(FINAL));
    }
    const audits = await sql`
      select proposal_id, count(*)::int as n from audit_events
      where action in ('proposal.completed', 'proposal.failed') group by proposal_id`;
    expect(audits).toHaveLength(ids.length);
    for (const a of audits) expect(a.n).toBe(1);
  }, 90_000);

  it('a replica stopped with SIGTERM gives its leases back at once', async () => {
    const lease = { FINALIZER_LEASE_SECONDS: '60' };
    const [c] = await Promise.all([startReplica('replica-c', lease), startReplica('replica-d', lease)]);
    const id = await refine(c!);
    await waitFor(async () => {
      const [row] = await sql`select lease_owner from proposals where id = ${id}`;
      return row?.lease_owner === 'replica-c';
    });
    const stopping = processes.at(-2)!;
    process.kill(await serverPid(stopping.child.pid!), 'SIGTERM');
    await stopping.waitFor(/"msg":"stopped"/, 20_000);
    const [row] = await waitFor(
      async () => {
        const rows = await sql`select status, lease_owner from proposals where id = ${id}`;
        return rows[0]?.status === 'completed' ? rows : undefined;
      },
      15_000,
      'replica-d to finish the run',
    );
    expect(row!.status).toBe('completed');
  }, 90_000);
});

describe('engine process killed mid-run', () => {
  let db: TestDatabase;
  let orchestrator: RunningOrchestrator;
  let first: TsxProcess | undefined;
  let second: ScriptedEngine | undefined;

  afterAll(async () => {
    await first?.kill();
    await orchestrator?.stop();
    await second?.close();
    await db?.drop();
  });

  it('finishes the proposal from the restarted engine, resuming the stream', async () => {
    db = await createTestDatabase('orch_engine_crash');
    const port = await freePort();
    const script = { steps: modernRun(FINAL, 300), state: { status: 'completed' } };
    first = spawnTsx('orchestrator/testing/scripted-engine-main.ts', {
      SCRIPTED_ENGINE: JSON.stringify({ port, script }),
    });
    await first.waitFor(/scripted engine listening/, 60_000);
    orchestrator = await startOrchestrator(
      loadConfig({
        PORT: '0',
        DATABASE_URL: db.url,
        AUTH_JWT_SECRET: TEST_SECRET,
        SPEC_ENGINE_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'silent',
      }),
      fastStreamingOptions({ reconnectDelayMs: 300 }),
    );
    const base = `http://127.0.0.1:${orchestrator.port}`;
    const proposalId = await refine(base);
    await new Promise((r) => setTimeout(r, 700));
    await first.kill();
    // The replacement knows the run (it resumed from its checkpoint) and replays its events.
    // The killed process group may hold the port a few more milliseconds.
    second = await waitFor(
      () => startScriptedEngine({ port, knowsEveryThread: true, script }).catch(() => undefined),
      5_000,
      'the port to be free',
    );
    const done = await waitFor(
      async () => {
        const got = await api(base, 'GET', `/api/proposals/${proposalId}`);
        return got.body.status !== 'processing' ? got.body : undefined;
      },
      30_000,
      'the proposal to be finalized',
    );
    expect(done.status).toBe('completed');
    expect(done.generated_files).toEqual(files(FINAL));
    const resumed = second.seen.find((r) => r.method === 'WS');
    expect(resumed?.query).toMatch(/^\?after_seq=[1-9]/);
  }, 90_000);
});
