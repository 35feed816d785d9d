import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';

/** One dial of the raw engine's stream. */
interface RawDial {
  readonly threadId: string;
  readonly afterSeq: number;
  /** 0 for a thread's first dial, 1 for its redial, … */
  readonly index: number;
}

/** Writes a thread's stream: the TCP socket after the handshake, to write frames byte for byte. */
export type RawScript = (socket: Duplex, dial: RawDial) => void | Promise<void>;

/** An engine stream double whose frames are exactly the bytes a test writes (the proxy's peer). */
export interface RawEngine {
  readonly url: string;
  readonly dials: RawDial[];
  /** Pongs the engine received (answers to the pings it wrote). */
  readonly pongs: () => number;
  close(): Promise<void>;
}

/**
 * Starts an engine for `WS /spec-engine/stream/{thread_id}`: `ws` does the handshake and
 * handles what the client sends (pongs, the close handshake); `script` writes the frames as
 * raw bytes: split, fragmented, with control frames between, or several in one write.
 */
export async function startRawEngine(script: RawScript): Promise<RawEngine> {
  const dials: RawDial[] = [];
  let pongs = 0;
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://engine');
    const match = /^\/spec-engine\/stream\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const threadId = decodeURIComponent(match[1] as string);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      ws.on('pong', () => {
        pongs += 1;
      });
      const dial = {
        threadId,
        afterSeq: Number(url.searchParams.get('after_seq') ?? 0),
        index: dials.filter((d) => d.threadId === threadId).length,
      };
      dials.push(dial);
      void script((ws as unknown as { _socket: Duplex })._socket, dial);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dials,
    pongs: () => pongs,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
