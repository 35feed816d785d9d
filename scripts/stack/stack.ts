import path from 'node:path';
import { ENV } from '../../common/contracts/env.js';
import type { StackConfig } from './config.js';
import { type DevAuth, resolveDevAuth } from './dev-auth.js';
import { openStackDatabase, type StackDatabase } from './database.js';
import { type ServiceProcess, startServiceProcess } from './service-process.js';

/** The running local stack: one PostgreSQL, the Spec Engine and the orchestrator. */
export interface Stack {
  readonly database: StackDatabase;
  readonly auth: DevAuth;
  readonly specEngine: ServiceProcess;
  readonly orchestrator: ServiceProcess;
  /** Settles with the first service that exits, for as long as the stack runs. */
  readonly firstExit: Promise<ServiceProcess>;
  /** Stops the orchestrator, then the engine, then the embedded PostgreSQL. Idempotent. */
  stop(): Promise<void>;
}

/** Options for {@link startStack}. */
export interface StartStackOptions {
  /** Every output line of a service. */
  readonly onLine?: (service: string, line: string) => void;
  /** Aborting stops what has started and makes `startStack` reject. */
  readonly signal?: AbortSignal;
  /** How long to wait for both `/ready`. @default 120_000 */
  readonly readyTimeoutMs?: number;
}

/** The environment the user gave, minus what the stack sets per service. */
function baseEnv(): NodeJS.ProcessEnv {
  const { PORT: _port, [ENV.databaseUrl]: _db, HOST: _host, ...rest } = process.env;
  return rest;
}

/** How long a service gets to stop before SIGKILL: the whole stack stops within ~10 s. */
const SERVICE_GRACE_MS = 4_000;

async function stopAll(parts: { services: ServiceProcess[]; database?: StackDatabase }): Promise<void> {
  // The orchestrator first, so it does not see the engine vanish under a running request.
  for (const service of [...parts.services].reverse()) await service.stop('SIGTERM', SERVICE_GRACE_MS);
  await parts.database?.stop();
}

function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('stack start cancelled'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Starts the local stack as `npm start` does: the database (embedded unless
 * `DATABASE_URL`), then the Spec Engine and, once it answers `/ready`, the orchestrator, as
 * child processes bound to `config.host` and sharing a service token. On any failure everything started so far is stopped again.
 */
export async function startStack(config: StackConfig, options: StartStackOptions = {}): Promise<Stack> {
  const parts: { services: ServiceProcess[]; database?: StackDatabase } = { services: [] };
  const onLine = options.onLine;
  try {
    // Not abortable half-way: a server that finishes starting after an abort would be left behind.
    const database = await openStackDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: path.join(config.dataDir, 'stack-pg'),
    });
    parts.database = database;
    if (options.signal?.aborted) throw new Error('stack start cancelled');
    const auth = await resolveDevAuth(process.env, config.dataDir);
    const env = {
      // A local Ctrl-C should not wait the production drain budget (100 s) for runs in flight.
      SPEC_ENGINE_DRAIN_SECONDS: '3',
      ...baseEnv(),
      ...auth.serviceEnv,
      HOST: config.host,
      LOG_LEVEL: config.logLevel,
    };
    const timeout = options.readyTimeoutMs ?? 120_000;
    const specEngine = startServiceProcess({
      name: 'spec-engine',
      entry: 'spec-engine/main.ts',
      port: config.specEnginePort,
      env: { ...env, [ENV.databaseUrl]: database.specEngineUrl },
      ...(onLine ? { onLine: (line: string) => onLine('spec-engine', line) } : {}),
    });
    parts.services.push(specEngine);
    // The engine first: the orchestrator's background work calls it as soon as it starts.
    await abortable(specEngine.waitReady(timeout), options.signal);
    const orchestrator = startServiceProcess({
      name: 'orchestrator',
      entry: 'orchestrator/main.ts',
      port: config.orchestratorPort,
      env: {
        ...env,
        ...auth.orchestratorEnv,
        [ENV.databaseUrl]: database.orchestratorUrl,
        [ENV.specEngineUrl]: specEngine.url,
      },
      ...(onLine ? { onLine: (line: string) => onLine('orchestrator', line) } : {}),
    });
    parts.services.push(orchestrator);
    await abortable(orchestrator.waitReady(timeout), options.signal);
    let stopping: Promise<void> | undefined;
    return {
      database,
      auth,
      specEngine,
      orchestrator,
      firstExit: Promise.race(parts.services.map((s) => s.exited.then(() => s))),
      stop: () => {
        stopping ??= stopAll(parts);
        return stopping;
      },
    };
  } catch (error) {
    await stopAll(parts);
    throw error;
  }
}
