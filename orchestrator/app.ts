import { OpenAPIHono } from '@hono/zod-openapi';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Context, Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { WebSocketServer } from 'ws';
import { pingDatabase, type Sql } from '../common/db/index.js';
import { limitBody } from '../common/http/body-limit.js';
import { createErrorHandler } from '../common/http/errors.js';
import { createNotFoundHandler } from '../common/http/not-found.js';
import { createHttpMetrics, type Logger } from '../common/observability/index.js';
import type { AppEnv } from './contract/app-env.js';
import type { OrchestratorConfig } from './settings/config.js';
import type { ProposalRow } from './db/proposals.js';
import { buildOpenApiDocument, type OpenApiDocument } from './contract/document.js';
import { createAuthMiddleware } from './middleware/auth.js';
import { createCorsMiddleware } from './middleware/cors.js';
import { createRequestContext, createRequestTracker } from './middleware/request-context.js';
import { consoleRoutes } from './routes/console.js';
import { docsRoutes } from './routes/docs.js';
import { draftRoutes } from './routes/drafts.js';
import { healthRoutes } from './routes/health.js';
import { proposalRoutes, workflowProposalRoutes } from './routes/proposals.js';
import { refinementResolutionRoutes, refinementStartRoutes } from './routes/refinements.js';
import { versionRoutes } from './routes/versions.js';
import { workflowRoutes } from './routes/workflows.js';
import { refinementUpgrades, wsRoutes } from './routes/ws.js';
import type { SpecEngineClient } from './engine/spec-engine-client.js';
import { createTokenVerifier } from './services/token-verifier.js';
import { createUserResolver } from './services/users.js';
import type { RefinementProxy } from './streaming/proxy.js';
import { createUpgradeRefuser } from './streaming/refused-upgrade.js';

/** Largest JSON body accepted on `/api` routes. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Everything the app needs; tests build it in-process with their own database and engine. */
export interface AppDeps {
  readonly sql: Sql;
  readonly config: OrchestratorConfig;
  readonly logger: Logger;
  /** The service's Prometheus registry (served at `/metrics`). */
  readonly registry: Registry;
  readonly engine: SpecEngineClient;
  /** Called when the engine accepted a refinement (the finalizer starts consuming it). */
  readonly onRefinementStarted?: (proposal: ProposalRow) => void;
  /** The WebSocket relay: `/api/ws/refinements/{thread_id}` is served when it is given. */
  readonly proxy?: RefinementProxy;
  /** The server side of `ws` the relay's sockets are upgraded with (with `proxy`). */
  readonly wss?: WebSocketServer;
  /** True once the service drains for shutdown: `/ready` answers 503 so traffic moves away. */
  readonly isDraining?: () => boolean;
}

/** The `/api` resource routes, each declared once with its schemas (`@hono/zod-openapi`). */
export function buildApi(
  deps: Pick<AppDeps, 'sql' | 'engine' | 'logger' | 'onRefinementStarted' | 'config'>,
) {
  const maxDraftBytes = deps.config.draftMaxBytes;
  const refinementDeps = {
    sql: deps.sql,
    engine: deps.engine,
    logger: deps.logger,
    onRefinementStarted: deps.onRefinementStarted,
    maxDraftBytes,
  };
  return new OpenAPIHono<AppEnv>()
    .route('/workflows', workflowRoutes(deps.sql))
    .route('/workflows', workflowProposalRoutes(deps.sql))
    .route('/workflows', draftRoutes(deps.sql, maxDraftBytes))
    .route('/workflows', versionRoutes(deps.sql))
    .route('/workflows', refinementStartRoutes(refinementDeps))
    .route('/proposals', proposalRoutes(deps.sql))
    .route('/refinements', refinementResolutionRoutes(refinementDeps));
}

/** The typed shape of the authenticated `/api` routes (for `hono/client`). */
export type AppType = ReturnType<typeof buildApi>;

/** The HTTP server's `upgrade` listener. */
type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** The app and the server's `upgrade` listener, built together: they share auth and request tracking. */
interface ServedApp {
  readonly app: Hono<AppEnv>;
  readonly onUpgrade: UpgradeListener;
}

/**
 * Builds the orchestrator app (request id + metrics, CORS, a 10 MiB body limit, the public
 * routes, then bearer auth in front of every resource route) and the `upgrade` listener that
 * serves the refinement WebSocket beside it.
 */
export function createServedApp(deps: AppDeps): ServedApp {
  // Built once: the REST routes and the WebSocket route verify tokens and resolve users alike.
  const verifyToken = createTokenVerifier(deps.config.auth);
  const resolveUser = createUserResolver(deps.sql);
  const requests = createRequestTracker(deps.logger, createHttpMetrics(deps.registry));
  const app = new Hono<AppEnv>();
  app.use(createRequestContext(requests));
  app.use(createCorsMiddleware(deps.config.corsAllowedOrigins));
  app.use('/api/*', limitBody(MAX_BODY_BYTES));
  const api = buildApi(deps);
  let document: OpenApiDocument | undefined;
  // Generated on first use (not per request), from the same declarations that route and validate.
  const openApiDocument = () => {
    document ??= buildOpenApiDocument(api as unknown as OpenAPIHono);
    return document;
  };
  app.route(
    '/',
    healthRoutes(() => pingDatabase(deps.sql), deps.registry, deps.isDraining),
  );
  app.route('/api', docsRoutes(openApiDocument));
  app.route('/', consoleRoutes(deps.config.console));
  const wsAuth = { sql: deps.sql, verifyToken, resolveUser, allowedOrigins: deps.config.corsAllowedOrigins };
  // Outside the REST auth middleware: the WebSocket route authenticates its own token carriers.
  if (deps.proxy) app.route('/api/ws', wsRoutes(wsAuth));
  const auth = createAuthMiddleware({ verify: verifyToken, resolveUser });
  for (const prefix of ['/api/workflows', '/api/proposals', '/api/refinements']) {
    app.use(prefix, auth);
    app.use(`${prefix}/*`, auth);
  }
  app.route('/api', api);
  app.notFound(createNotFoundHandler(openApiDocument));
  app.onError(createErrorHandler<Context<AppEnv>>((c) => c.get('logger')));
  const refuse = createUpgradeRefuser(app.fetch);
  const { proxy, wss } = deps;
  const onUpgrade: UpgradeListener =
    proxy && wss
      ? refinementUpgrades({ ...wsAuth, proxy, wss, requests, refuse })
      : (request, socket) => refuse(request, socket);
  return { app, onUpgrade };
}

/** The orchestrator app alone (in-process tests that need no WebSocket). */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  return createServedApp(deps).app;
}
