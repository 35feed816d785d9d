import { describe, expect, it } from 'vitest';
import { freePort } from '../../common/db/index.js';
import { createSpecEngineClient } from './spec-engine-client.js';
import { EngineStream, type UpstreamErrorReason } from './stream.js';

describe('EngineStream', () => {
  it('stops waiting to redial as soon as it is closed', async () => {
    // Nothing listens on this port: every dial fails at once and the stream backs off for a minute.
    const url = `http://127.0.0.1:${await freePort()}`;
    const errors: UpstreamErrorReason[] = [];
    const stream = new EngineStream({
      engine: createSpecEngineClient({ baseUrl: url, pathPrefix: '/spec-engine' }),
      target: { baseUrl: url, pathPrefix: '/spec-engine', maxFrameBytes: 1024 },
      threadId: 't-1',
      afterSeq: 0,
      reconnectAttempts: 5,
      reconnectDelayMs: 60_000,
      onFrame: () => {},
      onError: (reason) => errors.push(reason),
    });
    const outcome = stream.run();
    const until = Date.now() + 10_000;
    while (!errors.includes('dial_failed') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(errors).toContain('dial_failed');
    const closedAt = Date.now();
    stream.close();
    expect(await outcome).toEqual({ kind: 'aborted' });
    expect(Date.now() - closedAt).toBeLessThan(1_000);
  });
});
