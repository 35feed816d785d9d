import { createServer, type Server, Socket } from 'node:net';

/** A TCP proxy in front of a service that can cut or stall its connections on demand. */
export interface FaultProxy {
  readonly port: number;
  /** Open client connections. */
  readonly connections: number;
  /**
   * Cuts one connection in the middle of a frame: the next chunk from the service is forwarded
   * only in part, then both sides are destroyed. False when no connection is open.
   */
  cutOne(pick: (count: number) => number): boolean;
  /** Stops forwarding on every open connection for `ms`, then resumes. */
  stall(ms: number): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  isCutting: boolean;
}

/** Starts a proxy on a free loopback port that forwards to `127.0.0.1:targetPort`. */
export async function startFaultProxy(targetPort: () => number): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    const pair: Pair = { client, upstream, isCutting: false };
    pairs.add(pair);
    const destroy = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', destroy).on('close', destroy);
    upstream.on('error', destroy).on('close', destroy);
    upstream.connect(targetPort(), '127.0.0.1');
    client.on('data', (chunk) => {
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk) => {
      if (pair.isCutting) {
        // Half a chunk, then gone: the orchestrator sees a frame that never finishes.
        client.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))), destroy);
        return;
      }
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    get connections() {
      return pairs.size;
    },
    cutOne(pick) {
      const open = [...pairs].filter((p) => !p.isCutting);
      if (open.length === 0) return false;
      const pair = open[pick(open.length)]!;
      pair.isCutting = true;
      // An idle connection has no frame to cut into: cut it where it stands after a moment.
      setTimeout(() => {
        pair.client.destroy();
        pair.upstream.destroy();
      }, 1_000).unref();
      return true;
    },
    async stall(ms) {
      const stalled = [...pairs];
      for (const p of stalled) {
        p.client.pause();
        p.upstream.pause();
      }
      await new Promise((r) => setTimeout(r, ms));
      for (const p of stalled) {
        p.client.resume();
        p.upstream.resume();
      }
    },
    async close() {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
