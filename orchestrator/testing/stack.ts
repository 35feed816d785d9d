import WebSocket from 'ws';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { loadConfig } from '../settings/config.js';
import { type RunningOrchestrator, startOrchestrator } from '../server.js';
import { checkOrchestratorAnswer } from './contract.js';
import { signTestToken, TEST_SECRET } from './tokens.js';
import { loadStreamingOptions, type StreamingOptions } from '../settings/streaming-options.js';
import {
  type ScriptedEngine,
  type ScriptedEngineOptions,
  startScriptedEngine,
  type ThreadScript,
} from './scripted-engine.js';

/** The allowed browser origin of test stacks. */
export const TEST_ORIGIN = 'https://ide.example.com';

/** Fast timings for tests: short leases, polls and redials. */
export function fastStreamingOptions(overrides: Partial<StreamingOptions> = {}): StreamingOptions {
  return {
    ...loadStreamingOptions({}),
    leaseMs: 1_500,
    pollMs: 200,
    claimGraceMs: 1_000,
    cleanupPollMs: 100,
    cleanupRetryMs: 50,
    reconnectAttempts: 2,
    reconnectDelayMs: 20,
    ...overrides,
  };
}

/** Options of {@link startStack}. */
interface StackOptions {
  readonly engine?: ScriptedEngineOptions;
  readonly streaming?: Partial<StreamingOptions>;
  readonly env?: Record<string, string>;
}

/** A real orchestrator (HTTP + WebSocket server, workers) on a fresh database with a scripted engine. */
export interface Stack {
  readonly engine: ScriptedEngine;
  readonly orchestrator: RunningOrchestrator;
  readonly sql: Sql;
  readonly baseUrl: string;
  readonly wsUrl: string;
  /** An authenticated REST call as `sub`; returns status and JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests index into arbitrary JSON bodies
  api(method: string, path: string, sub: string, body?: unknown): Promise<{ status: number; body: any }>;
  /**
   * Creates a workflow for `sub` and starts a refinement; returns its ids. With `script` the
   * engine runs that script for this refinement (bound at invoke, before the finalizer can dial
   * the stream the viewers then share; setting a thread's script after the start would race it).
   */
  refine(
    sub: string,
    script?: ThreadScript,
  ): Promise<{ proposalId: string; threadId: string; workflowId: string }>;
  close(): Promise<void>;
}

/** Starts a stack; close it in `afterAll`. */
export async function startStack(prefix: string, options: StackOptions = {}): Promise<Stack> {
  const db: TestDatabase = await createTestDatabase(prefix);
  const engine = await startScriptedEngine(options.engine);
  let orchestrator: RunningOrchestrator;
  try {
    const config = loadConfig({
      PORT: '0',
      DATABASE_URL: db.url,
      AUTH_JWT_SECRET: TEST_SECRET,
      CORS_ALLOWED_ORIGINS: TEST_ORIGIN,
      SPEC_ENGINE_URL: engine.url,
      LOG_LEVEL: 'silent',
      ...options.env,
    });
    orchestrator = await startOrchestrator(config, fastStreamingOptions(options.streaming));
  } catch (error) {
    await engine.close();
    await db.drop();
    throw error;
  }
  const sql = connectDatabase(db.url, { max: 4 });
  const baseUrl = `http://127.0.0.1:${orchestrator.port}`;
  const api: Stack['api'] = async (method, path, sub, body) => {
    const headers: Record<string, string> = { authorization: `Bearer ${await signTestToken({ sub })}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    checkOrchestratorAnswer(method, path, res.status, parsed);
    return { status: res.status, body: parsed };
  };
  return {
    engine,
    orchestrator,
    sql,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${orchestrator.port}/api/ws/refinements`,
    api,
    async refine(sub, script) {
      const wf = await api('POST', '/api/workflows', sub, { name: 'wf' });
      if (wf.status !== 201) throw new Error(`workflow: ${wf.status} ${JSON.stringify(wf.body)}`);
      const restore = script ? engine.defaultScript() : undefined;
      if (script) engine.script(undefined, script);
      const started = await api('POST', `/api/workflows/${wf.body.id}/refinements`, sub, {
        instructions: 'write the plan',
      }).finally(() => {
        if (restore) engine.script(undefined, restore);
      });
      if (started.status !== 202)
        throw new Error(`refinement: ${started.status} ${JSON.stringify(started.body)}`);
      return {
        proposalId: started.body.proposal_id,
        threadId: started.body.thread_id,
        workflowId: wf.body.id,
      };
    },
    async close() {
      await orchestrator.stop();
      await engine.close();
      await sql.end({ timeout: 5 });
      await db.drop();
    },
  };
}

/** Waits until `check` returns a truthy value (polling), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a test WebSocket client saw. */
export interface WsResult {
  readonly frames: string[];
  readonly code: number;
  readonly protocol: string;
}

/** Opens a client socket; resolves with the HTTP status when the upgrade is refused. */
export function openClient(
  url: string,
  options: { headers?: Record<string, string>; protocols?: string[] } = {},
): Promise<{ socket: WebSocket; done: Promise<WsResult> } | { status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], {
      headers: options.headers ?? {},
      maxPayload: 64 * 1024 * 1024,
    });
    const frames: string[] = [];
    socket.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    socket.once('error', (error) => reject(error));
    socket.once('open', () => {
      const done = new Promise<WsResult>((r) =>
        socket.once('close', (code: number) => r({ frames, code, protocol: socket.protocol })),
      );
      resolve({ socket, done });
    });
  });
}
