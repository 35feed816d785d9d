import type { AddressInfo } from 'node:net';
import { serve, type WebSocketServerLike } from '@hono/node-server';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { WebSocketServer } from 'ws';
import type { AgentNode } from '../common/agents/spec-builder-definition.js';
import { SPEC_ENGINE_DATABASE } from '../common/contracts/databases.js';
import { connectDatabase, openServiceDatabase, retryWhileDatabaseUnavailable } from '../common/db/index.js';
import { createLogger, createMetricsRegistry, type Logger } from '../common/observability/index.js';
import { AgentCache } from './agent/build.js';
import { createCheckpointer } from './agent/checkpointer.js';
import { createApp } from './app.js';
import type { SpecEngineConfig } from './config.js';
import { setupSchema } from './db/schema.js';
import { countEvents, createLocalBus } from './events/fanout.js';
import { followThread } from './events/follow.js';
import { createRunMetrics } from './metrics.js';
import { type EngineNats, openEngineNats } from './nats/engine-nats.js';
import { Limiter } from './runs/limiter.js';
import { createLocalQueue, type JobQueue } from './runs/queue.js';
import { countQueuedRuns, unfinishedRuns } from './runs/registry.js';
import { startTombstoneSweep } from './runs/tombstone-sweep.js';
import type { RunnerDeps } from './runs/runner.js';
import { createRunService } from './runs/service.js';

/** Closes stream sockets with 1001 (readers resume on another replica), then cuts the stragglers. */
async function closeSockets(wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.close(1001, 'server shutting down');
  const deadline = Date.now() + 1000;
  while ([...wss.clients].some((c) => c.readyState !== c.CLOSED) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  for (const client of wss.clients) client.terminate();
}

/** Options of {@link startSpecEngine}. */
export interface EngineOptions {
  readonly config: SpecEngineConfig;
  readonly logger?: Logger;
  /** Replaces the configured model (tests script one). */
  readonly createModel?: (node: AgentNode) => BaseChatModel;
  /** Interface to listen on. @default `config.host`, else '0.0.0.0' */
  readonly hostname?: string;
  /**
   * Gets the error when NATS, reached after start-up, refuses the engine: the caller stops the
   * process (main.ts exits 1). @default logs it and stops the engine
   */
  readonly onFatal?: (error: Error) => void;
}

/** A running engine. */
export interface RunningEngine {
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the Spec Engine: database (embedded when `DATABASE_URL` is unset) and schema, NATS
 * when configured (when it is unreachable the engine serves HTTP, keeps accepted jobs queued and
 * `/ready` says why while it retries), the worker, and the HTTP + WebSocket server.
 */
export async function startSpecEngine(options: EngineOptions): Promise<RunningEngine> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ service: 'spec-engine', level: config.logLevel });
  // NATS first: a refusal (credentials, certificate, permission) stops start-up before anything opens.
  const nats: EngineNats | undefined = config.natsConnection
    ? await openEngineNats(config, logger)
    : undefined;
  const startupRetry = { windowMs: config.databaseStartupRetryMs, logger };
  const db = await retryWhileDatabaseUnavailable(
    'database',
    () =>
      openServiceDatabase({
        databaseUrl: config.databaseUrl,
        database: SPEC_ENGINE_DATABASE,
        embeddedDataDir: config.embeddedDataDir,
      }),
    startupRetry,
  );
  const sql = connectDatabase(db.url, { max: 10, applicationName: 'spec-engine' });
  const registry = createMetricsRegistry('spec-engine');
  const limiter = new Limiter(config.concurrency);
  const active = new Map<string, AbortController>();
  const metrics = createRunMetrics(
    registry,
    { active: () => active.size, waiting: () => limiter.waiting, queued: () => countQueuedRuns(sql) },
    logger,
  );
  const checkpointer = createCheckpointer(
    db.url,
    // Routine when the server restarts or stops first (a terminal's Ctrl-C reaches PostgreSQL
    // too): the code and message say what happened, a stack trace would only alarm.
    (error) =>
      logger.warn(
        { code: (error as { code?: string }).code, reason: (error as Error).message },
        'checkpointer connection lost',
      ),
    metrics.checkpoint,
  );
  await retryWhileDatabaseUnavailable('schema', () => setupSchema(sql, checkpointer), startupRetry);

  const bus = countEvents(nats?.bus ?? createLocalBus(), metrics.event);
  const agents = new AgentCache({
    model: config.model,
    env: config.providers,
    calls: config.modelCalls,
    checkpointer,
    ...(options.createModel ? { createModel: options.createModel } : {}),
  });
  const draining = new AbortController();
  const deps: RunnerDeps = {
    sql,
    bus,
    agents,
    checkpointer,
    logger,
    active,
    onFinished: metrics.finished,
    draining: draining.signal,
    runDeadlineMs: config.runDeadlineMs,
    modelTimeoutMs: config.modelCalls.timeoutMs,
    onTokens: metrics.tokens,
  };
  const queue: JobQueue = nats ? nats.queue : createLocalQueue(deps, limiter, logger);
  let engine: RunningEngine | undefined;
  let earlyFatal: Error | undefined;
  const reportFatal =
    options.onFatal ??
    ((error: Error) => {
      logger.error(error.message);
      void engine?.stop();
    });
  const onFatal = (error: Error) => {
    if (engine) reportFatal(error);
    else earlyFatal ??= error;
  };
  await nats?.start({ deps, limiter, onFatal }).catch(async (error: unknown) => {
    await nats.stop(0);
    await nats.close();
    await sql.end({ timeout: 5 });
    await checkpointer.end();
    await db.close();
    throw error;
  });
  const stopSweep = startTombstoneSweep(sql, logger);
  const runs = createRunService({ sql, checkpointer, queue, active, bus });
  if (!nats) {
    // In-process mode: runs a previous process left unfinished resume from their checkpoints.
    // The runner reads the request from the run record; only the id matters here.
    for (const threadId of await unfinishedRuns(sql)) {
      await queue.submit({ job_id: threadId, input_payload: { messages: [], files: {} } });
    }
  }
  const app = createApp({
    sql,
    runs,
    registry,
    logger,
    token: config.token,
    follow: (threadId, afterSeq, sink) => followThread({ sql, bus }, threadId, afterSeq, sink),
    ...(nats ? { nats: nats.status } : {}),
    isDraining: () => draining.signal.aborted,
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const server = serve({
    fetch: app.fetch,
    port: config.port,
    hostname: options.hostname ?? config.host ?? '0.0.0.0',
    websocket: { server: wss as unknown as WebSocketServerLike },
  });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, model: config.model.provider, nats: Boolean(nats) }, 'spec engine listening');
  let stopped: Promise<void> | undefined;
  engine = {
    port,
    url: `http://127.0.0.1:${port}`,
    stop() {
      stopped ??= stopEngine();
      return stopped;
    },
  };
  // A refusal that came while start-up was still going is reported now that there is an engine to stop.
  if (earlyFatal) setImmediate(() => reportFatal(earlyFatal!));
  return engine;

  async function stopEngine() {
    // Drain first: /ready fails, no new jobs, runs stop at their next checkpoint. Streams keep
    // serving meanwhile, so viewers see the events up to that checkpoint.
    draining.abort();
    logger.info({ runs: active.size, graceMs: config.drainTimeoutMs }, 'draining');
    stopSweep();
    await nats?.stop(config.drainTimeoutMs);
    await queue.close(config.drainTimeoutMs);
    await closeSockets(wss);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    wss.close();
    await nats?.close();
    await bus.close();
    await sql.end({ timeout: 5 });
    await checkpointer.end();
    await db.close();
  }
}
