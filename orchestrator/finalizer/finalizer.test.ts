import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files, legacyRun, modernRun } from '../testing/frames.js';
import { signTestToken } from '../testing/tokens.js';
import { openClient, type Stack, startStack, waitFor } from '../testing/stack.js';

const FINAL = { '/THE_SPEC/plan.md': ['# Plan', 'final'] };
const update = (seq: number) => ({
  at: 0,
  frame: {
    event_type: 'on_state_update',
    data: { messages: [], files: files({ '/a.md': ['partial'] }) },
    seq,
  },
});

describe('server-side finalizer (no browser connected)', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('orch_fin');
  });
  afterAll(async () => {
    await s?.close();
  });

  async function settled(proposalId: string, sub = 'alice') {
    return waitFor(
      async () => {
        const got = await s.api('GET', `/api/proposals/${proposalId}`, sub);
        return got.body.status !== 'processing' ? got.body : undefined;
      },
      15_000,
      'the proposal to leave processing',
    );
  }

  it('completes a proposal with the last files before end, exactly as the engine sent them', async () => {
    s.engine.script(undefined, { steps: modernRun(FINAL, 20) });
    const { proposalId } = await s.refine('alice');
    const proposal = await settled(proposalId);
    expect(proposal.status).toBe('completed');
    expect(proposal.generated_files).toEqual(files(FINAL));
    expect(proposal.error).toBeNull();
    const [audit] = await s.sql`
      select count(*)::int as n from audit_events where proposal_id = ${proposalId} and action = 'proposal.completed'`;
    expect(audit!.n).toBe(1);
  });

  it('completes runs of older engines (no seq, messages as a string)', async () => {
    s.engine.script(undefined, { steps: legacyRun(FINAL, 10), ignoresAfterSeq: true });
    const { proposalId } = await s.refine('alice');
    const proposal = await settled(proposalId);
    expect(proposal.status).toBe('completed');
    expect(proposal.generated_files).toEqual(files(FINAL));
    // An engine that reports no usage leaves it unknown rather than zero.
    expect(proposal.usage).toBeNull();
  });

  it('records the token usage the end event reports, and ignores a malformed one', async () => {
    const withUsage = (usage: unknown) => modernRun(FINAL, 5, { status: 'completed', usage });
    s.engine.script(undefined, { steps: withUsage({ input_tokens: 5000, output_tokens: 321 }) });
    const counted = await settled((await s.refine('alice')).proposalId);
    expect(counted.usage).toEqual({ input_tokens: 5000, output_tokens: 321 });
    s.engine.script(undefined, { steps: withUsage({ input_tokens: -1, output_tokens: 'many' }) });
    const malformed = await settled((await s.refine('alice')).proposalId);
    expect(malformed.status).toBe('completed');
    expect(malformed.usage).toBeNull();
  });

  it('finalizes from the engine state when the stream ends without end and the run completed', async () => {
    const stateFiles = files({ '/from-state.md': ['state'] });
    s.engine.script(undefined, {
      steps: [update(1), { at: 10, close: 1001 }],
      state: { status: 'completed', generated_files: stateFiles },
    });
    const { proposalId } = await s.refine('alice');
    const proposal = await settled(proposalId);
    expect(proposal.status).toBe('completed');
    expect(proposal.generated_files).toEqual(stateFiles);
  });

  it('fails the proposal with the error when the stream ends without end and the run failed', async () => {
    s.engine.script(undefined, {
      steps: [update(1), { at: 10, close: 1011 }],
      state: {
        status: 'failed',
        error: 'model quota exceeded',
        usage: { input_tokens: 70, output_tokens: 0 },
      },
    });
    const { proposalId } = await s.refine('alice');
    const proposal = await settled(proposalId);
    expect(proposal.status).toBe('failed');
    expect(proposal.error).toEqual({ error: 'model quota exceeded', context: 'engine_state' });
    expect(proposal.usage).toEqual({ input_tokens: 70, output_tokens: 0 });
  });

  it('fails the proposal when the stream ends without end and the engine no longer knows the run', async () => {
    s.engine.script(undefined, { steps: [update(1), { at: 10, close: 1011 }], state: 'unknown' });
    const { proposalId } = await s.refine('alice');
    const proposal = await settled(proposalId);
    expect(proposal.status).toBe('failed');
    expect(proposal.error.context).toBe('engine_state_unknown');
  });

  it('asks the engine state after an error event and records the error', async () => {
    s.engine.script(undefined, {
      steps: [
        update(1),
        {
          at: 5,
          frame: { event_type: 'error', data: { error: 'tool crashed', context: 'write_file' }, seq: 2 },
        },
        { at: 10, frame: { event_type: 'end', data: { status: 'failed' }, seq: 3 } },
      ],
      state: { status: 'failed' },
    });
    const { proposalId } = await s.refine('alice');
    const proposal = await settled(proposalId);
    expect(proposal.status).toBe('failed');
    expect(proposal.error).toEqual({ error: 'tool crashed', context: 'write_file' });
  });

  it('changes nothing when the run completes after the user rejected it, and cleans the thread up', async () => {
    s.engine.script(undefined, { steps: modernRun(FINAL, 150) });
    const { proposalId, threadId } = await s.refine('alice');
    const rejected = await s.api('POST', `/api/proposals/${proposalId}/reject`, 'alice');
    expect(rejected.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_200));
    const proposal = (await s.api('GET', `/api/proposals/${proposalId}`, 'alice')).body;
    expect(proposal).toMatchObject({ status: 'resolved', resolution: 'rejected', generated_files: null });
    const done = await waitFor(
      async () => {
        const p = (await s.api('GET', `/api/proposals/${proposalId}`, 'alice')).body;
        return p.cleanup.state === 'done' ? p : undefined;
      },
      5_000,
      'cleanup',
    );
    expect(done.cleanup).toEqual({ state: 'done', attempts: 1 });
    const deletes = s.engine.seen.filter((r) => r.method === 'DELETE' && r.path.endsWith(threadId));
    expect(deletes.map((d) => d.status)).toEqual([204]);
  });

  it('treats a run whose workflow was deleted like a rejected one: its stream closes, its rows go', async () => {
    s.engine.script(undefined, { steps: modernRun(FINAL, 150) });
    const { proposalId, threadId, workflowId } = await s.refine('alice');
    await waitFor(
      async () => (await s.sql`select lease_owner from proposals where id = ${proposalId}`)[0]?.lease_owner,
      5_000,
      'the finalizer to follow the run',
    );
    expect((await s.api('DELETE', `/api/workflows/${workflowId}`, 'alice')).status).toBe(204);
    const socket = await openClient(`${s.wsUrl}/${threadId}`, {
      headers: { authorization: `Bearer ${await signTestToken({ sub: 'alice' })}` },
    });
    if (!('status' in socket)) socket.socket.terminate();
    expect('status' in socket && socket.status).toBe(404);
    await waitFor(
      async () => (await s.sql`select 1 from workflows where id = ${workflowId}`).length === 0,
      5_000,
      'the purge',
    );
    // Past the run's end (6 frames, 150 ms apart): nothing came back, nothing was finalized.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await s.sql`select id from proposals where workflow_id = ${workflowId}`).toEqual([]);
    const finalized = await s.sql`
      select action from audit_events
      where proposal_id = ${proposalId} and action in ('proposal.completed', 'proposal.failed')`;
    expect(finalized).toEqual([]);
    const deletes = s.engine.seen.filter((r) => r.method === 'DELETE' && r.path.endsWith(threadId));
    expect(deletes.map((d) => d.status)).toEqual([204]);
    // The finalizer is free for the next run.
    s.engine.script(undefined, { steps: modernRun(FINAL, 5) });
    expect((await settled((await s.refine('alice')).proposalId)).status).toBe('completed');
  });
});

describe('sweeper', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('orch_sweep', { streaming: { stuckAfterMs: 800 } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('reconciles a run whose stream went silent without end from the engine state', async () => {
    const stateFiles = files({ '/silent.md': ['done anyway'] });
    s.engine.script(undefined, {
      steps: [update(1)],
      state: { status: 'completed', generated_files: stateFiles },
    });
    const { proposalId } = await s.refine('alice');
    const proposal = await waitFor(
      async () => {
        const got = await s.api('GET', `/api/proposals/${proposalId}`, 'alice');
        return got.body.status !== 'processing' ? got.body : undefined;
      },
      10_000,
      'reconciliation',
    );
    expect(proposal.status).toBe('completed');
    expect(proposal.generated_files).toEqual(stateFiles);
  });
});

describe('a run whose engine never comes back', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('orch_gone', { streaming: { maxProcessingMs: 1_500 } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('fails the proposal as engine_unreachable once it passes the maximum processing age', async () => {
    s.engine.script(undefined, { steps: [update(1)] });
    const { proposalId } = await s.refine('alice');
    await s.engine.close();
    const proposal = await waitFor(
      async () => {
        const got = await s.api('GET', `/api/proposals/${proposalId}`, 'alice');
        return got.body.status !== 'processing' ? got.body : undefined;
      },
      15_000,
      'the proposal to be given up',
    );
    expect(proposal.status).toBe('failed');
    expect(proposal.error.context).toBe('engine_unreachable');
  });
});
