import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

/**
 * The floor for a WebSocket proxy (its own process): relays `WS /api/ws/refinements/{id}`
 * to `${BENCH_ENGINE_URL}/spec-engine/stream/{id}` with bare `ws` and nothing else (no auth,
 * no envelope parsing, no buffers, limits or metrics). Prints `bare relay listening on <port>`.
 */
const engineUrl = process.env.BENCH_ENGINE_URL ?? 'ws://127.0.0.1:8080';
const server = createServer((_req, res) => {
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (req, socket, head) => {
  const match = /^\/api\/ws\/refinements\/([^/?]+)/.exec(req.url ?? '');
  if (!match) {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (client) => {
    const upstream = new WebSocket(`${engineUrl}/spec-engine/stream/${match[1]}`, {
      perMessageDeflate: false,
    });
    upstream.on('message', (data: Buffer, isBinary: boolean) => client.send(data, { binary: isBinary }));
    upstream.on('close', (code) => client.close(code === 1005 ? 1000 : code));
    upstream.on('error', () => client.terminate());
    client.on('message', (data: Buffer, isBinary: boolean) => {
      if (upstream.readyState === 1) upstream.send(data, { binary: isBinary });
    });
    client.on('close', () => upstream.close());
    client.on('error', () => upstream.terminate());
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`bare relay listening on ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => process.exit(0));
