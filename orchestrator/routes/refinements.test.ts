import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SPEC_BUILDER_DEFINITION } from '../../common/agents/spec-builder-definition.js';
import type { ProposalRow } from '../db/proposals.js';
import { createTestApp, type TestApp } from '../testing/harness.js';

describe('POST /api/workflows/{id}/refinements', () => {
  let t: TestApp;
  const started: ProposalRow[] = [];
  beforeAll(async () => {
    t = await createTestApp('orch_ref', {
      env: { SPEC_ENGINE_TOKEN: 'engine-shared-token' },
      // Failures of earlier tests must not open the breaker for later ones (tested below).
      engine: { breakerThreshold: 1000 },
      onRefinementStarted: (p) => started.push(p),
    });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    t.engine.behave(undefined);
    t.engine.requests.length = 0;
  });

  async function workflowWithFile(sub = 'alice'): Promise<string> {
    const id = (await t.call('POST', '/api/workflows', { body: { name: 'wf' }, sub })).body.id;
    await t.call('PUT', `/api/workflows/${id}/draft/files/THE_SPEC/plan.md`, {
      body: { content: 'a\nb' },
      sub,
    });
    return id;
  }

  it('answers 202 with the proposal and invokes the engine with the draft and the spec-builder definition', async () => {
    const id = await workflowWithFile();
    const res = await t.call('POST', `/api/workflows/${id}/refinements`, {
      body: {
        instructions: 'Add a triage agent',
        context_file_path: '/THE_SPEC/plan.md',
        context_selection: 'b',
      },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      proposal_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      thread_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'processing',
      websocket_url: `/api/ws/refinements/${res.body.thread_id}`,
      created_at: expect.any(String),
    });
    expect(t.engine.requests).toHaveLength(1);
    const [invoke] = t.engine.requests;
    expect(invoke!.method).toBe('POST');
    expect(invoke!.path).toBe('/spec-engine/invoke');
    expect(invoke!.headers.authorization).toBe('Bearer engine-shared-token');
    const body = invoke!.body;
    expect(body.job_id).toBe(res.body.thread_id);
    expect(body.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.agent_definition).toEqual(JSON.parse(JSON.stringify(SPEC_BUILDER_DEFINITION)));
    expect(body.agent_definition.nodes.length).toBeGreaterThan(0);
    expect(body.input_payload).toEqual({
      messages: [{ role: 'user', content: 'Add a triage agent' }],
      instructions: 'Add a triage agent',
      context: 'b',
      context_file_path: '/THE_SPEC/plan.md',
      files: {
        '/THE_SPEC/plan.md': {
          content: ['a', 'b'],
          created_at: expect.any(String),
          modified_at: expect.any(String),
        },
      },
    });
    const [row] =
      await t.sql`select status, base_revision, job_id, thread_id from proposals where id = ${res.body.proposal_id}`;
    expect(row).toMatchObject({ status: 'processing', base_revision: '1', thread_id: res.body.thread_id });
    expect(started.map((p) => p.id)).toContain(res.body.proposal_id);
    const proposal = await t.call('GET', `/api/proposals/${res.body.proposal_id}`);
    expect(proposal.body).toMatchObject({ status: 'processing', resolution: null, generated_files: null });
  });

  it('accepts user_prompt as the older name of instructions', async () => {
    const id = await workflowWithFile();
    const res = await t.call('POST', `/api/workflows/${id}/refinements`, { body: { user_prompt: 'do it' } });
    expect(res.status).toBe(202);
    expect(t.engine.requests[0]!.body.input_payload.instructions).toBe('do it');
  });

  it('stores the thread id the engine answers with when it differs from the job id', async () => {
    t.engine.behave((req) =>
      req.path.endsWith('/invoke')
        ? { status: 200, body: { thread_id: 'legacy-thread-7', status: 'started' } }
        : undefined,
    );
    const id = await workflowWithFile();
    const res = await t.call('POST', `/api/workflows/${id}/refinements`, { body: { instructions: 'x' } });
    expect(res.body.thread_id).toBe('legacy-thread-7');
    expect(res.body.websocket_url).toBe('/api/ws/refinements/legacy-thread-7');
  });

  it.each([
    ['no instructions', {}, "'instructions' (or 'user_prompt') is required"],
    ['blank instructions', { instructions: '   ' }, 'must not be empty'],
    ['instructions not a string', { instructions: 5 }, "'instructions' must be a string"],
    ['a relative context path', { instructions: 'x', context_file_path: 'plan.md' }, 'must be absolute'],
    [
      'a context selection that is not a string',
      { instructions: 'x', context_selection: {} },
      "'context_selection' must be a string",
    ],
  ])('answers 400 for %s without calling the engine', async (_reason, body, message) => {
    const id = await workflowWithFile();
    const res = await t.call('POST', `/api/workflows/${id}/refinements`, { body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(t.engine.requests).toHaveLength(0);
  });

  it("answers 404 for another user's workflow without calling the engine", async () => {
    const id = await workflowWithFile('owner');
    const res = await t.call('POST', `/api/workflows/${id}/refinements`, {
      body: { instructions: 'x' },
      sub: 'intruder',
    });
    expect(res.status).toBe(404);
    expect(t.engine.requests).toHaveLength(0);
  });

  it('answers 502 with the reason when the engine rejects the run (4xx, not retried) and fails the proposal', async () => {
    t.engine.behave(() => ({ status: 422, body: { detail: 'agent_definition: nodes must not be empty' } }));
    const id = await workflowWithFile();
    const res = await t.call('POST', `/api/workflows/${id}/refinements`, { body: { instructions: 'x' } });
    expect(res.status).toBe(502);
    expect(res.body.error).toEqual({
      code: 'engine_rejected',
      message:
        'the Spec Engine rejected the refinement (HTTP 422): agent_definition: nodes must not be empty',
    });
    expect(t.engine.requests).toHaveLength(1);
    const rows = await t.sql`select p.status, p.error from proposals p where p.workflow_id = ${id}`;
    expect(rows).toEqual([{ status: 'failed', error: expect.objectContaining({ code: 'engine_rejected' }) }]);
  });

  it('retries a 5xx with the same job id and answers 502 when every attempt fails', async () => {
    t.engine.behave(() => ({ status: 500, body: { detail: 'boom' } }));
    const id = await workflowWithFile();
    const res = await t.call('POST', `/api/workflows/${id}/refinements`, { body: { instructions: 'x' } });
    expect(res.status).toBe(502);
    // The engine's 5xx body ('boom') is logged, not shown.
    expect(res.body.error).toEqual({ code: 'engine_failed', message: 'the Spec Engine failed (HTTP 500)' });
    expect(t.engine.requests).toHaveLength(4);
    const jobIds = new Set(t.engine.requests.map((r) => (r.body as { job_id: string }).job_id));
    expect(jobIds.size).toBe(1);
  });

  it('succeeds when a retry gets through, reusing the job id', async () => {
    t.engine.behave((_req, i) => (i < 2 ? 'drop' : undefined));
    const id = await workflowWithFile();
    const res = await t.call('POST', `/api/workflows/${id}/refinements`, { body: { instructions: 'x' } });
    expect(res.status).toBe(202);
    expect(t.engine.requests).toHaveLength(3);
    expect(new Set(t.engine.requests.map((r) => (r.body as { job_id: string }).job_id)).size).toBe(1);
    expect(res.body.thread_id).toBe((t.engine.requests[2]!.body as { job_id: string }).job_id);
  });
});

describe('refinements when the engine is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_ref_down', {
      engine: { maxAttempts: 2, breakerThreshold: 6, halfOpenAfterMs: 60_000 },
    });
    t.engine.behave(() => 'drop');
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 503 with Retry-After while unreachable, then 503 breaker_open once the breaker opens', async () => {
    const id = (await t.call('POST', '/api/workflows', { body: { name: 'wf' } })).body.id;
    const first = await t.call('POST', `/api/workflows/${id}/refinements`, { body: { instructions: 'x' } });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('5');
    expect(first.body.error.code).toBe('engine_unavailable');
    expect(first.body.error.message).toMatch(/unreachable; please try again shortly/);
    // 2 attempts per call: the 6th consecutive failure opens the breaker.
    for (let i = 0; i < 2; i++)
      await t.call('POST', `/api/workflows/${id}/refinements`, { body: { instructions: 'x' } });
    expect(t.deps.engine.breakerState()).toBe('open');
    const before = t.engine.requests.length;
    const open = await t.call('POST', `/api/workflows/${id}/refinements`, { body: { instructions: 'x' } });
    expect(open.status).toBe(503);
    expect(open.body.error.code).toBe('breaker_open');
    // The client's message already says when to come back: the hint appears once.
    expect(open.body.error.message.match(/try again shortly/g)).toHaveLength(1);
    expect(open.headers.get('retry-after')).toBe('60');
    expect(t.engine.requests.length).toBe(before);
  });
});
