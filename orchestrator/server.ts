import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { retryWhileDatabaseUnavailable, type StartupRetry } from '../common/db/index.js';
import { createMetricsRegistry, createLogger, type Logger } from '../common/observability/index.js';
import { type AppDeps, createApp } from './app.js';
import type { OrchestratorConfig } from './config.js';
import { openOrchestratorDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { registerBacklogMetrics } from './observability/backlog-metrics.js';
import { createSpecEngineClient } from './engine/spec-engine-client.js';
import {
  createStreaming,
  createOrchestratorMetrics,
  engineTelemetryOptions,
  loadStreamingOptions,
  type Streaming,
  type StreamingOptions,
  traceEngineClient,
} from './streaming/index.js';
import { answerRefusedUpgrades, keepUpgradeRefusals } from './streaming/refused-upgrade.js';

/** A running orchestrator: its address and a clean stop. */
export interface RunningOrchestrator {
  readonly port: number;
  readonly logger: Logger;
  /** Stops accepting requests, drains, closes the pool and the embedded database. */
  stop(): Promise<void>;
}

/** Extra wiring callers (issue 6's streaming half) add to the app. */
export type AppExtensions = Partial<
  Pick<AppDeps, 'verifyToken' | 'resolveUser' | 'onRefinementStarted' | 'mount'>
>;

/**
 * Starts the orchestrator: database (embedded when `DATABASE_URL` is unset), migrations
 * under the advisory lock, the app, and the HTTP server on `config.port`.
 */
export async function startOrchestrator(
  config: OrchestratorConfig,
  extensions: AppExtensions = {},
  streamingOptions: StreamingOptions = loadStreamingOptions(),
): Promise<RunningOrchestrator> {
  const logger = createLogger({ service: 'ide-orchestrator', level: config.logLevel });
  const startupRetry = {
    windowMs: config.databaseStartupRetryMs,
    onRetry: (r: StartupRetry) => logger.warn(r, 'database unavailable at start-up; retrying'),
  };
  const db = await retryWhileDatabaseUnavailable(
    'database',
    () => openOrchestratorDatabase(config.databaseUrl, logger),
    startupRetry,
  );
  let server: Server | undefined;
  let streaming: Streaming | undefined;
  let isDraining = false;
  try {
    const { applied, current } = await retryWhileDatabaseUnavailable(
      'migrations',
      () => runMigrations(db.sql),
      startupRetry,
    );
    logger.info({ applied, schemaVersion: current }, 'database migrated');
    const registry = createMetricsRegistry('ide-orchestrator');
    const streamingMetrics = createOrchestratorMetrics(registry);
    registerBacklogMetrics(registry, db.sql, logger);
    const engineOptions = {
      baseUrl: config.specEngineUrl,
      pathPrefix: config.specEnginePathPrefix,
      token: config.specEngineToken,
      halfOpenAfterMs: config.specEngineBreakerHalfOpenMs,
      ...engineTelemetryOptions(streamingMetrics),
    };
    const engine = traceEngineClient(createSpecEngineClient(engineOptions));
    // Background cleanup gets its own breaker: its failures must not pause users' requests.
    const cleanupEngine = traceEngineClient(createSpecEngineClient(engineOptions));
    engine.onBreakerStateChange((state) =>
      logger.warn({ state }, 'Spec Engine circuit breaker changed state'),
    );
    streaming = createStreaming({
      sql: db.sql,
      config,
      logger,
      engine,
      cleanupEngine,
      metrics: streamingMetrics,
      options: streamingOptions,
    });
    const app = createApp({
      isDraining: () => isDraining,
      sql: db.sql,
      config,
      logger,
      registry,
      engine,
      ...streaming.appDeps,
      ...extensions,
    });
    const websocket = { server: streaming.websocketServer };
    server = await new Promise<Server>((resolve, reject) => {
      const s = serve(
        { fetch: answerRefusedUpgrades(app.fetch), port: config.port, hostname: config.host, websocket },
        () => resolve(s as Server),
      );
      keepUpgradeRefusals(s as Server);
      s.once('error', reject);
    });
    streaming.start();
  } catch (error) {
    await streaming?.stop();
    await db.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, specEngine: config.specEngineUrl }, 'IDE Orchestrator listening');
  const listening = server;
  const running = streaming;
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
