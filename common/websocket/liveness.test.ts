import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { exceedsSendBuffer, SocketLiveness } from './liveness.js';

describe('SocketLiveness', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** A server whose sockets are watched, and a client connected to it that answers pings or not. */
  async function pair(liveness: SocketLiveness<WebSocket>, autoPong: boolean) {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => wss.close());
    await new Promise((resolve) => wss.once('listening', resolve));
    const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const { port } = wss.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}`, { autoPong });
    cleanups.push(() => client.terminate());
    const server = await accepted;
    liveness.add(server, server);
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    return { server, client, closed };
  }

  it('drops a peer that stops answering pings, and keeps one that answers', async () => {
    const dead: WebSocket[] = [];
    const liveness = new SocketLiveness<WebSocket>({ intervalMs: 100, onDead: (s) => dead.push(s) });
    cleanups.push(() => liveness.close());
    const silent = await pair(liveness, false);
    const alive = await pair(liveness, true);
    // Terminated without a close frame: the client sees 1006.
    expect(await silent.closed).toBe(1006);
    expect(dead).toEqual([silent.server]);
    await new Promise((r) => setTimeout(r, 400));
    expect(alive.client.readyState).toBe(WebSocket.OPEN);
    expect(liveness.size).toBe(1);
  });

  it("runs the owner's check first and leaves a socket the check closed alone", async () => {
    const liveness = new SocketLiveness<WebSocket>({
      intervalMs: 100,
      check: (socket) => {
        socket.close(1001, 'idle timeout');
        return false;
      },
    });
    cleanups.push(() => liveness.close());
    const { closed } = await pair(liveness, false);
    expect(await closed).toBe(1001);
  });
});

describe('exceedsSendBuffer', () => {
  it.each([
    { buffered: 0, next: 32, max: 16, want: false, why: 'one frame always fits an empty buffer' },
    { buffered: 8, next: 8, max: 16, want: false, why: 'exactly the limit' },
    { buffered: 8, next: 9, max: 16, want: true, why: 'one byte over the limit' },
    { buffered: 20, next: 1, max: 16, want: true, why: 'already over' },
  ])('$why', ({ buffered, next, max, want }) => {
    expect(exceedsSendBuffer(buffered, next, max)).toBe(want);
  });
});
