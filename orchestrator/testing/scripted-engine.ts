import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * One step of a scripted run: a frame (object → JSON, string → sent as is) or a close without
 * `end` (with `firstDialOnly`, only the first stream of the thread is closed: a dropped
 * connection that a redial with `after_seq` recovers from).
 */
export type ScriptStep =
  | { readonly at: number; readonly frame: unknown }
  | { readonly at: number; readonly close: number; readonly firstDialOnly?: boolean };

/** What the scripted engine does for one thread. */
export interface ThreadScript {
  /** Steps with their time (ms) after the run started; a dial replays what is due, then goes live. */
  readonly steps: readonly ScriptStep[];
  /** `GET /state/{id}` answer; `'unknown'` answers 404. @default running */
  readonly state?: Record<string, unknown> | 'unknown';
  /** Status codes for successive `DELETE /threads/{id}` calls (the last one repeats). @default [204] */
  readonly deleteStatuses?: readonly number[];
  /** When true the stream ignores `after_seq` (older engines). */
  readonly ignoresAfterSeq?: boolean;
  /** Refuse every stream upgrade with this HTTP status (an engine failing). */
  readonly refuseStream?: number;
}

/** A request or stream dial the engine saw. */
interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingMessage['headers'];
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  readonly body?: any;
}

/** Options of {@link startScriptedEngine}. */
export interface ScriptedEngineOptions {
  readonly prefix?: string;
  /** Required bearer token on every prefixed route, like `SPEC_ENGINE_TOKEN`. */
  readonly token?: string;
  /** Script given to every invoked (or, with `knowsEveryThread`, every asked-for) thread. */
  readonly script?: ThreadScript;
  /** Treat unknown thread ids as runs started at engine start (an engine restarted mid-run). */
  readonly knowsEveryThread?: boolean;
  readonly port?: number;
}

/** A Spec Engine that replays scripted event sequences (the orchestrator's peer double). */
export interface ScriptedEngine {
  readonly url: string;
  readonly port: number;
  readonly seen: SeenRequest[];
  /** Frames the engine received from clients, per thread. */
  readonly received: Map<string, string[]>;
  /** Sets the script of a thread (started now) or the default for later invokes. */
  script(threadId: string | undefined, script: ThreadScript): void;
  /** The script later invokes get. */
  defaultScript(): ThreadScript;
  /** Open stream sockets. */
  openStreams(): number;
  close(): Promise<void>;
}

interface Run {
  readonly startedAt: number;
  script: ThreadScript;
  deletes: number;
  isDeleted: boolean;
}

const DEFAULT_SCRIPT: ThreadScript = { steps: [] };

/** Starts the scripted engine on a loopback port (`options.port` or a free one). */
export async function startScriptedEngine(options: ScriptedEngineOptions = {}): Promise<ScriptedEngine> {
  const prefix = options.prefix ?? '/spec-engine';
  const seen: SeenRequest[] = [];
  const received = new Map<string, string[]>();
  const runs = new Map<string, Run>();
  const bootAt = Date.now();
  let defaultScript = options.script ?? DEFAULT_SCRIPT;
  const timers = new Set<NodeJS.Timeout>();

  const runOf = (threadId: string): Run | undefined => {
    const run = runs.get(threadId);
    if (run) return run.isDeleted ? undefined : run;
    if (!options.knowsEveryThread) return undefined;
    const created = { startedAt: bootAt, script: defaultScript, deletes: 0, isDeleted: false };
    runs.set(threadId, created);
    return created;
  };
  const authorized = (req: IncomingMessage) =>
    !options.token || req.headers.authorization === `Bearer ${options.token}`;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? JSON.parse(text) : undefined;
      const reply = (status: number, json?: unknown) => {
        seen.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.search,
          headers: req.headers,
          status,
          body,
        });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(json === undefined ? undefined : JSON.stringify(json));
      };
      if (url.pathname === '/ready') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
        return;
      }
      if (!url.pathname.startsWith(`${prefix}/`)) return reply(404, { detail: 'not found' });
      if (!authorized(req)) return reply(401, { detail: 'unauthorized' });
      const path = url.pathname.slice(prefix.length);
      if (req.method === 'POST' && path === '/invoke') {
        const threadId: string = body?.job_id ?? crypto.randomUUID();
        if (!runs.has(threadId)) {
          runs.set(threadId, { startedAt: Date.now(), script: defaultScript, deletes: 0, isDeleted: false });
        }
        return reply(200, { thread_id: threadId, status: 'started' });
      }
      const state = /^\/state\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && state) {
        const threadId = decodeURIComponent(state[1]!);
        const run = runOf(threadId);
        const answer = run?.script.state ?? { status: 'running' };
        if (!run || answer === 'unknown') return reply(404, { detail: 'unknown thread' });
        return reply(200, { thread_id: threadId, generated_files: null, last_seq: 0, ...answer });
      }
      const thread = /^\/threads\/([^/]+)$/.exec(path);
      if (req.method === 'DELETE' && thread) {
        const run = runOf(decodeURIComponent(thread[1]!));
        if (!run) return reply(404, { detail: 'unknown thread' });
        const statuses = run.script.deleteStatuses ?? [204];
        const status = statuses[Math.min(run.deletes, statuses.length - 1)]!;
        run.deletes += 1;
        if (status < 300) run.isDeleted = true;
        return reply(status, status === 204 ? undefined : { detail: `scripted ${status}` });
      }
      return reply(404, { detail: 'not found' });
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = new RegExp(`^${prefix}/stream/([^/]+)$`).exec(url.pathname);
    const threadId = match ? decodeURIComponent(match[1]!) : '';
    const run = match ? runOf(threadId) : undefined;
    const status = !authorized(req) ? 401 : run ? (run.script.refuseStream ?? 101) : 404;
    seen.push({ method: 'WS', path: url.pathname, query: url.search, headers: req.headers, status });
    if (status !== 101 || !run) {
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const dialIndex = seen.filter(
      (r) => r.method === 'WS' && r.path === url.pathname && r.status === 101,
    ).length;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const afterSeq = run.script.ignoresAfterSeq ? 0 : Number(url.searchParams.get('after_seq') ?? 0);
      const frames = received.get(threadId) ?? [];
      received.set(threadId, frames);
      ws.on('message', (data) => frames.push(data.toString()));
      ws.on('error', () => {});
      const mine = new Set<NodeJS.Timeout>();
      ws.on('close', () => {
        for (const t of mine) {
          clearTimeout(t);
          timers.delete(t);
        }
      });
      const elapsed = Date.now() - run.startedAt;
      for (const step of run.script.steps) {
        const fire = () => {
          if (ws.readyState !== 1) return;
          if ('close' in step) {
            if (!step.firstDialOnly || dialIndex === 1) ws.close(step.close);
            return;
          }
          const seq = (step.frame as { seq?: unknown })?.seq;
          if (typeof seq === 'number' && seq <= afterSeq) return;
          const text = typeof step.frame === 'string' ? step.frame : JSON.stringify(step.frame);
          ws.send(text);
          if ((step.frame as { event_type?: unknown })?.event_type === 'end') ws.close(1000);
        };
        const wait = step.at - elapsed;
        if (wait <= 0) {
          fire();
          continue;
        }
        const t = setTimeout(() => {
          mine.delete(t);
          timers.delete(t);
          fire();
        }, wait);
        mine.add(t);
        timers.add(t);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    received,
    script(threadId, script) {
      if (threadId === undefined) defaultScript = script;
      else runs.set(threadId, { startedAt: Date.now(), script, deletes: 0, isDeleted: false });
    },
    defaultScript: () => defaultScript,
    openStreams: () => wss.clients.size,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
