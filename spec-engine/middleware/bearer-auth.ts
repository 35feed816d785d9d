import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

/** Requires `Authorization: Bearer <token>` (`SPEC_ENGINE_TOKEN`), compared in constant time. */
export function requireBearerToken(token: string): MiddlewareHandler {
  const expected = Buffer.from(token);
  return async function requireBearer(c, next) {
    const header = c.req.header('authorization') ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(401, 'unauthorized', 'a valid bearer token is required');
    }
    await next();
  };
}
