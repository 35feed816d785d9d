import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { modernRun } from '../testing/frames.js';
import { type Stack, startStack } from '../testing/stack.js';
import { signTestToken } from '../testing/tokens.js';

/** The handshake answer of an upgrade to `url`: status, headers and (for a refusal) the body. */
function handshake(url: string, protocols: string[], headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingMessage['headers']; body?: unknown }>(
    (resolve, reject) => {
      const socket = new WebSocket(url, protocols, { headers });
      socket.once('upgrade', (res) => {
        resolve({ status: 101, headers: res.headers });
        socket.terminate();
      });
      socket.once('unexpected-response', (_req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      });
      socket.once('error', reject);
    },
  );
}

/** The value of the sample on the stack's /metrics that starts with `prefix` and has `status` (0 when absent). */
async function sample(baseUrl: string, prefix: string, status: number): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(prefix) && l.includes(`status="${status}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('the WebSocket upgrade path', () => {
  let s: Stack;
  let base: string;
  beforeAll(async () => {
    s = await startStack('orch_ws_upgrade', { engine: { script: { steps: modernRun({}, 2) } } });
    base = `ws://127.0.0.1:${s.orchestrator.port}`;
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers an upgrade of any other path as the app does: 404 JSON, 405 with Allow', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const unknown = await handshake(`${base}/api/nope`, ['bearer', token]);
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const nested = await handshake(`${s.wsUrl}/a/b`, ['bearer', token]);
    expect(nested).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const workflows = await handshake(`${base}/api/workflows`, [], { authorization: `Bearer ${token}` });
    // GET /api/workflows is a REST route: it answers (200), never upgrades.
    expect(workflows.status).toBe(200);
    const approve = await handshake(`${base}/api/refinements/${crypto.randomUUID()}/approve`, [], {
      authorization: `Bearer ${token}`,
    });
    expect(approve).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } });
    expect(approve.headers.allow).toBe('POST');
  });

  it('echoes the request id on the 101 and on a refusal, and counts both by route pattern', async () => {
    const token = await signTestToken({ sub: 'alice' });
    const { threadId } = await s.refine('alice');
    const route = 'http_requests_total{method="GET",route="/api/ws/refinements/:thread_id"';
    const before101 = await sample(s.baseUrl, route, 101);
    const before401 = await sample(s.baseUrl, route, 401);
    const opened = await handshake(`${s.wsUrl}/${threadId}`, ['bearer', token], { 'x-request-id': 'up-1' });
    expect(opened.status).toBe(101);
    expect(opened.headers['x-request-id']).toBe('up-1');
    expect(opened.headers['sec-websocket-protocol']).toBe('bearer');
    const refused = await handshake(`${s.wsUrl}/${threadId}`, [], { 'x-request-id': 'up-2' });
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(refused.headers['x-request-id']).toBe('up-2');
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    expect(await sample(s.baseUrl, route, 101)).toBe(before101 + 1);
    expect(await sample(s.baseUrl, route, 401)).toBe(before401 + 1);
  });

  it('answers a plain GET of the stream route with 426 once the caller is authorized', async () => {
    const { threadId } = await s.refine('alice');
    const res = await fetch(`${s.baseUrl}/api/ws/refinements/${threadId}`, {
      headers: { authorization: `Bearer ${await signTestToken({ sub: 'alice' })}` },
    });
    expect(res.status).toBe(426);
    expect(await res.json()).toEqual({
      error: { code: 'upgrade_required', message: 'this route only speaks WebSocket' },
    });
  });
});
