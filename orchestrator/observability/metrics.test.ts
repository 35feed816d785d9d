import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTestToken } from '../testing/tokens.js';
import { modernRun } from '../testing/frames.js';
import { openClient, type Stack, startStack, waitFor } from '../testing/stack.js';

/** The value of the sample `name` carrying every label in `labels` (any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const line = text.split('\n').find((l) => {
    const [series] = l.split(' ');
    if (series !== name && !series?.startsWith(`${name}{`)) return false;
    return Object.entries(labels).every(([k, v]) => series.includes(`${k}="${v}"`));
  });
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('streaming metrics on /metrics', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('orch_metrics', {
      engine: { script: { steps: modernRun({ '/THE_SPEC/plan.md': ['# Plan'] }, 10) } },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('counts relayed frames, sockets, finalized proposals and engine calls, never by thread id', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId, proposalId } = await s.refine('alice');
    const opened = await openClient(`${s.wsUrl}/${threadId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if ('status' in opened) throw new Error(`upgrade refused with ${opened.status}`);
    expect((await opened.done).code).toBe(1000);
    await waitFor(
      async () => (await s.api('GET', `/api/proposals/${proposalId}`, 'alice')).body.status === 'completed',
      15_000,
      'the proposal to complete',
    );

    const text = await (await fetch(`${s.baseUrl}/metrics`)).text();
    expect(text).not.toContain(threadId);
    expect(text).not.toContain(proposalId);
    expect(sample(text, 'orchestrator_proposals_finalized_total', { outcome: 'completed' })).toBe(1);
    expect(
      sample(text, 'orchestrator_websocket_frames_relayed_total', {
        direction: 'to_client',
        event_type: 'end',
      }),
    ).toBe(1);
    expect(sample(text, 'orchestrator_websocket_closes_total', { code: '1000' })).toBe(1);
    expect(sample(text, 'orchestrator_websocket_connections')).toBe(0);
    expect(sample(text, 'orchestrator_websocket_upstreams')).toBe(0);
    expect(
      sample(text, 'orchestrator_spec_engine_requests_total', { endpoint: 'invoke', result: 'ok' }),
    ).toBe(1);
    expect(sample(text, 'orchestrator_spec_engine_breaker_state')).toBe(0);
    expect(sample(text, 'orchestrator_refinement_duration_seconds_count', { outcome: 'completed' })).toBe(1);
  });
});
