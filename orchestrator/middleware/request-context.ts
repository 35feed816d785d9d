import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { HttpMetrics, Logger } from '../../common/observability/index.js';
import type { AppEnv } from '../contract/app-env.js';

const QUIET_ROUTES = new Set(['/health', '/ready', '/metrics']);

/** Incoming request ids are kept only when they look like ids (no log injection). */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (`X-Request-Id`, echoed back), a child logger carrying it,
 * and records HTTP metrics by route pattern (never by concrete path).
 */
export function createRequestContext(logger: Logger, metrics: HttpMetrics): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('logger', logger.child({ requestId }));
    // Headers set before the handler are merged into its response; touching the response
    // headers afterwards would make @hono/node-server materialize a full Response.
    c.header('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const route = routePath(c, -1);
      const seconds = (performance.now() - started) / 1000;
      metrics.observe(c.req.method, route, c.res.status, seconds);
      // The route pattern, never the URL: query strings may carry tokens (older WebSocket clients).
      const log = c.get('logger');
      // Probes and scrapes arrive every few seconds: keep them out of the info log.
      (QUIET_ROUTES.has(route) ? log.debug.bind(log) : log.info.bind(log))(
        {
          method: c.req.method,
          route,
          status: c.res.status,
          ms: Math.round(seconds * 1000),
          userId: c.get('user')?.id,
        },
        'request',
      );
    }
  };
}
