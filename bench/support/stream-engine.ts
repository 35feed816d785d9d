import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * A minimal engine stream for benchmarks (its own process): `WS /spec-engine/stream/{id}`
 * sends `BENCH_FRAMES` frames every `BENCH_INTERVAL_MS`, each stamped with its send time,
 * then `end` and close 1000. Threads named `idle-*` send nothing and stay open.
 * Prints `stream engine listening on <port>`.
 */
const frames = Number(process.env.BENCH_FRAMES ?? 100);
const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 20);
const chunk = 'x'.repeat(Number(process.env.BENCH_CHUNK ?? 200));
const now = () => performance.timeOrigin + performance.now();

const server = createServer((_req, res) => {
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (req, socket, head) => {
  const match = /^\/spec-engine\/stream\/([^/?]+)/.exec(req.url ?? '');
  if (!match) {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const threadId = decodeURIComponent(match[1]!);
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    if (threadId.startsWith('idle-')) return;
    let seq = 0;
    const timer = setInterval(() => {
      if (ws.readyState !== 1) {
        clearInterval(timer);
        return;
      }
      seq += 1;
      if (seq > frames) {
        ws.send(JSON.stringify({ event_type: 'end', data: {}, seq }));
        ws.close(1000);
        clearInterval(timer);
        return;
      }
      ws.send(JSON.stringify({ event_type: 'on_llm_stream', data: { chunk, sent_at: now() }, seq }));
    }, intervalMs);
    ws.on('close', () => clearInterval(timer));
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`stream engine listening on ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => process.exit(0));
