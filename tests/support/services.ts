import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ORCHESTRATOR_DATABASE, SPEC_ENGINE_DATABASE } from '../../common/contracts/databases.js';
import { natsNames } from '../../common/contracts/nats.js';
import { connectDatabase, freePort, type Sql } from '../../common/db/index.js';
import { createTestDatabase, type TestDatabase } from '../../common/testing/postgres.js';
import { mintDevToken } from '../../scripts/stack/dev-auth.js';
import { deleteJetStream } from '../../spec-engine/nats/setup.js';
import { type ServiceProcess, startServiceProcess } from '../../scripts/stack/service-process.js';
import { inheritedEnv } from './processes.js';

/** Both real services as separate processes on one PostgreSQL server, for end-to-end tests. */
export interface E2eServices {
  readonly orchestratorUrl: string;
  readonly engineUrl: string;
  /** The `SPEC_ENGINE_TOKEN` both services share (the engine's prefixed routes require it). */
  readonly engineToken: string;
  /** The orchestrator's socket URL for a thread. */
  wsUrl(threadId: string): string;
  /** A valid token for user `sub`. */
  tokenFor(sub: string): Promise<string>;
  /** The Spec Engine's database (`deepagents_runtime_*`), for asserting on checkpoints. */
  readonly engineSql: Sql;
  /** The orchestrator's database (`ide_orchestrator_*`). */
  readonly orchestratorSql: Sql;
  readonly orchestrator: ServiceProcess;
  /** The current engine process (replaced by {@link startEngine}). */
  engine(): ServiceProcess;
  /** True while an engine process is running. */
  isEngineRunning(): boolean;
  /** Starts the engine again on the same port and database (after a stop or kill). */
  startEngine(): Promise<void>;
  /** Starts one more orchestrator replica on its own port, same database, engine and auth. */
  startOrchestratorReplica(): Promise<ServiceProcess>;
  /** Stops everything and drops both databases. */
  stop(): Promise<void>;
}

/** Options for {@link startE2eServices}. */
export interface E2eOptions {
  /** Name prefix of the two databases and the NATS streams. */
  readonly name: string;
  /** NATS server for the engine's job queue; in process when absent. */
  readonly natsUrl?: string;
  /** Extra engine variables (e.g. `SPEC_ENGINE_OFFLINE_STEP_DELAY_MS`). */
  readonly engineEnv?: Record<string, string>;
  /** Extra orchestrator variables. */
  readonly orchestratorEnv?: Record<string, string>;
  /** Extra variables for both services (e.g. `OTEL_*`). */
  readonly env?: Record<string, string>;
  /** Start the engine? False tests "engine down at start". @default true */
  readonly startEngine?: boolean;
}

/**
 * Starts the Spec Engine (offline model) and the orchestrator as real processes, each on a
 * free port with its own fresh database on the test PostgreSQL server.
 */
export async function startE2eServices(options: E2eOptions): Promise<E2eServices> {
  const databases: TestDatabase[] = [];
  const processes: ServiceProcess[] = [];
  const pools: Sql[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const orchestratorDb = await createTestDatabase(`${ORCHESTRATOR_DATABASE}_${options.name}`);
    databases.push(orchestratorDb);
    const engineDb = await createTestDatabase(`${SPEC_ENGINE_DATABASE}_${options.name}`);
    databases.push(engineDb);
    const [enginePort, orchestratorPort] = [await freePort(), await freePort()];
    const secret = randomBytes(32).toString('base64url');
    const engineToken = randomBytes(24).toString('base64url');
    // Own stream names on the shared NATS server, deleted again by stop().
    const natsPrefix = `e2e-${options.name}-${randomBytes(3).toString('hex')}`;
    if (options.natsUrl) cleanups.push(() => deleteEngineStreams(options.natsUrl!, natsPrefix));
    const base = {
      ...inheritedEnv(['PORT', 'DATABASE_URL', 'NATS_URL', 'NODE_ENV']),
      LOG_LEVEL: 'warn',
      // As in production: the engine requires the service token and the orchestrator sends it.
      SPEC_ENGINE_TOKEN: engineToken,
      ...options.env,
    };
    const engineEnv: NodeJS.ProcessEnv = {
      ...base,
      DATABASE_URL: engineDb.url,
      SPEC_ENGINE_MODEL: 'offline',
      ...(options.natsUrl
        ? {
            NATS_URL: options.natsUrl,
            SPEC_ENGINE_NATS_PREFIX: natsPrefix,
          }
        : {}),
      ...options.engineEnv,
    };
    let engine: ServiceProcess | undefined;
    const startEngine = async () => {
      engine = startServiceProcess({
        name: 'spec-engine',
        entry: 'spec-engine/main.ts',
        port: enginePort,
        env: engineEnv,
      });
      processes.push(engine);
      await engine.waitReady(60_000);
    };
    const orchestratorEnv: NodeJS.ProcessEnv = {
      ...base,
      DATABASE_URL: orchestratorDb.url,
      SPEC_ENGINE_URL: `http://127.0.0.1:${enginePort}`,
      AUTH_JWT_SECRET: secret,
      // Background loops on test time: cleanup and pick-up within a second, a retry of an
      // unfinished run after 5 s (lease expiry), stuck after 15 s.
      CLEANUP_POLL_SECONDS: '0.5',
      FINALIZER_POLL_SECONDS: '1',
      FINALIZER_LEASE_SECONDS: '5',
      SWEEPER_STUCK_AFTER_SECONDS: '15',
      // The breaker fails fast for 5 s instead of 30 s, so recovery tests don't wait it out.
      SPEC_ENGINE_BREAKER_HALF_OPEN_SECONDS: '5',
      ...options.orchestratorEnv,
    };
    const startOrchestrator = (port: number, name: string) => {
      const replica = startServiceProcess({
        name,
        entry: 'orchestrator/main.ts',
        port,
        env: { ...orchestratorEnv, ORCHESTRATOR_REPLICA_ID: name },
      });
      processes.push(replica);
      return replica;
    };
    const orchestrator = startOrchestrator(orchestratorPort, 'orchestrator');
    await Promise.all([
      options.startEngine === false ? undefined : startEngine(),
      orchestrator.waitReady(60_000),
    ]);
    const engineSql = connectDatabase(engineDb.url, { max: 2 });
    const orchestratorSql = connectDatabase(orchestratorDb.url, { max: 2 });
    pools.push(engineSql, orchestratorSql);
    return {
      orchestratorUrl: orchestrator.url,
      engineUrl: `http://127.0.0.1:${enginePort}`,
      engineToken: (base.SPEC_ENGINE_TOKEN as string | undefined) ?? engineToken,
      wsUrl: (threadId) => `ws://127.0.0.1:${orchestratorPort}/api/ws/refinements/${threadId}`,
      tokenFor: (sub) => mintDevToken(secret, { sub, expiresIn: '1h' }),
      engineSql,
      orchestratorSql,
      orchestrator,
      engine: () => {
        if (!engine) throw new Error('the engine was never started');
        return engine;
      },
      isEngineRunning: () => engine?.isRunning() ?? false,
      startEngine,
      async startOrchestratorReplica() {
        const replica = startOrchestrator(await freePort(), `orchestrator-${processes.length}`);
        await replica.waitReady(60_000);
        return replica;
      },
      stop: () => release(processes, pools, databases, cleanups),
    };
  } catch (error) {
    await release(processes, pools, databases, cleanups);
    throw error;
  }
}

async function release(
  processes: ServiceProcess[],
  pools: Sql[],
  databases: TestDatabase[],
  cleanups: (() => Promise<void>)[],
): Promise<void> {
  await Promise.all(processes.map((p) => p.stop('SIGTERM', 5_000)));
  await Promise.all(pools.map((p) => p.end({ timeout: 2 })));
  for (const db of databases) await db.drop();
  for (const cleanup of cleanups) await cleanup();
}

/** Deletes the JetStream streams an engine created under `prefix`. */
async function deleteEngineStreams(natsUrl: string, prefix: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    await deleteJetStream(await jetstreamManager(nc), natsNames(prefix));
  } finally {
    await nc.close();
  }
}
