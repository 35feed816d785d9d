import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, freePort, type Sql } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { natsSkipReason, testNatsUrl } from '../../common/testing/nats.js';
import type { RunningEngine } from '../server.js';
import {
  collectStream,
  type Frame,
  getJson,
  invokeBody,
  postJson,
  startTestEngine,
  waitFor,
} from '../testing/harness.js';
import { natsNames } from '../../common/contracts/nats.js';
import { deleteJetStream } from './setup.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Spawns an engine worker as its own OS process (own process group, so SIGKILL reaches all of it). */
async function spawnEngineProcess(into: ChildProcess[], env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn('npx', ['tsx', 'spec-engine/main.ts'], {
    cwd: repoRoot,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(await freePort()),
      NATS_URL: testNatsUrl(),
      SPEC_ENGINE_ACK_WAIT_MS: '1500',
      SPEC_ENGINE_MODEL: 'offline',
      SPEC_ENGINE_OFFLINE_STEP_DELAY_MS: '150',
      LOG_LEVEL: 'silent',
      SPEC_ENGINE_ALLOW_UNAUTHENTICATED: 'true',
      ...env,
    },
  });
  into.push(child);
  return child;
}

/** SIGKILLs the process group of a spawned engine. */
function kill(child: ChildProcess): void {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Kills the workers, stops the front, deletes the run's JetStream objects and its database. */
async function tearDown(ctx: {
  workers: readonly ChildProcess[];
  front: RunningEngine | undefined;
  prefix: string;
  sql: Sql | undefined;
  db: TestDatabase | undefined;
}): Promise<void> {
  for (const w of ctx.workers) kill(w);
  await ctx.front?.stop();
  const nc = await connect({ servers: testNatsUrl() });
  await deleteJetStream(await jetstreamManager(nc), natsNames(ctx.prefix));
  await nc.close();
  await ctx.sql?.end();
  await ctx.db?.drop();
}

/** Waits until a thread has at least `n` events, and returns its highest seq. */
function waitForEvents(sql: Sql, threadId: string, n: number): Promise<number> {
  return waitFor(
    async () => {
      const [row] = await sql<
        { seq: number | null }[]
      >`select max(seq) as seq from spec_events where thread_id = ${threadId}`;
      return (row?.seq ?? 0) >= n ? row!.seq! : undefined;
    },
    30_000,
    'the worker to get mid-run',
  );
}

describe.skipIf(!testNatsUrl())('a worker process killed mid-run', () => {
  const prefix = `c${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  let sql: Sql;
  let front: RunningEngine;
  const workers: ChildProcess[] = [];

  const spawnWorker = () =>
    spawnEngineProcess(workers, { DATABASE_URL: db.url, SPEC_ENGINE_NATS_PREFIX: prefix });

  beforeAll(async () => {
    natsSkipReason();
    db = await createTestDatabase('spec_crash');
    sql = connectDatabase(db.url, { max: 2 });
    // The HTTP front runs no jobs; it also creates the streams and the consumer.
    front = await startTestEngine({
      databaseUrl: db.url,
      env: {
        NATS_URL: testNatsUrl(),
        SPEC_ENGINE_NATS_PREFIX: prefix,
        SPEC_ENGINE_ACK_WAIT_MS: '1500',
        SPEC_ENGINE_WORKER: 'false',
      },
    });
  });
  afterAll(() => tearDown({ workers, front, prefix, sql, db }));

  it('is redelivered and resumed from the last checkpoint by another process, without duplicated input', async () => {
    const first = await spawnWorker();
    const { body } = await postJson(
      `${front.url}/spec-engine/invoke`,
      invokeBody('Audit cloud costs, then propose savings.'),
    );
    const threadId = body.thread_id as string;
    // Mid-run: several checkpointed steps, no end yet.
    const seqAtKill = await waitForEvents(sql, threadId, 12);
    kill(first);
    const stateAtKill = (await getJson(`${front.url}/spec-engine/state/${threadId}`)).body;
    expect(stateAtKill.status).toBe('running');
    const [ended] =
      await sql`select count(*)::int as n from spec_events where thread_id = ${threadId} and event_type = 'end'`;
    expect(ended?.n).toBe(0);

    await spawnWorker();
    const { frames } = await collectStream(`${front.url}/spec-engine/stream/${threadId}`, {}, 60_000);
    expect(frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
    expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => i + 1));
    expect(frames.length).toBeGreaterThan(seqAtKill);

    const state = (await getJson(`${front.url}/spec-engine/state/${threadId}`)).body;
    expect(state.status).toBe('completed');
    expect(Object.keys(state.generated_files as object)).toContain('/definition.json');
    const [run] = await sql`select attempts from spec_runs where thread_id = ${threadId}`;
    expect(run?.attempts).toBe(2);

    // No duplicated input: one human message in the final state, and no state with only the
    // input after the kill (a restart from scratch would stream one again).
    const updates = frames.filter((f: Frame) => f.event_type === 'on_state_update');
    const final = updates.at(-1)!.data.messages as { type: string }[];
    expect(final.filter((m) => m.type === 'human')).toHaveLength(1);
    const inputOnly = updates.filter((f) => (f.data.messages as unknown[]).length === 1);
    expect(inputOnly.length).toBeGreaterThan(0);
    expect(inputOnly.every((f) => f.seq <= seqAtKill)).toBe(true);
    expect(
      updates.filter((f) => f.seq > seqAtKill).every((f) => (f.data.messages as unknown[]).length > 1),
    ).toBe(true);
    // No loop: the orchestrator delegated to each of the five specialists, in order, and stopped.
    const tasks = final.flatMap((m) =>
      ((m as { tool_calls?: { name: string; args: { subagent_type?: string } }[] }).tool_calls ?? [])
        .filter((c) => c.name === 'task')
        .map((c) => c.args.subagent_type),
    );
    expect(tasks).toEqual([
      'guardrail-agent',
      'impact-analysis-agent',
      'workflow-spec-agent',
      'agent-spec-agent',
      'multiagent-compiler-agent',
    ]);
  }, 90_000);
});

describe.skipIf(!testNatsUrl())('a job every worker died on', () => {
  const prefix = `d${randomBytes(4).toString('hex')}`;
  const env = {
    SPEC_ENGINE_NATS_PREFIX: prefix,
    SPEC_ENGINE_MAX_DELIVER: '1',
    SPEC_ENGINE_ACK_WAIT_MS: '1000',
  };
  let db: TestDatabase;
  let sql: Sql;
  let front: RunningEngine;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('spec_dead');
    sql = connectDatabase(db.url, { max: 2 });
    front = await startTestEngine({
      databaseUrl: db.url,
      env: { NATS_URL: testNatsUrl(), SPEC_ENGINE_WORKER: 'false', ...env },
    });
  });
  afterAll(() => tearDown({ workers, front, prefix, sql, db }));

  it('is failed with error and end once it runs out of deliveries, instead of hanging in running', async () => {
    const worker = await spawnEngineProcess(workers, { DATABASE_URL: db.url, ...env });
    const { body } = await postJson(
      `${front.url}/spec-engine/invoke`,
      invokeBody('Rotate on-call schedules.'),
    );
    const threadId = body.thread_id as string;
    await waitForEvents(sql, threadId, 5);
    kill(worker);
    // The replacement worker's pulls make the server notice the exhausted job (max_deliver 1).
    await spawnEngineProcess(workers, { DATABASE_URL: db.url, ...env });
    const { frames } = await collectStream(`${front.url}/spec-engine/stream/${threadId}`, {}, 40_000);
    expect(frames.slice(-2)).toMatchObject([
      { event_type: 'error', data: { error: expect.stringMatching(/delivered 1 times/) } },
      { event_type: 'end', data: { status: 'failed' } },
    ]);
    const state = (await getJson(`${front.url}/spec-engine/state/${threadId}`)).body;
    expect(state).toMatchObject({ status: 'failed', error: expect.stringMatching(/no worker finished it/) });
  }, 60_000);
});
