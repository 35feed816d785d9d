import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../common/testing/postgres.js';
import type { RunningEngine } from './server.js';
import type { Protocol } from './testing/provider-wire.js';
import {
  providerEnv,
  type ScriptedProvider,
  type ScriptStep,
  startScriptedProvider,
} from './testing/scripted-provider.js';
import {
  collectStream,
  getJson,
  invokeBody,
  postJson,
  requestJson,
  startTestEngine,
  waitFor,
} from './testing/harness.js';

const PLAN = '# Plan\n\nReconcile bank statements nightly.\n';
/** A whole refinement: a tool call that writes the plan, then the closing text. */
const REFINEMENT: ScriptStep[] = [
  {
    kind: 'tool',
    name: 'write_file',
    args: { file_path: '/THE_SPEC/plan.md', content: PLAN },
    usage: { input: 120, output: 30 },
  },
  {
    kind: 'text',
    text: 'I wrote the plan for the reconciliation workflow.',
    usage: { input: 200, output: 12 },
  },
];

describe('spec engine with real provider clients against scripted providers', () => {
  let db: TestDatabase;
  let engine: RunningEngine | undefined;
  let provider: ScriptedProvider | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('spec_providers');
  });
  afterEach(async () => {
    await engine?.stop();
    await provider?.close();
    engine = undefined;
    provider = undefined;
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function start(
    protocol: Protocol,
    script: ScriptStep[],
    env: Record<string, string> = {},
    eventDelayMs = 0,
  ) {
    provider = await startScriptedProvider(protocol, script, { eventDelayMs });
    engine = await startTestEngine({ databaseUrl: db.url, env: providerEnv(protocol, provider, env) });
    const base = `${engine.url}/spec-engine`;
    const { body } = await postJson(`${base}/invoke`, invokeBody('Reconcile bank statements.'));
    const threadId = body.thread_id as string;
    return {
      base,
      threadId,
      provider,
      stream: () => collectStream(`${base}/stream/${threadId}`, {}, 60_000),
    };
  }

  async function failure(base: string, threadId: string) {
    const { frames } = await collectStream(`${base}/stream/${threadId}`, {}, 60_000);
    const tail = frames.slice(-2);
    expect(tail.map((f) => f.event_type)).toEqual(['error', 'end']);
    expect(tail[1]!.data.status).toBe('failed');
    const state = await getJson(`${base}/state/${threadId}`);
    expect(state.body.status).toBe('failed');
    expect(state.body.error).toBe(tail[0]!.data.error);
    return String(state.body.error);
  }

  it.each(['openai', 'anthropic'] as const)(
    'runs a whole refinement through %s: streamed tool call, live text, files and token usage',
    async (protocol) => {
      const run = await start(protocol, REFINEMENT, {}, 60);
      const { frames, closeCode } = await run.stream();
      expect(closeCode).toBe(1000);
      const end = frames.at(-1)!;
      expect(end).toMatchObject({
        event_type: 'end',
        data: { status: 'completed', usage: { input_tokens: 320, output_tokens: 42 } },
      });
      const lastFiles = frames.filter((f) => f.event_type === 'on_state_update' && f.data.files).at(-1)!;
      const plan = (lastFiles.data.files as Record<string, { content: string[] }>)['/THE_SPEC/plan.md'];
      expect(plan?.content.join('\n')).toBe(PLAN);
      // The text arrives in several frames as the provider streams it, in order.
      const live = frames.filter((f) => f.event_type === 'on_llm_stream').map((f) => String(f.data.content));
      expect(live.length).toBeGreaterThan(1);
      expect(live.join('')).toBe('I wrote the plan for the reconciliation workflow.');
      const state = await getJson(`${run.base}/state/${run.threadId}`);
      expect(state.body).toMatchObject({
        status: 'completed',
        usage: { input_tokens: 320, output_tokens: 42 },
      });
      // The real clients sent the key in their header and asked for streamed usage.
      const first = run.provider.requests[0]!;
      if (protocol === 'openai') {
        expect(first.headers.authorization).toBe('Bearer sk-test-secret-value-1234');
        expect(first.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      } else {
        expect(first.headers['x-api-key']).toBe('sk-ant-test-secret-value-1234');
        expect(first.body).toMatchObject({ stream: true });
      }
      const metrics = await (await fetch(`${engine!.url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          `spec_engine_model_tokens_total\\{[^}]*provider="${protocol}"[^}]*kind="input"[^}]*\\} 320`,
        ),
      );
      expect(metrics).toMatch(
        new RegExp(
          `spec_engine_model_tokens_total\\{[^}]*provider="${protocol}"[^}]*kind="output"[^}]*\\} 42`,
        ),
      );
    },
    90_000,
  );

  it.each(['openai', 'anthropic'] as const)(
    'retries a 429 with Retry-After through %s and completes',
    async (protocol) => {
      const run = await start(protocol, [
        { kind: 'status', status: 429, message: 'slow down', headers: { 'retry-after': '1' } },
        ...REFINEMENT,
      ]);
      const { frames } = await run.stream();
      expect(frames.at(-1)).toMatchObject({ event_type: 'end', data: { status: 'completed' } });
      expect(run.provider.requests.length).toBe(3);
    },
    90_000,
  );

  it.each(['openai', 'anthropic'] as const)(
    'fails fast on a rejected key from %s, naming the provider and never the key',
    async (protocol) => {
      const run = await start(protocol, [{ kind: 'status', status: 401, message: 'invalid api key' }], {
        SPEC_ENGINE_MODEL_RETRIES: '3',
      });
      const error = await failure(run.base, run.threadId);
      expect(error).toMatch(
        new RegExp(`^${protocol} model .+ rejected the credentials \\(HTTP 401\\): invalid api key`),
      );
      expect(error).not.toMatch(/secret-value/);
      expect(run.provider.requests.length).toBe(1);
    },
    90_000,
  );

  it('fails with the provider message when it keeps answering 500, after retrying', async () => {
    const run = await start('openai', [
      { kind: 'status', status: 500, message: 'the model is overloaded' },
      { kind: 'status', status: 500, message: 'the model is overloaded' },
    ]);
    const error = await failure(run.base, run.threadId);
    expect(error).toMatch(/^openai model .+ failed with HTTP 500 after retries: the model is overloaded$/);
    expect(run.provider.requests.length).toBe(2);
  }, 90_000);

  it.each(['openai', 'anthropic'] as const)(
    'times out a %s call that never answers, retries it, then fails naming the timeout',
    async (protocol) => {
      const run = await start(protocol, [{ kind: 'stall' }, { kind: 'stall' }], {
        SPEC_ENGINE_MODEL_TIMEOUT_SECONDS: '1',
      });
      const error = await failure(run.base, run.threadId);
      expect(error).toMatch(new RegExp(`^${protocol} model .+ did not answer within 1 s`));
      expect(run.provider.requests.length).toBe(2);
      // Each timed-out attempt closed its connection.
      await run.provider.waitForClosedEarly(2);
    },
    90_000,
  );

  it.each(['openai', 'anthropic'] as const)(
    'fails a %s answer that stops mid-stream instead of waiting for ever',
    async (protocol) => {
      const run = await start(protocol, [{ kind: 'stall-after-start' }], {
        SPEC_ENGINE_MODEL_TIMEOUT_SECONDS: '1',
      });
      const error = await failure(run.base, run.threadId);
      expect(error).toMatch(new RegExp(`^${protocol} model .+: ${protocol} stopped sending its answer`));
      await run.provider.waitForClosedEarly(1);
    },
    90_000,
  );

  it.each(['openai', 'anthropic'] as const)(
    'fails a run whose %s answer is malformed with a clear error',
    async (protocol) => {
      const run = await start(protocol, [{ kind: 'malformed' }, { kind: 'malformed' }]);
      const error = await failure(run.base, run.threadId);
      expect(error).toMatch(new RegExp(`^${protocol} model .+ sent a malformed answer`));
    },
    90_000,
  );

  it('ends a run at its deadline and closes the provider connection', async () => {
    const run = await start('openai', [{ kind: 'stall' }], {
      SPEC_ENGINE_MODEL_TIMEOUT_SECONDS: '60',
      SPEC_ENGINE_RUN_DEADLINE_SECONDS: '2',
    });
    const error = await failure(run.base, run.threadId);
    expect(error).toBe('the run exceeded its deadline of 2 s (SPEC_ENGINE_RUN_DEADLINE_SECONDS)');
    await run.provider.waitForClosedEarly(1);
  }, 90_000);

  it('aborts the provider request when the thread is deleted mid-call', async () => {
    const run = await start('anthropic', [{ kind: 'stall' }], { SPEC_ENGINE_MODEL_TIMEOUT_SECONDS: '60' });
    await run.provider.waitForRequests(1);
    const res = await requestJson('DELETE', `${run.base}/threads/${run.threadId}`);
    expect(res.status).toBe(200);
    await run.provider.waitForClosedEarly(1);
    expect((await getJson(`${run.base}/state/${run.threadId}`)).status).toBe(404);
    // Nobody retries a cancelled call.
    await new Promise((r) => setTimeout(r, 500));
    expect(run.provider.requests.length).toBe(1);
  }, 90_000);

  it('reports zero tokens for the offline model', async () => {
    engine = await startTestEngine({ databaseUrl: db.url });
    const base = `${engine.url}/spec-engine`;
    const { body } = await postJson(`${base}/invoke`, invokeBody('Reconcile bank statements.'));
    const { frames } = await collectStream(`${base}/stream/${body.thread_id}`, {}, 60_000);
    expect(frames.at(-1)).toMatchObject({
      event_type: 'end',
      data: { status: 'completed', usage: { input_tokens: 0, output_tokens: 0 } },
    });
    const state = await waitFor(async () => (await getJson(`${base}/state/${body.thread_id}`)).body);
    expect(state.usage).toEqual({ input_tokens: 0, output_tokens: 0 });
  }, 90_000);
});
