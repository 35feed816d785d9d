import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../contract/app-env.js';
import { ApiError } from '../../common/http/errors.js';

const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Request-Id, Traceparent';
const MAX_AGE_SECONDS = '600';

/**
 * CORS restricted to exact origins: an allowed origin gets the CORS headers; a preflight
 * from any other origin answers 403, and its actual requests get no CORS headers (so the
 * browser blocks them).
 */
export function createCorsMiddleware(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allowedOrigins);
  return async function cors(c, next) {
    const origin = c.req.header('origin');
    const isPreflight =
      c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    const isAllowed = origin !== undefined && allowed.has(origin);
    if (isPreflight) {
      if (!isAllowed) throw new ApiError(403, 'origin_not_allowed', 'this origin is not allowed');
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', MAX_AGE_SECONDS);
      c.header('Vary', 'Origin');
      return c.body(null, 204);
    }
    // Set before the handler runs, so they are merged into its response (see request-context.ts).
    c.header('Vary', 'Origin');
    if (isAllowed) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    }
    await next();
  };
}
