import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BaseChatModel, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import type { ChatResult } from '@langchain/core/outputs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../common/testing/postgres.js';
import { OfflineChatModel } from './agent/offline-model.js';
import type { RunningEngine } from './server.js';
import {
  collectStream,
  getJson,
  invokeBody,
  postJson,
  requestJson,
  startTestEngine,
  waitFor,
} from './testing/harness.js';

/** A provider that fails: the double for an LLM outage. */
class FailingModel extends BaseChatModel {
  override _llmType(): string {
    return 'failing';
  }
  override bindTools(_tools: BindToolsInput[]): FailingModel {
    return this;
  }
  override async _generate(): Promise<ChatResult> {
    throw new Error('provider answered 503: model overloaded');
  }
}

describe('spec engine runs with scripted models', () => {
  let db: TestDatabase;
  const engines: RunningEngine[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('spec_scripted');
  });
  afterAll(async () => {
    for (const e of engines) await e.stop();
    await db?.drop();
  });

  async function engine(options: Parameters<typeof startTestEngine>[0]) {
    const e = await startTestEngine(options);
    engines.push(e);
    return `${e.url}/spec-engine`;
  }

  it('turns a model failure into error then end, and state failed with the error', async () => {
    const base = await engine({ databaseUrl: db.url, createModel: () => new FailingModel({}) });
    const { body } = await postJson(`${base}/invoke`, invokeBody('Anything.'));
    const { frames, closeCode } = await collectStream(`${base}/stream/${body.thread_id}`);
    expect(closeCode).toBe(1000);
    const tail = frames.slice(-2);
    expect(tail[0]).toMatchObject({
      event_type: 'error',
      data: { error: expect.stringMatching(/model overloaded/) },
    });
    expect(typeof tail[0]!.data.context).toBe('string');
    expect(tail[1]).toMatchObject({ event_type: 'end', data: { status: 'failed' } });
    const state = await getJson(`${base}/state/${body.thread_id}`);
    expect(state.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/model overloaded/) });
  });

  it('tells the truth while running: running, checkpointed files so far, then completed', async () => {
    let release: () => void = () => {};
    let gate = new Promise<void>((r) => (release = r));
    let steps = 0;
    const base = await engine({
      databaseUrl: db.url,
      createModel: () =>
        new OfflineChatModel({
          beforeStep: async () => {
            steps++;
            // Hold the run after the impact stage wrote its file (step 6 of the loop).
            if (steps === 6) await gate;
          },
        }),
    });
    const { body } = await postJson(`${base}/invoke`, invokeBody('Reconcile bank statements.'));
    const threadId = body.thread_id as string;
    const held = await waitFor(async () => {
      const s = await getJson(`${base}/state/${threadId}`);
      return steps >= 6 ? s.body : undefined;
    });
    expect(held.status).toBe('running');
    // Give the pending checkpoint write a moment, then read what is really checkpointed.
    const during = await waitFor(async () => {
      const s = (await getJson(`${base}/state/${threadId}`)).body;
      return Object.keys(s.generated_files as object).length > 0 ? s : undefined;
    });
    expect(during.status).toBe('running');
    expect(Object.keys(during.generated_files as object)).not.toContain('/definition.json');
    expect(during.last_seq).toBeGreaterThan(0);
    release();
    gate = Promise.resolve();
    await collectStream(`${base}/stream/${threadId}`);
    const after = (await getJson(`${base}/state/${threadId}`)).body;
    expect(after.status).toBe('completed');
    expect(Object.keys(after.generated_files as object)).toContain('/definition.json');
  });

  it('deletes a running thread: open streams close, the run stops and leaves no rows behind', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let steps = 0;
    const e = await startTestEngine({
      databaseUrl: db.url,
      createModel: () => new OfflineChatModel({ beforeStep: async () => (++steps >= 3 ? gate : undefined) }),
    });
    engines.push(e);
    const base = `${e.url}/spec-engine`;
    const { body } = await postJson(`${base}/invoke`, invokeBody('Clean up stale branches.'));
    const threadId = body.thread_id as string;
    await waitFor(async () => (steps >= 3 ? true : undefined));
    const open = collectStream(`${base}/stream/${threadId}`);
    await new Promise((r) => setTimeout(r, 300)); // the stream has replayed and is following
    expect((await requestJson('DELETE', `${base}/threads/${threadId}`)).status).toBe(200);
    const closed = await open;
    expect(closed.closeCode).toBe(1000);
    expect(closed.frames.length).toBeGreaterThan(0);
    expect(closed.frames.some((f) => f.event_type === 'end')).toBe(false);
    release();
    // The run notices at its next event and stops: no run is active any more.
    await waitFor(async () => {
      const metrics = await (await fetch(`${e.url}/metrics`)).text();
      return /^spec_engine_runs_active\{[^}]*\} 0$/m.test(metrics) ? true : undefined;
    });
    const sql = connectDatabase(db.url, { max: 1 });
    try {
      const [r] = await sql`select
        (select count(*) from checkpoints where thread_id = ${threadId})::int as cp,
        (select count(*) from spec_events where thread_id = ${threadId})::int as ev,
        (select count(*) from spec_runs where thread_id = ${threadId})::int as runs`;
      expect(r).toEqual({ cp: 0, ev: 0, runs: 0 });
    } finally {
      await sql.end();
    }
    expect((await getJson(`${base}/state/${threadId}`)).status).toBe(404);
  });

  it('requires the bearer token on prefixed routes only, when configured', async () => {
    const e = await startTestEngine({ databaseUrl: db.url, env: { SPEC_ENGINE_TOKEN: 'test-token-123' } });
    engines.push(e);
    const denied = await postJson(`${e.url}/spec-engine/invoke`, invokeBody('x'));
    expect(denied.status).toBe(401);
    const wrong = await postJson(`${e.url}/deepagents-runtime/invoke`, invokeBody('x'), {
      authorization: 'Bearer nope',
    });
    expect(wrong.status).toBe(401);
    const ok = await postJson(`${e.url}/spec-engine/invoke`, invokeBody('Write a haiku.'), {
      authorization: 'Bearer test-token-123',
    });
    expect(ok.status).toBe(200);
    expect((await fetch(`${e.url}/health`)).status).toBe(200);
    expect((await fetch(`${e.url}/ready`)).status).toBe(200);
  });

  it('finishes 50 concurrent runs under the concurrency limit, each with its own files', async () => {
    const base = await engine({ databaseUrl: db.url, env: { SPEC_ENGINE_CONCURRENCY: '8' } });
    // Runs share this process's event loop with the HTTP server: it must keep turning.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = Date.now();
    const threads = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const { body } = await postJson(
          `${base}/invoke`,
          invokeBody(`Process batch ${i} of orders, then notify team ${i}.`),
        );
        return body.thread_id as string;
      }),
    );
    // Generous: the 50 runs share the CI machine with every other test file (how fast they run is
    // measured in bench/, not here).
    const results = await Promise.all(threads.map((t) => collectStream(`${base}/stream/${t}`, {}, 200_000)));
    const elapsed = Date.now() - started;
    loop.disable();
    console.info(
      `50 runs: ${elapsed} ms, event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms`,
    );
    for (const r of results)
      expect(r.frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
    const states = await Promise.all(threads.map((t) => getJson(`${base}/state/${t}`)));
    expect(states.every((s) => s.body.status === 'completed')).toBe(true);
    expect(loop.percentile(99) / 1e6).toBeLessThan(1000);
  }, 260_000);
});
