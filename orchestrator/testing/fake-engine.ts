import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake engine received. */
interface EngineRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  // biome-ignore lint/suspicious/noExplicitAny: tests index into arbitrary JSON bodies
  readonly body: any;
}

/** What the fake engine answers: a status and JSON body, or `'hang'`/`'drop'` to simulate failures. */
type EngineReply = { status: number; body?: unknown } | 'hang' | 'drop';

/** Decides the reply to one request; the default speaks the contract of DESIGN §3.2. */
type EngineBehaviour = (request: EngineRequest, index: number) => EngineReply | undefined;

/** An in-process Spec Engine double for the orchestrator's own unit tests. */
export interface FakeEngine {
  readonly url: string;
  readonly requests: EngineRequest[];
  /** Replaces the behaviour (undefined replies fall back to the contract). */
  behave(behaviour: EngineBehaviour | undefined): void;
  close(): Promise<void>;
}

function contractReply(request: EngineRequest, prefix: string): EngineReply {
  if (request.method === 'POST' && request.path === `${prefix}/invoke`) {
    const jobId = (request.body as { job_id?: string }).job_id ?? crypto.randomUUID();
    return { status: 200, body: { thread_id: jobId, status: 'started' } };
  }
  const state = new RegExp(`^${prefix}/state/([^/]+)$`).exec(request.path);
  if (request.method === 'GET' && state) {
    return {
      status: 200,
      body: { thread_id: state[1], status: 'running', generated_files: null, last_seq: 0 },
    };
  }
  if (request.method === 'DELETE' && request.path.startsWith(`${prefix}/threads/`)) return { status: 204 };
  return { status: 404, body: { detail: 'not found' } };
}

/** Starts the fake engine on a free loopback port. */
export async function startFakeEngine(prefix = '/spec-engine'): Promise<FakeEngine> {
  const requests: EngineRequest[] = [];
  let behaviour: EngineBehaviour | undefined;
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: EngineRequest = {
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://x').pathname,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      if (request.path === '/ready') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
        return;
      }
      requests.push(request);
      const reply = behaviour?.(request, requests.length - 1) ?? contractReply(request, prefix);
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      if (reply === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave(next) {
      behaviour = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on which nothing listens (a port freed right after binding). */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
