/** The proxy once its replica shuts down: no socket is relayed any more, each is sent elsewhere. */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createLogger, createMetricsRegistry } from '../../common/observability/index.js';
import type { ThreadFeeds } from '../engine/feeds.js';
import { createOrchestratorMetrics } from '../observability/metrics.js';
import { RefinementProxy } from './proxy.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A real socket pair: the server side for the proxy, the client side to observe. */
async function socketPair(): Promise<{ server: WebSocket; client: WebSocket }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => wss.close());
  await new Promise((resolve) => wss.once('listening', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const server = await new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  return { server, client };
}

describe('the WebSocket proxy of a replica that is shutting down', () => {
  it('closes a socket that arrives after close() with 1001 and never subscribes it to a feed', async () => {
    const subscribed: string[] = [];
    const feeds = {
      subscribe: (threadId: string) => {
        subscribed.push(threadId);
        throw new Error('a closed proxy must not subscribe');
      },
    } as unknown as ThreadFeeds;
    const proxy = new RefinementProxy({
      feeds,
      metrics: createOrchestratorMetrics(createMetricsRegistry('ide-orchestrator', false)),
      maxBufferedBytes: 1024 * 1024,
      heartbeatMs: 30_000,
      idleTimeoutMs: 60_000,
      maxSessionMs: 3_600_000,
    });
    proxy.close();
    const { server, client } = await socketPair();
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    const viewer = proxy.attach(server, {
      threadId: 't-1',
      afterSeq: 3,
      log: createLogger({ service: 'ide-orchestrator', level: 'silent' }),
    });
    expect(await closed).toBe(1001);
    expect(viewer.isClosed).toBe(true);
    expect(subscribed).toEqual([]);
    expect(proxy.size).toBe(0);
    proxy.detach(viewer, 1001);
  });
});
