import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bearerAuth, bearerToken } from './bearer.js';
import { ApiError, createErrorHandler } from './errors.js';

describe('bearer auth', () => {
  it('reads only well-formed bearer headers', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  const app = new Hono()
    .use(
      bearerAuth((token) => {
        if (token !== 'good') throw ApiError.unauthorized('a valid bearer token is required');
      }),
    )
    .get('/', (c) => c.text('in'))
    .onError(createErrorHandler(() => undefined));

  it.each([
    ['no header', undefined, 'a bearer token is required (Authorization: Bearer <token>)'],
    ['a Basic header', 'Basic YTpi', 'a bearer token is required (Authorization: Bearer <token>)'],
    ['a token verify refuses', 'Bearer bad', 'a valid bearer token is required'],
  ])('answers 401 with the challenge and no-store for %s', async (_why, header, message) => {
    const res = await app.request('/', { headers: header ? { authorization: header } : {} });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message } });
  });

  it('lets a token verify accepts through', async () => {
    const res = await app.request('/', { headers: { authorization: 'Bearer good' } });
    expect([res.status, await res.text()]).toEqual([200, 'in']);
  });
});
