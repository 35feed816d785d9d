import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { type HttpMetrics, lazyChild, type Logger } from '../../common/observability/index.js';
import type { AppEnv } from '../contract/app-env.js';

const QUIET_ROUTES = new Set(['/health', '/ready', '/metrics']);

/** Incoming request ids are kept only when they look like ids (no log injection). */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** One request being served: its id, a logger carrying it, and the call that records it. */
interface TrackedRequest {
  readonly requestId: string;
  readonly log: Logger;
  /** Records the request's metrics and its `request` log line (by route pattern, never the URL). */
  end(method: string, route: string, status: number, userId?: string): void;
}

/** Starts tracking requests: shared by the app's middleware and the WebSocket upgrade path. */
export interface RequestTracker {
  begin(incomingId: string | undefined): TrackedRequest;
}

export function createRequestTracker(logger: Logger, metrics: HttpMetrics): RequestTracker {
  return {
    begin(incomingId) {
      const started = performance.now();
      const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
      // Made when a line is written: most upgrades and quiet routes write none at warn level.
      const log = lazyChild(logger, { requestId });
      return {
        requestId,
        log,
        end(method, route, status, userId) {
          const seconds = (performance.now() - started) / 1000;
          metrics.observe(method, route, status, seconds);
          // Probes and scrapes arrive every few seconds: keep them out of the info log.
          (QUIET_ROUTES.has(route) ? log.debug.bind(log) : log.info.bind(log))(
            { method, route, status, ms: Math.round(seconds * 1000), userId },
            'request',
          );
        },
      };
    },
  };
}

/**
 * Gives every request an id (`X-Request-Id`, echoed back), a child logger carrying it,
 * and records HTTP metrics by route pattern (never by concrete path).
 */
export function createRequestContext(requests: RequestTracker): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    const tracked = requests.begin(c.req.header('x-request-id'));
    c.set('requestId', tracked.requestId);
    c.set('logger', tracked.log);
    // Headers set before the handler are merged into its response; touching the response
    // headers afterwards would make @hono/node-server materialize a full Response.
    c.header('X-Request-Id', tracked.requestId);
    try {
      await next();
    } finally {
      // The route pattern, never the URL: a query string may carry what does not belong in logs.
      tracked.end(c.req.method, routePath(c, -1), c.res.status, c.get('user')?.id);
    }
  };
}
