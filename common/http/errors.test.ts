import { OpenAPIHono, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { limitBody } from './body-limit.js';
import { ApiError, createErrorHandler } from './errors.js';

const logged: string[] = [];
const logger = {
  warn: (_fields: unknown, message: string) => logged.push(`warn ${message}`),
  error: (_fields: unknown, message: string) => logged.push(`error ${message}`),
} as never;

const json = new OpenAPIHono().openapi(
  {
    method: 'post',
    path: '/json',
    request: { body: { content: { 'application/json': { schema: z.object({ a: z.number() }) } } } },
    responses: { 200: { description: 'ok' } },
  },
  (c) => c.json({ ok: true }, 200),
);

const app = new Hono()
  .use('/limited', limitBody(8))
  .post('/limited', async (c) => c.text(await c.req.text()))
  .get('/conflict', () => {
    const error = ApiError.conflict('draft_changed', 'both changed');
    error.conflicts = ['a.md'];
    throw error;
  })
  .get('/down', () => {
    throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5432 password=secret'), {
      code: 'ECONNREFUSED',
    });
  })
  .get('/bug', () => {
    throw new Error('secret internals');
  })
  .route('/', json)
  .onError(createErrorHandler(() => logger));

describe('the shared error handler', () => {
  it('answers an ApiError with its status, body and headers', async () => {
    const res = await app.request('/conflict');
    expect([res.status, await res.json()]).toEqual([
      409,
      { error: { code: 'draft_changed', message: 'both changed', conflicts: ['a.md'] } },
    ]);
  });

  it('answers an unavailable database 503 with Retry-After and no details', async () => {
    const res = await app.request('/down');
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '1']);
    expect(await res.json()).toEqual({
      error: {
        code: 'database_unavailable',
        message: 'the database is unavailable; retry after Retry-After seconds',
      },
    });
    expect(logged).toContain('warn database unavailable');
  });

  it('answers anything else a bare 500 internal and logs it', async () => {
    const res = await app.request('/bug');
    expect([res.status, await res.json()]).toEqual([
      500,
      { error: { code: 'internal', message: 'internal error' } },
    ]);
    expect(logged).toContain('error unhandled error');
  });

  it('answers 415 for a body that is not JSON and 400 for JSON that does not parse', async () => {
    const text = await app.request('/json', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect([text.status, ((await text.json()) as { error: { code: string } }).error.code]).toEqual([
      415,
      'unsupported_media_type',
    ]);
    const broken = await app.request('/json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect([broken.status, await broken.json()]).toEqual([
      400,
      { error: { code: 'invalid_request', message: 'request body must be valid JSON' } },
    ]);
  });

  it('counts the bytes of a body without Content-Length and refuses one over the limit with 413', async () => {
    const stream = (text: string) =>
      new Request('http://x/limited', {
        method: 'POST',
        body: new Blob([text]).stream(),
        duplex: 'half',
      } as RequestInit);
    const over = await app.request(stream('123456789'));
    expect([over.status, await over.json()]).toEqual([
      413,
      { error: { code: 'payload_too_large', message: 'request body must be at most 8 bytes' } },
    ]);
    const within = await app.request(stream('12345678'));
    expect([within.status, await within.text()]).toEqual([200, '12345678']);
  });
});
