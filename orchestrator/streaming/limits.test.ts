import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signTestToken } from '../testing/tokens.js';
import { openClient, type Stack, startStack } from '../testing/stack.js';

const silent = {
  steps: [{ at: 0, frame: { event_type: 'on_state_update', data: { messages: [] }, seq: 1 } }],
};

describe('WebSocket proxy limits', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('orch_ws_limits', {
      engine: { script: silent },
      // The idle timeout is ten heartbeats, so a loaded machine's late timers cannot let it beat the
      // dropped-ping check (two heartbeats) in the second test.
      streaming: { heartbeatMs: 300, idleTimeoutMs: 3_000, maxSessionMs: 60_000 },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('closes a socket with no frames either way for the idle timeout with 1001', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId } = await s.refine('alice');
    const opened = await openClient(`${s.wsUrl}/${threadId}`, { protocols: ['bearer', token] });
    if ('status' in opened) throw new Error('refused');
    const started = Date.now();
    const got = await opened.done;
    expect(got.code).toBe(1001);
    expect(got.frames).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_800);
  });

  it('drops a client that stops answering pings', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId } = await s.refine('alice');
    const socket = new WebSocket(`${s.wsUrl}/${threadId}`, ['bearer', token], { autoPong: false });
    const code = await new Promise<number>((resolve) => socket.once('close', (c: number) => resolve(c)));
    // Terminated without a close frame: the client sees an abnormal closure.
    expect(code).toBe(1006);
  });
});
