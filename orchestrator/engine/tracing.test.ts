import type { AddressInfo } from 'node:net';
import { serve, type WebSocketServerLike } from '@hono/node-server';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { connectDatabase, type Sql } from '../../common/db/index.js';
import { createMetricsRegistry } from '../../common/observability/index.js';
import { type InMemorySpanExporter, startInMemoryTracing } from '../../common/observability/tracing.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { createApp as createEngineApp } from '../../spec-engine/app.js';
import type { RunService } from '../../spec-engine/runs/service.js';
import { loadConfig } from '../settings/config.js';
import { type RunningOrchestrator, startOrchestrator } from '../server.js';
import { createSpecEngineClient } from './spec-engine-client.js';
import { signTestToken, TEST_SECRET } from '../testing/tokens.js';
import { files, modernRun } from '../testing/frames.js';
import { engineTelemetryOptions, traceEngineClient } from './telemetry.js';
import { createOrchestratorMetrics } from '../observability/metrics.js';
import { startScriptedEngine } from '../testing/scripted-engine.js';
import { fastStreamingOptions, openClient, waitFor } from '../testing/stack.js';

// The engine side is the Spec Engine's real HTTP app (its routes extract traceparent);
// only its run service is a stand-in, since this test is about propagation.
const FINAL = { '/plan.md': ['traced'] };

describe('W3C trace propagation between the orchestrator and the engine', () => {
  let exporter: InMemorySpanExporter;
  let db: TestDatabase;
  let sql: Sql;
  let orchestrator: RunningOrchestrator;
  let closeEngine: () => Promise<void>;

  beforeAll(async () => {
    exporter = startInMemoryTracing();
    db = await createTestDatabase('orch_trace');
    sql = connectDatabase(db.url, { max: 2 });
    const runs: RunService = {
      invoke: async (request) => ({ threadId: request.job_id, isNew: true }),
      state: async (threadId) => ({
        thread_id: threadId,
        status: 'completed',
        generated_files: files(FINAL),
        last_seq: 6,
        usage: { input_tokens: 0, output_tokens: 0 },
      }),
      exists: async () => true,
      deleteThread: async () => {},
    };
    const app = createEngineApp({
      sql,
      runs,
      registry: createMetricsRegistry('spec-engine', false),
      logger: pino({ level: 'silent' }),
      follow: async (_threadId, afterSeq, sink) => {
        for (const step of modernRun(FINAL)) {
          if ((step.frame as { seq: number }).seq > afterSeq) sink.send(JSON.stringify(step.frame));
        }
        sink.end();
        return () => {};
      },
    });
    const wss = new WebSocketServer({ noServer: true });
    const server = serve({
      fetch: app.fetch,
      port: 0,
      hostname: '127.0.0.1',
      websocket: { server: wss as unknown as WebSocketServerLike },
    });
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', resolve)));
    const port = (server.address() as AddressInfo).port;
    closeEngine = async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
    orchestrator = await startOrchestrator(
      loadConfig({
        PORT: '0',
        DATABASE_URL: db.url,
        AUTH_JWT_SECRET: TEST_SECRET,
        SPEC_ENGINE_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'silent',
      }),
      fastStreamingOptions(),
    );
  });
  afterAll(async () => {
    await orchestrator?.stop();
    await closeEngine?.();
    await sql?.end({ timeout: 5 });
    await db?.drop();
  });

  it('puts the engine spans of invoke and the stream dial into the orchestrator traces', async () => {
    const token = await signTestToken({ sub: 'tracy' });
    const base = `http://127.0.0.1:${orchestrator.port}`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${base}/api/workflows`, { method: 'POST', headers, body: '{"name":"t"}' });
    const wf = (await created.json()) as { id: string };
    const started = await fetch(`${base}/api/workflows/${wf.id}/refinements`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ instructions: 'trace me' }),
    });
    expect(started.status).toBe(202);
    await waitFor(
      async () => {
        const [row] = await sql`select status from proposals where workflow_id = ${wf.id}`;
        return row?.status === 'completed';
      },
      10_000,
      'completion',
    );
    const spans = await waitFor<ReturnType<InMemorySpanExporter['getFinishedSpans']> | undefined>(() => {
      const all = exporter.getFinishedSpans();
      const names = new Set(all.map((s) => s.name));
      return names.has('spec-engine stream') && names.has('finalize refinement') ? all : undefined;
    });
    const byName = (name: string, kind: number) => spans!.filter((s) => s.name === name && s.kind === kind);
    const invokeClient = byName('spec-engine invoke', 2)[0]!;
    const invokeServer = byName('spec-engine invoke', 1)[0]!;
    expect(invokeServer.spanContext().traceId).toBe(invokeClient.spanContext().traceId);
    expect(invokeServer.parentSpanContext?.spanId).toBe(invokeClient.spanContext().spanId);
    const dial = byName('spec-engine stream', 2)[0]!;
    const streamServer = byName('spec-engine stream', 1)[0]!;
    expect(streamServer.spanContext().traceId).toBe(dial.spanContext().traceId);
    expect(streamServer.parentSpanContext?.spanId).toBe(dial.spanContext().spanId);
    const finalize = spans!.find((s) => s.name === 'finalize refinement')!;
    expect(dial.spanContext().traceId).toBe(finalize.spanContext().traceId);
  });

  it('traces a proxy session from the upgrade request through the dial to the engine stream', async () => {
    const token = await signTestToken({ sub: 'tracy' });
    const [row] = await sql<{ thread_id: string }[]>`select thread_id from proposals limit 1`;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const opened = await openClient(
      `ws://127.0.0.1:${orchestrator.port}/api/ws/refinements/${row!.thread_id}`,
      {
        headers: { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      },
    );
    if ('status' in opened) throw new Error(`refused ${opened.status}`);
    expect((await opened.done).code).toBe(1000);
    const spans = await waitFor(() => {
      const all = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      return all.some((s) => s.name === 'refinement websocket session') ? all : undefined;
    });
    const session = spans.find((s) => s.name === 'refinement websocket session')!;
    const dial = spans.find((s) => s.name === 'spec-engine stream' && s.kind === 2)!;
    const engineStream = spans.find((s) => s.name === 'spec-engine stream' && s.kind === 1)!;
    expect(session.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(session.attributes['websocket.close_code']).toBe(1000);
    expect(dial.parentSpanContext?.spanId).toBe(session.spanContext().spanId);
    expect(engineStream.parentSpanContext?.spanId).toBe(dial.spanContext().spanId);
  });

  it('sends the traceparent of each engine call span on invoke, state and delete', async () => {
    const engine = await startScriptedEngine();
    try {
      const client = traceEngineClient(
        createSpecEngineClient({
          baseUrl: engine.url,
          pathPrefix: '/spec-engine',
          ...engineTelemetryOptions(createOrchestratorMetrics(createMetricsRegistry('t', false))),
        }),
      );
      const jobId = crypto.randomUUID();
      await client.invoke({ job_id: jobId, agent_definition: {}, input_payload: {} });
      await client.getState(jobId);
      await client.deleteThread(jobId);
      const spans = exporter.getFinishedSpans().filter((s) => s.attributes['thread.id'] === jobId);
      expect(spans.map((s) => s.name).sort()).toEqual([
        'spec-engine delete',
        'spec-engine invoke',
        'spec-engine state',
      ]);
      for (const [method, name] of [
        ['POST', 'spec-engine invoke'],
        ['GET', 'spec-engine state'],
        ['DELETE', 'spec-engine delete'],
      ] as const) {
        const span = spans.find((s) => s.name === name)!;
        const request = engine.seen.find((r) => r.method === method)!;
        expect(request.headers.traceparent).toBe(
          `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
        );
      }
    } finally {
      await engine.close();
    }
  });
});
