import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

/** Hop-by-hop and handshake headers that a refusal must not repeat. */
const SKIPPED_HEADERS = new Set([
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
]);

function isWebSocketUpgrade(request: Request): boolean {
  return request.headers.get('upgrade')?.toLowerCase() === 'websocket';
}

async function writeRefusal(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const head = [
    `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`,
    'Connection: close',
    `Content-Length: ${body.length}`,
  ];
  response.headers.forEach((value, name) => {
    if (!SKIPPED_HEADERS.has(name.toLowerCase())) head.push(`${name}: ${value}`);
  });
  if (!socket.destroyed) socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]));
}

/**
 * Wraps the app's `fetch` so a refused WebSocket upgrade (401, 403, 404, 410, 503…) answers
 * with its JSON error body, like every REST error. @hono/node-server 2.1 writes refusals
 * itself with `Content-Length: 0` (dist/index.mjs `rejectUpgradeRequest`), but only while it is
 * the server's one `upgrade` listener: {@link keepUpgradeRefusals} adds a second one.
 */
export function answerRefusedUpgrades(fetch: Fetch): Fetch {
  return async function fetchWithRefusalBodies(request, env) {
    const socket = (env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
    if (!socket || !isWebSocketUpgrade(request)) return fetch(request, env);
    let response: Response;
    try {
      response = await fetch(request, env);
    } catch {
      response = Response.json({ error: { code: 'internal', message: 'internal error' } }, { status: 500 });
    }
    // The upgrade helper answers a bare 200 and completes the handshake itself.
    if (response.status !== 200) await writeRefusal(socket, response);
    return response;
  };
}

/**
 * Registers the second `upgrade` listener that makes @hono/node-server leave refusals to
 * {@link answerRefusedUpgrades}. It closes upgrades to anything but WebSocket, which no one
 * else answers.
 */
export function keepUpgradeRefusals(server: Server): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    if (request.headers.upgrade?.toLowerCase() !== 'websocket') socket.destroy();
  });
}
