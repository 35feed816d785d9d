import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

/** Hop-by-hop and handshake headers that an answer to an upgrade must not repeat. */
const SKIPPED_HEADERS = new Set([
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
]);

async function writeAnswer(socket: Duplex, response: Response): Promise<void> {
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

/** The upgrade request as a Fetch `Request` (headers only: an upgrade has no body). */
function toRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.append(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const host = request.headers.host ?? 'localhost';
  return new Request(`http://${host}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers });
}

/**
 * Answers an upgrade request through the app, as an ordinary HTTP response followed by a close:
 * a refused WebSocket upgrade (401, 403, 404, 410, 503…, handed over as `env.refusal`) gets
 * the same JSON error body, request id, metrics and log line as every REST error, and an
 * upgrade of any other path gets what the app answers there (404, 405…).
 */
export function createUpgradeRefuser(fetch: Fetch) {
  return function refuse(request: IncomingMessage, socket: Duplex, refusal?: unknown): void {
    socket.on('error', () => {});
    let asFetch: Request;
    try {
      asFetch = toRequest(request);
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    void (async () => {
      let response: Response;
      try {
        response = await fetch(asFetch, { incoming: request, refusal });
      } catch {
        response = Response.json({ error: { code: 'internal', message: 'internal error' } }, { status: 500 });
      }
      await writeAnswer(socket, response);
    })().catch(() => socket.destroy());
  };
}
