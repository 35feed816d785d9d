import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../common/db/index.js';
import { createLogger, createMetricsRegistry } from '../common/observability/index.js';
import { createApp } from './app.js';
import { unreachableUrl } from './testing/fake-engine.js';
import { createTestApp, type TestApp } from './testing/harness.js';
import { signTestToken } from './testing/tokens.js';

describe('orchestrator app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('orch_app');
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves /health and /ready without a token', async () => {
    expect(await t.call('GET', '/health', { sub: null })).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    expect(await t.call('GET', '/ready', { sub: null })).toMatchObject({
      status: 200,
      body: { status: 'ready', database: 'ok' },
    });
  });

  it('marks authenticated answers and refusals Cache-Control: no-store', async () => {
    const created = await t.call('POST', '/api/workflows', { body: { name: 'cached?' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const listed = await t.call('GET', '/api/workflows');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const refused = await t.call('GET', '/api/workflows', { sub: null });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('answers /ready 503 when the database is unreachable', async () => {
    const sql = connectDatabase(`${(await unreachableUrl()).replace('http:', 'postgres:')}/x`, { max: 1 });
    const app = createApp({ ...t.deps, sql, registry: createMetricsRegistry('ide-orchestrator', false) });
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'not_ready', message: 'database unreachable' } });
    await sql.end({ timeout: 1 });
  });

  it('answers an API call 503 database_unavailable with Retry-After, not 500, when the database is unreachable', async () => {
    const sql = connectDatabase(`${(await unreachableUrl()).replace('http:', 'postgres:')}/x`, { max: 1 });
    const app = createApp({ ...t.deps, sql, registry: createMetricsRegistry('ide-orchestrator', false) });
    const token = await signTestToken({ sub: 'db-down' });
    const res = await app.request('/api/workflows', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toEqual({
      error: {
        code: 'database_unavailable',
        message: 'the database is unavailable; retry after Retry-After seconds',
      },
    });
    await sql.end({ timeout: 1 });
  });

  it('answers /ready 503 while it drains for shutdown, so traffic moves to other replicas', async () => {
    let isDraining = false;
    const app = createApp({
      ...t.deps,
      isDraining: () => isDraining,
      registry: createMetricsRegistry('ide-orchestrator', false),
    });
    expect((await app.request('/ready')).status).toBe(200);
    isDraining = true;
    const res = await app.request('/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'not_ready', message: 'shutting down' } });
  });

  it('logs one line per request with request id, route pattern and user, never the URL or token', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      service: 'ide-orchestrator',
      destination: { write: (l: string) => lines.push(l) },
    });
    const app = createApp({ ...t.deps, logger, registry: createMetricsRegistry('ide-orchestrator', false) });
    const token = await signTestToken({ sub: 'logged' });
    const res = await app.request('/api/workflows?token=secret-in-query', {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-log-1' },
    });
    expect(res.status).toBe(200);
    const entry = JSON.parse(lines.find((l) => l.includes('"msg":"request"'))!);
    expect(entry).toMatchObject({
      requestId: 'req-log-1',
      method: 'GET',
      route: '/api/workflows',
      status: 200,
    });
    expect(entry.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.join('')).not.toContain('secret-in-query');
    expect(lines.join('')).not.toContain(token);
  });

  it('serves Prometheus metrics labelled by route pattern, never by concrete id', async () => {
    const id = (await t.call('POST', '/api/workflows', { body: { name: 'm' } })).body.id;
    await t.call('GET', `/api/workflows/${id}`);
    const res = await t.call('GET', '/metrics', { sub: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.body).toContain('http_requests_total{method="GET",route="/api/workflows/:id",status="200"');
    expect(res.body).not.toContain(id);
  });

  it('serves an OpenAPI document covering every route', async () => {
    const doc = await t.call('GET', '/api/openapi.json', { sub: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/workflows',
        '/api/workflows/{id}',
        '/api/workflows/{id}/draft',
        '/api/workflows/{id}/draft/files/{path}',
        '/api/workflows/{id}/versions',
        '/api/workflows/{id}/versions/{version}',
        '/api/workflows/{id}/proposals',
        '/api/workflows/{id}/refinements',
        '/api/proposals/{id}',
        '/api/proposals/{id}/approve',
        '/api/proposals/{id}/reject',
        '/api/refinements/{id}/approve',
        '/api/refinements/{id}/reject',
      ]),
    );
    // The WebSocket route takes a token like every /api resource: the docs must not call it public.
    expect(doc.body.paths['/api/ws/refinements/{thread_id}'].get.security).toEqual([{ bearer: [] }]);
  });

  it('answers a JSON 404 for an unknown route and echoes a request id', async () => {
    const res = await t.call('GET', '/api/nope', { headers: { 'x-request-id': 'req-123' } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'no such route' } });
    expect(res.headers.get('x-request-id')).toBe('req-123');
    const generated = await t.call('GET', '/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a CORS preflight from an allowed origin', async () => {
    const res = await t.call('OPTIONS', '/api/workflows', {
      sub: null,
      headers: {
        origin: 'https://ide.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://ide.example.com');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it('refuses a CORS preflight from another origin with 403 and no CORS headers', async () => {
    const res = await t.call('OPTIONS', '/api/workflows', {
      sub: null,
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds CORS headers to actual responses only for allowed origins', async () => {
    const allowed = await t.call('GET', '/api/workflows', { headers: { origin: 'https://ide.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ide.example.com');
    const denied = await t.call('GET', '/api/workflows', { headers: { origin: 'https://evil.example.com' } });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    expect(denied.headers.get('vary')).toContain('Origin');
  });

  it('answers 500 without internals when a query fails', async () => {
    const broken = await createTestApp('orch_app_broken');
    await broken.call('GET', '/api/workflows');
    await broken.sql`drop table proposals cascade`;
    const { id } = (await broken.call('POST', '/api/workflows', { body: { name: 'x' } })).body;
    const res = await broken.call('GET', `/api/proposals/${id}`);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
    await broken.close();
  });
});
