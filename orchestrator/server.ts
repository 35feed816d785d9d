import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { retryWhileDatabaseUnavailable, type Sql } from '../common/db/index.js';
import { createLogger, createMetricsRegistry, type Logger } from '../common/observability/index.js';
import { createServedApp } from './app.js';
import type { OrchestratorConfig } from './settings/config.js';
import { openOrchestratorDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { ThreadFeeds } from './engine/feeds.js';
import { createSpecEngineClient, type SpecEngineClient } from './engine/spec-engine-client.js';
import { engineTelemetryOptions, traceEngineClient } from './engine/telemetry.js';
import { type CleanupWorker, startCleanupWorker } from './finalizer/cleanup.js';
import { Finalizer } from './finalizer/finalizer.js';
import { type Sweeper, startSweeper } from './finalizer/sweeper.js';
import { registerBacklogMetrics } from './observability/backlog-metrics.js';
import { createOrchestratorMetrics, type OrchestratorMetrics } from './observability/metrics.js';
import { selectBearerProtocol } from './routes/ws.js';
import { RefinementProxy } from './streaming/proxy.js';
import { loadStreamingOptions, type StreamingOptions } from './settings/streaming-options.js';

/** A running orchestrator: its address and a clean stop. */
export interface RunningOrchestrator {
  readonly port: number;
  readonly logger: Logger;
  /** Stops accepting requests, drains, closes the pool and the embedded database. */
  stop(): Promise<void>;
}

/** What the engine streams, the relay and the background workers need. */
interface RunWorkDeps {
  readonly sql: Sql;
  readonly config: OrchestratorConfig;
  readonly logger: Logger;
  /** The (traced) engine client the REST routes use too: one breaker for both. */
  readonly engine: SpecEngineClient;
  /**
   * The cleanup worker's client, with a breaker of its own: background deletes failing (an
   * engine still starting) must not pause users' requests.
   */
  readonly cleanupEngine: SpecEngineClient;
  readonly metrics: OrchestratorMetrics;
  readonly options: StreamingOptions;
}

/** The run side of the service, wired but not yet running its background workers. */
interface RunWork {
  readonly proxy: RefinementProxy;
  readonly finalizer: Finalizer;
  /** Upgrades the relay's browser sockets (the app's `upgrade` listener uses it). */
  readonly websocketServer: WebSocketServer;
  /** Starts the sweeper (picks up `processing` proposals now) and the cleanup worker. */
  start(): void;
  /** Closes sockets, stops workers and releases leases. */
  stop(): Promise<void>;
}

/**
 * Wires the engine streams (one per thread, shared), the WebSocket relay to browsers, the
 * server-side finalizer with DB leases, the sweeper and the cleanup outbox worker.
 */
function wireRunWork(deps: RunWorkDeps): RunWork {
  const { sql, config, logger, engine, metrics, options } = deps;
  const feeds = new ThreadFeeds({
    engine,
    target: {
      baseUrl: config.specEngineUrl,
      pathPrefix: config.specEnginePathPrefix,
      token: config.specEngineToken,
      maxFrameBytes: options.maxFrameBytes,
    },
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
    proxy,
    finalizer,
    websocketServer: wss,
    start() {
      sweeper = startSweeper(sql, finalizer, options, logger);
      cleanup = startCleanupWorker(sql, deps.cleanupEngine, options, metrics, logger);
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

/**
 * Starts the orchestrator (the composition root): database (embedded when `DATABASE_URL` is
 * unset), migrations under the advisory lock, the engine clients, the run work, the app, and
 * the HTTP server on `config.port`.
 */
export async function startOrchestrator(
  config: OrchestratorConfig,
  streamingOptions: StreamingOptions = loadStreamingOptions(),
): Promise<RunningOrchestrator> {
  const logger = createLogger({ service: 'ide-orchestrator', level: config.logLevel });
  const startupRetry = { windowMs: config.databaseStartupRetryMs, logger };
  const db = await retryWhileDatabaseUnavailable(
    'database',
    () => openOrchestratorDatabase(config.databaseUrl, logger),
    startupRetry,
  );
  let server: Server | undefined;
  let work: RunWork | undefined;
  let isDraining = false;
  try {
    const { applied, current } = await retryWhileDatabaseUnavailable(
      'migrations',
      () => runMigrations(db.sql),
      startupRetry,
    );
    logger.info({ applied, schemaVersion: current }, 'database migrated');
    const registry = createMetricsRegistry('ide-orchestrator');
    const metrics = createOrchestratorMetrics(registry);
    registerBacklogMetrics(registry, db.sql, logger);
    const engineOptions = {
      baseUrl: config.specEngineUrl,
      pathPrefix: config.specEnginePathPrefix,
      token: config.specEngineToken,
      halfOpenAfterMs: config.specEngineBreakerHalfOpenMs,
      ...engineTelemetryOptions(metrics),
    };
    const engine = traceEngineClient(createSpecEngineClient(engineOptions));
    // Background cleanup gets its own breaker: its failures must not pause users' requests.
    const cleanupEngine = traceEngineClient(createSpecEngineClient(engineOptions));
    engine.onBreakerStateChange((state) =>
      logger.warn({ state }, 'Spec Engine circuit breaker changed state'),
    );
    const runWork = wireRunWork({
      sql: db.sql,
      config,
      logger,
      engine,
      cleanupEngine,
      metrics,
      options: streamingOptions,
    });
    work = runWork;
    const { app, onUpgrade } = createServedApp({
      isDraining: () => isDraining,
      sql: db.sql,
      config,
      logger,
      registry,
      engine,
      proxy: runWork.proxy,
      wss: runWork.websocketServer,
      onRefinementStarted: (proposal) => runWork.finalizer.track(proposal),
    });
    server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
        resolve(s as Server),
      );
      s.on('upgrade', onUpgrade);
      s.once('error', reject);
    });
    runWork.start();
  } catch (error) {
    await work?.stop();
    await db.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, specEngine: config.specEngineUrl }, 'IDE Orchestrator listening');
  const listening = server;
  const running = work;
  return {
    port,
    logger,
    async stop() {
      // Drain: /ready fails and no new connection is accepted; then sockets are closed with 1001
      // (browsers resume with after_seq on another replica) and leases handed back, so another
      // replica takes over at once; in-flight requests still finish.
      isDraining = true;
      const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
      await running.stop();
      // Idle keep-alive sockets would hold close() open.
      listening.closeIdleConnections();
      await closed;
      await db.close();
    },
  };
}
