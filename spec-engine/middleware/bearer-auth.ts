import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from '../../common/http/bearer.js';
import { ApiError } from '../../common/http/errors.js';

/** Requires `Authorization: Bearer <token>` (`SPEC_ENGINE_TOKEN`), compared in constant time. */
export function requireBearerToken(token: string): MiddlewareHandler {
  const expected = Buffer.from(token);
  return bearerAuth((given) => {
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw ApiError.unauthorized('a valid bearer token is required');
    }
  });
}
