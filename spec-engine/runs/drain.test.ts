/**
 * An engine on the in-process queue that is stopped mid-run: while it drains it is not ready and
 * takes no job, the run stops after its next checkpoint (not failed), and the next start resumes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import type { RunningEngine } from '../server.js';
import {
  collectStream,
  countCheckpoints,
  getJson,
  invokeBody,
  postJson,
  startTestEngine,
  waitFor,
} from '../testing/harness.js';

describe('an engine with the in-process queue stopped mid-run', () => {
  let db: TestDatabase;
  let sql: Sql;
  let running: RunningEngine | undefined;
  const start = async () => {
    // Steps of 1.5 s: the drain (the rest of the step in progress) outlasts the probes below.
    running = await startTestEngine({
      databaseUrl: db.url,
      env: { SPEC_ENGINE_OFFLINE_STEP_DELAY_MS: '1500', SPEC_ENGINE_DRAIN_SECONDS: '60' },
    });
    return running;
  };
  const checkpoints = (threadId: string) => countCheckpoints(sql, threadId);

  beforeAll(async () => {
    db = await createTestDatabase('spec_drain_local');
    sql = connectDatabase(db.url, { max: 2 });
  });
  afterAll(async () => {
    await running?.stop();
    await sql?.end();
    await db?.drop();
  });

  it('is not ready and refuses jobs while it drains, stops the run at a checkpoint, and the next start resumes it', async () => {
    const first = await start();
    const { body } = await postJson(
      `${first.url}/spec-engine/invoke`,
      invokeBody('Draft an incident runbook.'),
    );
    const threadId = body.thread_id as string;
    await waitFor(async () => ((await checkpoints(threadId)) >= 3 ? true : undefined), 60_000, 'mid-run');
    const atStop = await checkpoints(threadId);

    const stopping = first.stop();
    running = undefined;
    const [ready, refused] = await Promise.all([
      getJson(`${first.url}/ready`),
      postJson(`${first.url}/spec-engine/invoke`, invokeBody('Another job.')),
    ]);
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toMatchObject({ shutdown: { ok: false, reason: 'draining for shutdown' } });
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({
      error: { code: 'queue_unavailable', message: 'the job queue is unavailable; retry later' },
    });
    await stopping;

    expect(await checkpoints(threadId)).toBeGreaterThan(atStop);
    const [run] = await sql`select status, attempts from spec_runs where thread_id = ${threadId}`;
    expect(run).toMatchObject({ status: 'running', attempts: 1 });
    const [ends] = await sql`
      select count(*)::int as n from spec_events where thread_id = ${threadId} and event_type in ('end', 'error')`;
    expect(ends?.n).toBe(0);

    const second = await start();
    const { frames } = await collectStream(`${second.url}/spec-engine/stream/${threadId}`, {}, 240_000);
    expect(frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
    expect(frames.map((f) => f.seq)).toEqual(frames.map((_, i) => i + 1));
    const [resumed] = await sql`select status, attempts from spec_runs where thread_id = ${threadId}`;
    expect(resumed).toMatchObject({ status: 'completed', attempts: 2 });
  }, 240_000);
});
