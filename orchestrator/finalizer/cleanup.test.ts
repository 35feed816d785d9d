import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { createMetricsRegistry } from '../../common/observability/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { runMigrations } from '../db/migrate.js';
import { createSpecEngineClient } from '../engine/spec-engine-client.js';
import { discardDraft } from '../services/drafts.js';
import { type CleanupWorker, startCleanupWorker } from './cleanup.js';
import { createOrchestratorMetrics } from '../observability/metrics.js';
import { type ScriptedEngine, startScriptedEngine } from '../testing/scripted-engine.js';
import { fastStreamingOptions, waitFor } from '../testing/stack.js';

describe('cleanup outbox', () => {
  let db: TestDatabase;
  let sql: Sql;
  let engine: ScriptedEngine;
  let worker: CleanupWorker;
  const logs: Record<string, unknown>[] = [];
  let userId: string;
  let workflowId: string;

  beforeAll(async () => {
    db = await createTestDatabase('orch_cleanup');
    sql = connectDatabase(db.url, { max: 4 });
    await runMigrations(sql);
    engine = await startScriptedEngine();
    const client = createSpecEngineClient({
      baseUrl: engine.url,
      pathPrefix: '/spec-engine',
      initialDelayMs: 5,
      maxDelayMs: 10,
    });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(JSON.parse(chunk.toString('utf8')));
        done();
      },
    });
    worker = startCleanupWorker(
      sql,
      client,
      fastStreamingOptions({ cleanupPollMs: 100, cleanupRetryMs: 100 }),
      createOrchestratorMetrics(createMetricsRegistry('test', false)),
      pino({ level: 'info' }, sink),
    );
    [{ id: userId }] = (await sql`insert into users (subject) values ('dora') returning id`) as unknown as [
      { id: string },
    ];
    [{ id: workflowId }] = (await sql`
      insert into workflows (owner_id, name) values (${userId}, 'wf') returning id`) as unknown as [
      { id: string },
    ];
    await sql`insert into drafts (workflow_id) values (${workflowId})`;
  });
  afterAll(async () => {
    await worker?.stop();
    await engine?.close();
    await sql?.end({ timeout: 5 });
    await db?.drop();
  });

  async function proposal(threadId: string, status: string, cleanup: 'pending' | 'none') {
    const resolution = status === 'resolved' ? 'rejected' : null;
    const [row] = await sql<{ id: string }[]>`
      insert into proposals (workflow_id, created_by, job_id, thread_id, status, resolution, instructions,
                             base_revision, cleanup_state, cleanup_next_at)
      values (${workflowId}, ${userId}, gen_random_uuid(), ${threadId}, ${status}, ${resolution}, 'x', 0,
              ${cleanup}, ${cleanup === 'pending' ? sql`now()` : null})
      returning id`;
    return row!.id;
  }

  async function cleanupOf(id: string) {
    const [row] =
      await sql`select cleanup_state, cleanup_attempts, cleanup_error from proposals where id = ${id}`;
    return row!;
  }

  it('retries the DELETE with backoff until the engine has received it with a 2xx', async () => {
    const threadId = 'thread-flaky';
    // Four 500s exhaust the client's own retries once; the outbox tries again later.
    engine.script(threadId, { steps: [], deleteStatuses: [500, 500, 500, 500, 503, 204] });
    const id = await proposal(threadId, 'resolved', 'pending');
    const row = await waitFor(async () => {
      const r = await cleanupOf(id);
      return r.cleanup_state === 'done' ? r : undefined;
    }, 10_000);
    expect(row).toEqual({ cleanup_state: 'done', cleanup_attempts: 2, cleanup_error: null });
    const deletes = engine.seen.filter(
      (r) => r.method === 'DELETE' && r.path === `/spec-engine/threads/${threadId}`,
    );
    expect(deletes.map((d) => d.status)).toEqual([500, 500, 500, 500, 503, 204]);
  });

  it('counts a 404 as already gone and logs it', async () => {
    const id = await proposal('thread-never-known', 'failed', 'pending');
    const row = await waitFor(async () => {
      const r = await cleanupOf(id);
      return r.cleanup_state === 'done' ? r : undefined;
    }, 10_000);
    expect(row).toEqual({
      cleanup_state: 'done',
      cleanup_attempts: 1,
      cleanup_error: 'already gone (engine answered 404)',
    });
    expect(logs).toContainEqual(
      expect.objectContaining({
        msg: 'engine thread already gone (404)',
        threadId: 'thread-never-known',
        proposalId: id,
      }),
    );
  });

  it('enqueues the threads of finished proposals when the draft is discarded', async () => {
    engine.script('thread-done', { steps: [] });
    const finished = await proposal('thread-done', 'completed', 'none');
    const running = await proposal('thread-running', 'processing', 'none');
    await discardDraft(sql, userId, workflowId);
    await waitFor(async () => (await cleanupOf(finished)).cleanup_state === 'done', 10_000);
    expect((await cleanupOf(running)).cleanup_state).toBe('none');
    expect(
      engine.seen.some((r) => r.method === 'DELETE' && r.path.endsWith('/thread-done') && r.status === 204),
    ).toBe(true);
  });
});
