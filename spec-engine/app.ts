import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import { INVOKE_MAX_BYTES } from '../common/contracts/draft-size.js';
import type { OpenApiDocument } from '../common/contracts/openapi.js';
import { pingDatabase, type Sql } from '../common/db/index.js';
import { limitBody } from '../common/http/body-limit.js';
import { createErrorHandler } from '../common/http/errors.js';
import { createNotFoundHandler } from '../common/http/not-found.js';
import { createHttpMetrics, type Logger } from '../common/observability/index.js';
import { BASE_PATHS, buildSpecEngineDocument, documentedPath } from './contract/document.js';
import { requireBearerToken } from './middleware/bearer-auth.js';
import { createHealthRoutes } from './routes/health.js';
import { invokeRoutes } from './routes/invoke.js';
import { stateRoutes } from './routes/state.js';
import { type FollowThread, streamRoutes } from './routes/stream.js';
import { threadRoutes } from './routes/threads.js';
import type { RunService } from './runs/service.js';

/** Everything the HTTP app needs. */
export interface AppDeps {
  readonly sql: Sql;
  readonly runs: RunService;
  readonly follow: FollowThread;
  readonly registry: Registry;
  readonly logger: Logger;
  /** `SPEC_ENGINE_TOKEN`: when set, every prefixed route requires it as a bearer token. */
  readonly token?: string | undefined;
  readonly nats?: () => { ok: boolean; reason?: string };
  /** True once the process drains for shutdown (`/ready` then answers 503). */
  readonly isDraining?: () => boolean;
}

/** The JSON routes under each base path, each declared once with its schemas (`@hono/zod-openapi`). */
export function buildApi(runs: RunService) {
  return new OpenAPIHono()
    .route('/', invokeRoutes(runs))
    .route('/', stateRoutes(runs))
    .route('/', threadRoutes(runs));
}

/** Creates the Spec Engine HTTP app (DESIGN §3.2). */
export function createApp(deps: AppDeps) {
  const metrics = createHttpMetrics(deps.registry);
  const api = buildApi(deps.runs);
  let document: OpenApiDocument | undefined;
  // Generated once, from the same declarations that route and validate.
  const openApiDocument = () => {
    document ??= buildSpecEngineDocument(api);
    return document;
  };
  const prefixed = new Hono();
  // Public like the probes.
  prefixed.get('/openapi.json', (c) => c.json(openApiDocument(), 200));
  if (deps.token) prefixed.use('*', requireBearerToken(deps.token));
  prefixed.use('/invoke', limitBody(INVOKE_MAX_BYTES));
  prefixed.route('/', api).route('/', streamRoutes(deps.runs, deps.follow));

  const app = new Hono();
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    metrics.observe(c.req.method, c.req.routePath, c.res.status, (performance.now() - started) / 1000);
  });
  app.route(
    '/',
    createHealthRoutes({
      pingDatabase: () => pingDatabase(deps.sql),
      registry: deps.registry,
      ...(deps.nats ? { nats: deps.nats } : {}),
      ...(deps.isDraining ? { isDraining: deps.isDraining } : {}),
    }),
  );
  for (const base of BASE_PATHS) app.route(base, prefixed);
  app.notFound(createNotFoundHandler(openApiDocument, documentedPath));
  app.onError(createErrorHandler(() => deps.logger));
  return app;
}
