import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTestToken } from '../testing/tokens.js';
import { legacyRun, modernRun } from '../testing/frames.js';
import { openClient, type Stack, startStack, TEST_ORIGIN, waitFor, type WsResult } from '../testing/stack.js';

const FINAL = { '/THE_SPEC/plan.md': ['# Plan', 'step 1'] };

/** `orchestrator_websocket_upstream_errors_total{reason}` on the stack's /metrics. */
async function upstreamErrors(baseUrl: string, reason: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('orchestrator_websocket_upstream_errors_total{') && l.includes(`reason="${reason}"`),
    );
  return Number(line?.split(' ').at(-1));
}

function texts(steps: readonly { frame: unknown }[]): string[] {
  return steps.map((s) => (typeof s.frame === 'string' ? s.frame : JSON.stringify(s.frame)));
}

async function connect(url: string, options: Parameters<typeof openClient>[1] = {}): Promise<WsResult> {
  const opened = await openClient(url, options);
  if ('status' in opened) throw new Error(`upgrade refused with ${opened.status}`);
  return opened.done;
}

/** The status of a refused upgrade (101 when it was not refused); a refusal must carry the JSON error body. */
async function refusal(url: string, options: Parameters<typeof openClient>[1] = {}): Promise<number> {
  const opened = await openClient(url, options);
  if (!('status' in opened)) {
    opened.socket.terminate();
    return 101;
  }
  expect(opened.body, `the ${opened.status} refusal's body`).toEqual({
    error: { code: expect.any(String), message: expect.any(String) },
  });
  return opened.status;
}

describe('WebSocket proxy /api/ws/refinements/{thread_id}', () => {
  let s: Stack;
  const script = modernRun(FINAL, 30);
  beforeAll(async () => {
    s = await startStack('orch_ws', {
      engine: { script: { steps: script, state: { status: 'completed' } }, token: 'engine-secret' },
      env: { SPEC_ENGINE_TOKEN: 'engine-secret' },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 401 without a token or with an invalid one, before the upgrade', async () => {
    const { threadId } = await s.refine('alice');
    expect(await refusal(`${s.wsUrl}/${threadId}`)).toBe(401);
    expect(await refusal(`${s.wsUrl}/${threadId}`, { headers: { authorization: 'Bearer nope' } })).toBe(401);
    const expired = await signTestToken({ sub: 'alice', expiresIn: -60 });
    expect(await refusal(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', expired] })).toBe(401);
  });

  it('answers 403 for an Origin not in CORS_ALLOWED_ORIGINS and 404 for foreign or missing threads', async () => {
    const { threadId } = await s.refine('alice');
    const alice = await signTestToken({ sub: 'alice' });
    const bob = await signTestToken({ sub: 'bob' });
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });
    expect(
      await refusal(`${s.wsUrl}/${threadId}`, {
        headers: { ...auth(alice), origin: 'https://evil.example' },
      }),
    ).toBe(403);
    expect(await refusal(`${s.wsUrl}/${threadId}`, { headers: auth(bob) })).toBe(404);
    expect(await refusal(`${s.wsUrl}/no-such-thread`, { headers: auth(alice) })).toBe(404);
    expect(await refusal(`${s.wsUrl}/${threadId}?after_seq=x`, { headers: auth(alice) })).toBe(400);
  });

  it("accepts the Origin of the orchestrator's own host (the console it serves) without listing it", async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId } = await s.refine('alice');
    const ownOrigin = `http://${new URL(s.wsUrl).host}`;
    const got = await connect(`${s.wsUrl}/${threadId}`, {
      protocols: ['bearer', token],
      headers: { origin: ownOrigin },
    });
    expect(got).toEqual({ frames: texts(script), code: 1000, protocol: 'bearer' });
    const lookalike = `http://${new URL(s.wsUrl).hostname}.evil.example:${new URL(s.wsUrl).port}`;
    expect(
      await refusal(`${s.wsUrl}/${threadId}`, {
        headers: { authorization: `Bearer ${token}`, origin: lookalike },
      }),
    ).toBe(403);
  });

  it('answers 410 run_resolved, pointing at the proposal, for a run that is already approved', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId, proposalId } = await s.refine('alice');
    await waitFor(
      async () => (await s.api('GET', `/api/proposals/${proposalId}`, 'alice')).body.status === 'completed',
      15_000,
      'the run to complete',
    );
    expect((await s.api('POST', `/api/proposals/${proposalId}/approve`, 'alice')).status).toBe(200);
    // What a reloaded page does after approve: open the run's socket again.
    const opened = await openClient(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    if (!('status' in opened)) opened.socket.terminate();
    expect('status' in opened && opened).toEqual({
      status: 410,
      body: {
        error: { code: 'run_resolved', message: expect.stringContaining(`GET /api/proposals/${proposalId}`) },
      },
    });
  });

  it('forwards the engine frames verbatim and closes 1000 after end, for each token carrier', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const want = texts(script);
    const { threadId } = await s.refine('alice');
    const viaHeader = await connect(`${s.wsUrl}/${threadId}`, {
      headers: { authorization: `Bearer ${token}`, origin: TEST_ORIGIN },
    });
    expect(viaHeader).toEqual({ frames: want, code: 1000, protocol: '' });
    const viaProtocol = await connect(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    expect(viaProtocol).toEqual({ frames: want, code: 1000, protocol: 'bearer' });
    // A token in the URL would land in access logs and browser history: refused, naming the carriers.
    const viaQuery = await openClient(`${s.wsUrl}/${threadId}?token=${token}`);
    if (!('status' in viaQuery)) viaQuery.socket.terminate();
    expect('status' in viaQuery && viaQuery).toEqual({
      status: 401,
      body: {
        error: { code: 'unauthorized', message: expect.stringContaining('"bearer, <token>" subprotocol') },
      },
    });
    // The engine saw the SPEC_ENGINE_TOKEN on every dial.
    const dials = s.engine.seen.filter((r) => r.method === 'WS' && r.path.endsWith(threadId));
    expect(dials.length).toBeGreaterThanOrEqual(2);
    for (const dial of dials) expect(dial.headers.authorization).toBe('Bearer engine-secret');
  });

  it('forwards frames of older engines (no seq, messages as a string) unchanged', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const legacy = legacyRun(FINAL);
    const { threadId } = await s.refine('alice', { steps: legacy, ignoresAfterSeq: true });
    const got = await connect(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    expect(got.frames).toEqual(texts(legacy));
    expect(JSON.parse(got.frames[0]!).data.messages).toBe('Thinking about the spec');
    expect(got.code).toBe(1000);
  });

  it('resumes with after_seq: only later frames, and the engine is asked for them', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId, proposalId } = await s.refine('alice');
    // Once the finalizer is done no upstream is open for the thread: the resume dials its own.
    await waitFor(
      async () => (await s.api('GET', `/api/proposals/${proposalId}`, 'alice')).body.status !== 'processing',
      15_000,
      'the finalizer to finish',
    );
    const got = await connect(`${s.wsUrl}/${threadId}?after_seq=3`, { protocols: ['bearer', token] });
    expect(got.frames).toEqual(texts(script).slice(3));
    const dial = s.engine.seen.find((r) => r.method === 'WS' && r.path.endsWith(threadId) && r.query);
    expect(dial?.query).toBe('?after_seq=3');
  });

  it('serves a resume from the upstream the finalizer already reads, without a dial of its own', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId } = await s.refine('alice', { steps: modernRun(FINAL, 300) });
    await waitFor(() => s.engine.openStreams() > 0, 5_000, 'the finalizer upstream');
    const got = await connect(`${s.wsUrl}/${threadId}?after_seq=3`, { protocols: ['bearer', token] });
    expect(got.frames).toEqual(texts(modernRun(FINAL, 300)).slice(3));
    expect(got.code).toBe(1000);
    const dials = s.engine.seen.filter((r) => r.method === 'WS' && r.path.endsWith(threadId));
    expect(dials).toHaveLength(1);
    expect(dials[0]!.query).toBeFalsy();
  });

  it('shares one upstream between viewers of a thread and replays to a late joiner', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId } = await s.refine('alice', { steps: modernRun(FINAL, 300) });
    const first = await openClient(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    if ('status' in first) throw new Error('refused');
    await waitFor(() => s.engine.openStreams() > 0, 5_000, 'upstream');
    await new Promise((r) => setTimeout(r, 350));
    const second = await connect(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    const firstResult = await first.done;
    expect(second.frames).toEqual(texts(modernRun(FINAL, 300)));
    expect(firstResult.frames).toEqual(second.frames);
    const proxyDials = s.engine.seen.filter(
      (r) => r.method === 'WS' && r.path.endsWith(threadId) && r.headers['user-agent'] === undefined,
    );
    // One dial, shared by the finalizer and both viewers.
    expect(proxyDials.length).toBe(1);
  });

  it('relays a 16 MiB frame both ways', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const big = 'x'.repeat(16 * 1024 * 1024 - 200);
    const frame = { event_type: 'on_llm_stream', data: { chunk: big }, seq: 1 };
    // `end` late enough for the upload to reach the engine before the stream closes.
    const { threadId } = await s.refine('alice', {
      steps: [
        { at: 0, frame },
        { at: 2_500, frame: { event_type: 'end', data: {}, seq: 2 } },
      ],
    });
    const opened = await openClient(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    if ('status' in opened) throw new Error('refused');
    const upload = JSON.stringify({ type: 'client_note', body: 'y'.repeat(16 * 1024 * 1024 - 100) });
    opened.socket.send(upload);
    const got = await opened.done;
    expect(got.frames[0]).toBe(JSON.stringify(frame));
    expect(got.code).toBe(1000);
    await waitFor(() => s.engine.received.get(threadId)?.includes(upload), 5_000, 'upload');
  });

  it('resumes a dropped upstream with after_seq: the viewer gets every frame once and then 1000', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const run = modernRun(FINAL, 200);
    const { threadId } = await s.refine('alice', {
      steps: [...run, { at: 450, close: 1001, firstDialOnly: true }],
    });
    const got = await connect(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    expect(got.frames).toEqual(texts(run));
    expect(got.code).toBe(1000);
    const dials = s.engine.seen.filter((r) => r.method === 'WS' && r.path.endsWith(threadId));
    expect(dials.some((d) => /^\?after_seq=[1-9]/.test(d.query))).toBe(true);
    expect(await upstreamErrors(s.baseUrl, 'dropped')).toBeGreaterThanOrEqual(1);
  });

  it('sends one error frame and closes 1011 when the upstream is lost for good', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId } = await s.refine('alice', {
      steps: [
        { at: 0, frame: { event_type: 'on_state_update', data: { messages: [] }, seq: 1 } },
        { at: 10, close: 1011 },
      ],
    });
    const got = await connect(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    expect(got.code).toBe(1011);
    expect(got.frames).toHaveLength(2);
    const last = JSON.parse(got.frames[1]!);
    expect(last).toEqual({
      event_type: 'error',
      data: { error: expect.stringContaining('without'), context: 'upstream_lost' },
    });
    expect(await upstreamErrors(s.baseUrl, 'lost')).toBeGreaterThanOrEqual(1);
  });
});

describe('WebSocket proxy with a slow client', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('orch_ws_slow', { streaming: { maxBufferedBytes: 1024 * 1024 } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('closes a client that does not read with 1013 instead of buffering without bound', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const chunk = 'z'.repeat(256 * 1024);
    const steps = Array.from({ length: 200 }, (_, i) => ({
      at: 50 + i,
      frame: { event_type: 'on_llm_stream', data: { chunk }, seq: i + 1 },
    }));
    const { threadId } = await s.refine('alice', {
      steps: [...steps, { at: 400, frame: { event_type: 'end', data: {}, seq: 201 } }],
    });
    const opened = await openClient(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    if ('status' in opened) throw new Error('refused');
    // Stop reading: the kernel buffers fill, then the proxy's own buffer.
    (opened.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    // Long enough for the engine to have sent everything even on a loaded machine.
    await waitFor(() => s.engine.openStreams() === 0, 15_000, 'the engine to finish sending');
    await new Promise((r) => setTimeout(r, 500));
    (opened.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.resume();
    const got = await opened.done;
    expect(got.code).toBe(1013);
    expect(got.frames.length).toBeLessThan(200);
  });
});

describe('WebSocket proxy while the engine keeps failing', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('orch_ws_breaker');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('sends the error frame and closes 1013 once the circuit breaker opened', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId } = await s.refine('alice', { steps: [], refuseStream: 503 });
    const got = await connect(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    expect(got.code).toBe(1013);
    expect(got.frames.map((f) => JSON.parse(f))).toEqual([
      { event_type: 'error', data: { error: expect.stringContaining('paused'), context: 'upstream_lost' } },
    ]);
    const refused = s.engine.seen.filter(
      (r) => r.method === 'WS' && r.path.endsWith(threadId) && r.status === 503,
    );
    expect(refused.length).toBeGreaterThanOrEqual(6);
  }, 30_000);
});
