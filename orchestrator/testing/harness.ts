import type { Hono } from 'hono';
import pino from 'pino';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { createMetricsRegistry } from '../../common/observability/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import type { AppEnv } from '../contract/app-env.js';
import { type AppDeps, createApp } from '../app.js';
import { loadConfig, type OrchestratorConfig } from '../settings/config.js';
import { runMigrations } from '../db/migrate.js';
import type { ProposalRow } from '../db/proposals.js';
import { createSpecEngineClient, type SpecEngineClientOptions } from '../engine/spec-engine-client.js';
import { checkOrchestratorAnswer } from './contract.js';
import { type FakeEngine, startFakeEngine } from './fake-engine.js';
import { signTestToken, TEST_SECRET } from './tokens.js';

/** A response as tests look at it. */
interface TestResponse {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests index into arbitrary JSON bodies
  readonly body: any;
  readonly headers: Headers;
}

/** Options of {@link createTestApp}. */
interface TestAppOptions {
  /** Extra environment on top of the test defaults (HS256 secret, CORS origin). */
  readonly env?: Record<string, string>;
  /** Engine client tuning (fast retries by default). */
  readonly engine?: Partial<SpecEngineClientOptions>;
  readonly onRefinementStarted?: (proposal: ProposalRow) => void;
}

/** An orchestrator app on a fresh database with a fake engine. */
export interface TestApp {
  readonly app: Hono<AppEnv>;
  readonly sql: Sql;
  readonly engine: FakeEngine;
  readonly config: OrchestratorConfig;
  readonly deps: AppDeps;
  /** Calls the app as user `sub` (no token when `sub` is null). */
  call(
    method: string,
    path: string,
    options?: { sub?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Builds a test app (real PostgreSQL, migrated) in-process. */
export async function createTestApp(prefix: string, options: TestAppOptions = {}): Promise<TestApp> {
  const db: TestDatabase = await createTestDatabase(prefix);
  const sql = connectDatabase(db.url, { max: 8 });
  await runMigrations(sql);
  const engine = await startFakeEngine();
  const config = loadConfig({
    AUTH_JWT_SECRET: TEST_SECRET,
    CORS_ALLOWED_ORIGINS: 'https://ide.example.com',
    SPEC_ENGINE_URL: engine.url,
    ...options.env,
  });
  const deps: AppDeps = {
    sql,
    config,
    logger: pino({ level: 'silent' }),
    registry: createMetricsRegistry('ide-orchestrator', false),
    engine: createSpecEngineClient({
      baseUrl: config.specEngineUrl,
      pathPrefix: config.specEnginePathPrefix,
      token: config.specEngineToken,
      timeoutMs: 2_000,
      initialDelayMs: 5,
      maxDelayMs: 20,
      ...options.engine,
    }),
    ...(options.onRefinementStarted ? { onRefinementStarted: options.onRefinementStarted } : {}),
  };
  const app = createApp(deps);
  return {
    app,
    sql,
    engine,
    config,
    deps,
    async call(method, path, callOptions = {}) {
      const headers = new Headers(callOptions.headers);
      const sub = callOptions.sub === undefined ? 'alice' : callOptions.sub;
      if (sub !== null) headers.set('authorization', `Bearer ${await signTestToken({ sub })}`);
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        body = typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body);
        headers.set('content-type', 'application/json');
      }
      const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON (metrics, docs): keep the text.
      }
      if (res.headers.get('content-type')?.startsWith('application/json') && path.startsWith('/api/')) {
        checkOrchestratorAnswer(method, path, res.status, parsed);
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await engine.close();
      await sql.end({ timeout: 5 });
      await db.drop();
    },
  };
}

/** A file tree in the engine's shape, for tests. */
export function tree(
  files: Record<string, string[]>,
): Record<string, { content: string[]; created_at: string; modified_at: string }> {
  const at = '2026-01-01T00:00:00.000Z';
  return Object.fromEntries(
    Object.entries(files).map(([path, content]) => [path, { content, created_at: at, modified_at: at }]),
  );
}

/** A workflow of `sub` whose draft has /keep.md, /change.md and /drop.md, with a refinement running on it. */
export async function workflowWithRefinement(
  t: TestApp,
  sub = 'alice',
): Promise<{ workflowId: string; proposalId: string; threadId: string }> {
  const workflowId = (await t.call('POST', '/api/workflows', { body: { name: 'wf' }, sub })).body
    .id as string;
  for (const [name, content] of [
    ['keep', 'same'],
    ['change', 'old'],
    ['drop', 'bye'],
  ]) {
    await t.call('PUT', `/api/workflows/${workflowId}/draft/files/${name}.md`, { body: { content }, sub });
  }
  const res = await t.call('POST', `/api/workflows/${workflowId}/refinements`, {
    body: { instructions: 'go' },
    sub,
  });
  if (res.status !== 202) throw new Error(`refinement not started: ${res.status}`);
  return { workflowId, proposalId: res.body.proposal_id as string, threadId: res.body.thread_id as string };
}

/** The draft's revision and each file's lines. */
export async function draftOf(
  t: TestApp,
  workflowId: string,
): Promise<{ revision: number; files: Record<string, string[]> }> {
  const res = await t.call('GET', `/api/workflows/${workflowId}/draft`);
  const files = res.body.files as Record<string, { content: string[] }>;
  return {
    revision: res.body.revision as number,
    files: Object.fromEntries(Object.entries(files).map(([path, file]) => [path, file.content])),
  };
}
