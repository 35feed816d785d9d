import { WebSocketServer } from 'ws';
import type { WebSocketServerLike } from '@hono/node-server';
import type { Sql } from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';
import type { AppDeps } from '../app.js';
import type { OrchestratorConfig } from '../config.js';
import { selectBearerProtocol, wsRoutes } from '../routes/ws.js';
import type { SpecEngineClient } from '../engine/spec-engine-client.js';
import { createTokenVerifier } from '../services/token-verifier.js';
import { createUserResolver } from '../services/users.js';
import { type CleanupWorker, startCleanupWorker } from '../finalizer/cleanup.js';
import type { StreamingOptions } from '../streaming-options.js';
import { ThreadFeeds } from '../engine/feeds.js';
import { Finalizer } from '../finalizer/finalizer.js';
import type { OrchestratorMetrics } from '../observability/metrics.js';
import { RefinementProxy } from './proxy.js';
import { type Sweeper, startSweeper } from '../finalizer/sweeper.js';
import type { EngineTarget } from '../engine/dial.js';

/** What the streaming half needs from the service. */
export interface StreamingDeps {
  readonly sql: Sql;
  readonly config: OrchestratorConfig;
  readonly logger: Logger;
  /** The (traced) engine client the REST half uses too: one breaker for both. */
  readonly engine: SpecEngineClient;
  /**
   * The client of the cleanup outbox worker, with a breaker of its own: background deletes
   * failing (an engine still starting) must not pause users' requests. @default engine
   */
  readonly cleanupEngine?: SpecEngineClient;
  readonly metrics: OrchestratorMetrics;
  readonly options: StreamingOptions;
}

/** The streaming half, wired but not yet running its background workers. */
export interface Streaming {
  /** Spread into `createApp` deps: the WS route, the refinement hook and the shared verifier. */
  readonly appDeps: Pick<AppDeps, 'mount' | 'onRefinementStarted' | 'verifyToken' | 'resolveUser'>;
  /** Give to `serve({ websocket: { server } })`. */
  readonly websocketServer: WebSocketServerLike;
  readonly proxy: RefinementProxy;
  readonly finalizer: Finalizer;
  /** Starts the sweeper (picks up `processing` proposals now) and the cleanup worker. */
  start(): void;
  /** Closes sockets, stops workers and releases leases. */
  stop(): Promise<void>;
}

/**
 * Builds the streaming half: the WebSocket proxy with its route, the server-side
 * finalizer with DB leases, the sweeper and the cleanup outbox worker.
 */
export function createStreaming(deps: StreamingDeps): Streaming {
  const { sql, config, logger, engine, metrics, options } = deps;
  const target: EngineTarget = {
    baseUrl: config.specEngineUrl,
    pathPrefix: config.specEnginePathPrefix,
    token: config.specEngineToken,
    maxFrameBytes: options.maxFrameBytes,
  };
  const verifyToken = createTokenVerifier(config.auth);
  const resolveUser = createUserResolver(sql);
  const feeds = new ThreadFeeds({
    engine,
    target,
    metrics,
    reconnectAttempts: options.reconnectAttempts,
    reconnectDelayMs: options.reconnectDelayMs,
    replayBufferBytes: options.replayBufferBytes,
    replayBudgetBytes: options.replayBudgetBytes,
  });
  const proxy = new RefinementProxy({
    feeds,
    metrics,
    maxBufferedBytes: options.maxBufferedBytes,
    heartbeatMs: options.heartbeatMs,
    idleTimeoutMs: options.idleTimeoutMs,
    maxSessionMs: options.maxSessionMs,
  });
  const finalizer = new Finalizer({ sql, engine, feeds, metrics, logger, options });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    perMessageDeflate: false,
    handleProtocols: selectBearerProtocol,
  });
  let sweeper: Sweeper | undefined;
  let cleanup: CleanupWorker | undefined;
  engine.onBreakerStateChange((state) => metrics.breaker(state));
  return {
    appDeps: {
      verifyToken,
      resolveUser,
      onRefinementStarted: (proposal) => finalizer.track(proposal),
      mount: (app) => {
        app.route(
          '/api/ws',
          wsRoutes({ sql, verifyToken, resolveUser, allowedOrigins: config.corsAllowedOrigins, proxy }),
        );
      },
    },
    // ws's server satisfies node-server's structural type; exactOptionalPropertyTypes needs the cast.
    websocketServer: wss as unknown as WebSocketServerLike,
    proxy,
    finalizer,
    start() {
      sweeper = startSweeper(sql, finalizer, options, logger);
      cleanup = startCleanupWorker(sql, deps.cleanupEngine ?? engine, options, metrics, logger);
    },
    async stop() {
      sweeper?.stop();
      proxy.close();
      await finalizer.stop();
      await cleanup?.stop();
      for (const client of wss.clients) client.terminate();
    },
  };
}
