import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeEngine, startFakeEngine } from '../testing/fake-engine.js';
import {
  type BreakerState,
  createSpecEngineClient,
  type EngineCallObservation,
  SpecEngineError,
} from './spec-engine-client.js';

describe('Spec Engine client', () => {
  let engine: FakeEngine;
  beforeAll(async () => {
    engine = await startFakeEngine('/deepagents-runtime');
  });
  afterAll(async () => {
    await engine.close();
  });
  afterEach(() => {
    engine.behave(undefined);
    engine.requests.length = 0;
  });

  const fast = { timeoutMs: 300, initialDelayMs: 5, maxDelayMs: 20 };
  const client = (extra: Partial<Parameters<typeof createSpecEngineClient>[0]> = {}) =>
    createSpecEngineClient({ baseUrl: engine.url, pathPrefix: '/deepagents-runtime', ...fast, ...extra });

  async function failure(promise: Promise<unknown>): Promise<SpecEngineError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecEngineError);
    return error as SpecEngineError;
  }

  it('reads state under the configured prefix and answers undefined for an unknown thread', async () => {
    const c = client({ token: 'shared' });
    expect(await c.getState('t-1')).toMatchObject({ thread_id: 't-1', status: 'running' });
    expect(engine.requests[0]).toMatchObject({ method: 'GET', path: '/deepagents-runtime/state/t-1' });
    expect(engine.requests[0]!.headers.authorization).toBe('Bearer shared');
    engine.behave(() => ({ status: 404, body: { detail: 'unknown thread' } }));
    expect(await c.getState('t-2')).toBeUndefined();
  });

  it('deletes threads: true when deleted, false when already gone, engine_rejected on another 4xx', async () => {
    const c = client();
    expect(await c.deleteThread('t-1')).toBe(true);
    engine.behave(() => ({ status: 404 }));
    expect(await c.deleteThread('t-1')).toBe(false);
    engine.behave(() => ({ status: 403, body: { detail: 'bad token' } }));
    const error = await failure(c.deleteThread('t-1'));
    expect([error.code, error.engineStatus, error.message]).toEqual([
      'engine_rejected',
      403,
      'the Spec Engine rejected the thread deletion (HTTP 403): bad token',
    ]);
  });

  it("reads the reason from the engine's error body, and is not retried on it", async () => {
    const c = client();
    engine.behave(() => ({
      status: 413,
      body: { error: { code: 'payload_too_large', message: 'request body must be at most 10 bytes' } },
    }));
    const error = await failure(c.invoke({ job_id: 'j', agent_definition: {}, input_payload: {} }));
    expect([error.code, error.engineStatus, error.message]).toEqual([
      'engine_rejected',
      413,
      expect.stringMatching(/\(HTTP 413\): request body must be at most 10 bytes$/),
    ]);
    expect(engine.requests).toHaveLength(1);
  });

  it('times out a hanging call and retries it before giving up as engine_unavailable', async () => {
    engine.behave(() => 'hang');
    const error = await failure(client({ maxAttempts: 2 }).getState('t'));
    expect(error.code).toBe('engine_unavailable');
    expect(error.message).toBe('the Spec Engine did not answer within 300 ms');
    expect(error.retryAfterSeconds).toBe(5);
    expect(engine.requests).toHaveLength(2);
  });

  it('retries 5xx on idempotent calls, and does not retry a 4xx', async () => {
    engine.behave((_r, i) => (i < 2 ? { status: 503 } : undefined));
    expect(await client().getState('t')).toBeDefined();
    expect(engine.requests).toHaveLength(3);
    engine.requests.length = 0;
    engine.behave(() => ({ status: 400, body: { detail: 'bad' } }));
    expect(
      (await failure(client().invoke({ job_id: 'j', agent_definition: {}, input_payload: {} }))).code,
    ).toBe('engine_rejected');
    expect(engine.requests).toHaveLength(1);
  });

  it('waits exponentially longer before each retry (decorrelated jitter around a doubling delay)', async () => {
    const arrivals: number[] = [];
    engine.behave(() => {
      arrivals.push(performance.now());
      return { status: 503 };
    });
    const initialDelayMs = 100;
    await failure(client({ maxAttempts: 6, initialDelayMs, maxDelayMs: 60_000 }).getState('t'));
    expect(arrivals).toHaveLength(6);
    // With cockatiel's decorrelated jitter the wait before retry k, counted from the first
    // attempt, is 2^t·tanh(√(4t)) / 1.4 × the initial delay for some t in [k-1, k): single gaps
    // vary, the sum grows exponentially. Before retry 1 it is under 1.38×; before retry 5 at
    // least 11.4× (16·tanh(4) / 1.4): five waits of the first one's length could not add up to it.
    const firstWait = arrivals[1]! - arrivals[0]!;
    const untilFifth = arrivals[5]! - arrivals[0]!;
    expect(firstWait).toBeLessThan(1.38 * initialDelayMs + 60); // + request time on a busy machine
    expect(untilFifth).toBeGreaterThanOrEqual(11.4 * initialDelayMs);
    expect(untilFifth).toBeGreaterThan(5 * firstWait);
  });

  it('refuses an invoke answer without a thread id', async () => {
    engine.behave(() => ({ status: 200, body: { status: 'started' } }));
    const error = await failure(
      client({ maxAttempts: 1 }).invoke({ job_id: 'j', agent_definition: {}, input_payload: {} }),
    );
    expect(error.code).toBe('engine_failed');
  });

  it('opens the breaker after more than 5 consecutive failures, half-opens, and closes on success', async () => {
    const states: BreakerState[] = [];
    const c = client({ maxAttempts: 1, halfOpenAfterMs: 150 });
    c.onBreakerStateChange((s) => states.push(s));
    engine.behave(() => ({ status: 500 }));
    for (let i = 0; i < 5; i++) expect((await failure(c.getState('t'))).code).toBe('engine_failed');
    expect(c.breakerState()).toBe('closed');
    expect((await failure(c.getState('t'))).code).toBe('engine_failed');
    expect(c.breakerState()).toBe('open');
    const calls = engine.requests.length;
    const open = await failure(c.getState('t'));
    expect([open.code, open.retryAfterSeconds]).toEqual(['breaker_open', 1]);
    expect(engine.requests.length).toBe(calls);
    engine.behave(undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(await c.getState('t')).toBeDefined();
    expect(c.breakerState()).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'closed']);
  });

  it('lets callers decorate headers and observe every call', async () => {
    const seen: EngineCallObservation[] = [];
    const c = client({
      decorateHeaders: (h) => h.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
      onCall: (o) => seen.push(o),
    });
    await c.getState('t');
    engine.behave(() => ({ status: 404 }));
    await c.deleteThread('t');
    expect(engine.requests[0]!.headers.traceparent).toMatch(/^00-0af7/);
    expect(seen.map((o) => [o.endpoint, o.result])).toEqual([
      ['state', 'ok'],
      ['delete', 'not_found'],
    ]);
  });
});
