import { timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import type { Registry } from 'prom-client';
import type { Sql } from '../common/db/index.js';
import { createHttpMetrics, type Logger } from '../common/observability/index.js';
import type { AppEnv } from './app-env.js';
import { ApiError, errorResponse } from './errors.js';
import type { FrameSink } from './events/follow.js';
import type { RunService } from './runs/service.js';
import { createHealthRoutes } from './routes/health.js';
import { invokeRoutes } from './routes/invoke.js';
import { stateRoutes } from './routes/state.js';
import { streamRoutes } from './routes/stream.js';
import { threadRoutes } from './routes/threads.js';

/** The base paths the routes answer under (the second is what older callers use). */
export const BASE_PATHS = ['/spec-engine', '/deepagents-runtime'] as const;

/** Everything the HTTP app needs. */
export interface AppDeps {
  readonly sql: Sql;
  readonly runs: RunService;
  readonly follow: (threadId: string, afterSeq: number, sink: FrameSink) => Promise<() => void>;
  readonly registry: Registry;
  readonly logger: Logger;
  /** `SPEC_ENGINE_TOKEN`: when set, every prefixed route requires it as a bearer token. */
  readonly token?: string | undefined;
  readonly nats?: () => { ok: boolean; reason?: string };
  /** True once the process drains for shutdown (`/ready` then answers 503). */
  readonly isDraining?: () => boolean;
}

function bearerAuth(token: string): MiddlewareHandler {
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

/** Creates the Spec Engine HTTP app (DESIGN §3.2). */
export function createApp(deps: AppDeps) {
  const metrics = createHttpMetrics(deps.registry);
  const api = new Hono<AppEnv>();
  if (deps.token) api.use('*', bearerAuth(deps.token));
  api.use('*', async (c, next) => {
    c.set('runs', deps.runs);
    c.set('follow', deps.follow);
    await next();
  });
  api.route('/', invokeRoutes).route('/', stateRoutes).route('/', threadRoutes).route('/', streamRoutes);
  api.onError((error, c) => errorResponse(c, error, (e) => deps.logger.error({ err: e }, 'request failed')));

  const app = new Hono();
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    metrics.observe(c.req.method, c.req.routePath, c.res.status, (performance.now() - started) / 1000);
  });
  app.route(
    '/',
    createHealthRoutes({
      sql: deps.sql,
      registry: deps.registry,
      ...(deps.nats ? { nats: deps.nats } : {}),
      ...(deps.isDraining ? { isDraining: deps.isDraining } : {}),
    }),
  );
  for (const base of BASE_PATHS) app.route(base, api);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no such route' } }, 404));
  app.onError((error, c) => errorResponse(c, error, (e) => deps.logger.error({ err: e }, 'request failed')));
  return app;
}
