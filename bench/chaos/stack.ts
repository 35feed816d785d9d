import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { ORCHESTRATOR_DATABASE, SPEC_ENGINE_DATABASE } from '../../common/contracts/databases.js';
import {
  connectDatabase,
  type EmbeddedServer,
  freePort,
  type Sql,
  startEmbeddedPostgres,
  withDatabase,
} from '../../common/db/index.js';
import { mintDevToken } from '../../scripts/stack/dev-auth.js';
import { type ServiceProcess, startServiceProcess } from '../../scripts/stack/service-process.js';
import { type NatsServer, startNatsServer } from './nats-server.js';
import { type FaultProxy, startFaultProxy } from './proxy.js';

/** One service replica the harness can kill and restart on the same port. */
export interface Replica {
  readonly name: string;
  readonly port: number;
  current(): ServiceProcess;
  /** SIGKILLs the replica (an exit the harness expects). */
  kill(): Promise<void>;
  /** Starts the replica again (after a kill) and waits until it is ready. */
  restart(): Promise<void>;
}

/** A replica that exited without the harness asking: a crash, with its last output. */
export interface Crash {
  readonly name: string;
  readonly exit: string;
  readonly output: string;
}

/** The chaos run's stack: two orchestrators, two engines behind fault proxies, NATS, PostgreSQL. */
export interface ChaosStack {
  readonly orchestrators: readonly Replica[];
  readonly engines: readonly Replica[];
  /** The proxy in front of engine i (orchestrator i talks to the engines through it). */
  readonly proxies: readonly FaultProxy[];
  readonly nats: NatsServer;
  readonly orchestratorSql: Sql;
  readonly engineSql: Sql;
  /** A superuser connection to the server (for `pg_terminate_backend`). */
  readonly adminSql: Sql;
  readonly databases: { readonly orchestrator: string; readonly engine: string };
  tokenFor(sub: string): Promise<string>;
  /** Replicas that exited on their own (each was restarted, as Kubernetes would). */
  readonly crashes: Crash[];
  /** Every pid the stack ever started (services, NATS), for the "nothing left behind" check. */
  pids(): number[];
  stop(): Promise<void>;
}

/** Timings that make recovery happen within seconds instead of production's minutes. */
const ORCHESTRATOR_ENV = {
  CLEANUP_POLL_SECONDS: '0.5',
  FINALIZER_POLL_SECONDS: '1',
  FINALIZER_LEASE_SECONDS: '3',
  FINALIZER_CLAIM_GRACE_SECONDS: '5',
  SWEEPER_STUCK_AFTER_SECONDS: '20',
  SPEC_ENGINE_BREAKER_HALF_OPEN_SECONDS: '1',
  STREAM_RECONNECT_ATTEMPTS: '8',
  STREAM_RECONNECT_DELAY_MS: '200',
};
/** The engine's ack wait: a SIGSTOP longer than this loses the job to the other engine. */
export const ENGINE_ACK_WAIT_MS = 2_000;

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && !['PORT', 'DATABASE_URL', 'NATS_URL', 'NODE_ENV'].includes(key))
      env[key] = value;
  }
  return { ...env, LOG_LEVEL: 'error', OTEL_SDK_DISABLED: 'true' };
}

/**
 * Starts the stack on loopback: PostgreSQL (`adminUrl`'s server, or an embedded one), two fresh
 * databases, its own NATS server, two engines in NATS mode and two orchestrators.
 */
export async function startChaosStack(options: {
  adminUrl?: string;
  stepDelayMs: number;
}): Promise<ChaosStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const started: ServiceProcess[] = [];
  const runCleanups = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const scratch = await mkdtemp(path.join(tmpdir(), 'zt-chaos-'));
    cleanups.push(() => rm(scratch, { recursive: true, force: true }));
    let embedded: EmbeddedServer | undefined;
    if (!options.adminUrl) {
      embedded = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg') });
      cleanups.push(() => embedded!.stop());
    }
    const adminUrl = options.adminUrl ?? embedded!.url('postgres');
    const suffix = randomBytes(4).toString('hex');
    const databases = {
      orchestrator: `${ORCHESTRATOR_DATABASE}_chaos_${suffix}`,
      engine: `${SPEC_ENGINE_DATABASE}_chaos_${suffix}`,
    };
    const adminSql = postgres(adminUrl, { max: 2, onnotice: () => {} });
    cleanups.push(() => adminSql.end({ timeout: 2 }));
    for (const name of Object.values(databases)) {
      await adminSql.unsafe(`create database "${name}"`);
      cleanups.push(() => adminSql.unsafe(`drop database if exists "${name}" with (force)`));
    }
    const nats = await startNatsServer(await freePort(), path.join(scratch, 'nats'));
    cleanups.push(() => nats.stop());
    const secret = randomBytes(32).toString('base64url');
    // The engine refuses to start open to anyone: both sides share a service token, as in production.
    const base = { ...childEnv(), SPEC_ENGINE_TOKEN: randomBytes(24).toString('base64url') };

    const crashes: Crash[] = [];
    let isStopping = false;
    const replica = (name: string, entry: string, port: number, env: NodeJS.ProcessEnv): Replica => {
      let current: ServiceProcess | undefined;
      let isKilled = false;
      const start = async () => {
        isKilled = false;
        const child = startServiceProcess({ name, entry, port, env });
        current = child;
        started.push(child);
        void child.exited.then((exit) => {
          if (isKilled || isStopping || current !== child) return;
          crashes.push({ name, exit: exit.signal ?? `code ${exit.code}`, output: child.recentOutput() });
          void start().catch(() => undefined);
        });
        await child.waitReady(120_000);
      };
      return {
        name,
        port,
        current: () => current!,
        async kill() {
          isKilled = true;
          await current!.stop('SIGKILL');
        },
        restart: start,
      };
    };
    const engines = await Promise.all(
      [0, 1].map(async (i) =>
        replica(`spec-engine-${i}`, 'spec-engine/main.ts', await freePort(), {
          ...base,
          DATABASE_URL: withDatabase(adminUrl, databases.engine),
          NATS_URL: nats.url,
          SPEC_ENGINE_MODEL: 'offline',
          SPEC_ENGINE_OFFLINE_STEP_DELAY_MS: String(options.stepDelayMs),
          SPEC_ENGINE_ACK_WAIT_MS: String(ENGINE_ACK_WAIT_MS),
          SPEC_ENGINE_MAX_DELIVER: '20',
          SPEC_ENGINE_DRAIN_SECONDS: '2',
        }),
      ),
    );
    const proxies = await Promise.all(engines.map((e) => startFaultProxy(() => e.port)));
    cleanups.push(() => Promise.all(proxies.map((p) => p.close())));
    const orchestrators = await Promise.all(
      [0, 1].map(async (i) =>
        replica(`orchestrator-${i}`, 'orchestrator/main.ts', await freePort(), {
          ...base,
          ...ORCHESTRATOR_ENV,
          DATABASE_URL: withDatabase(adminUrl, databases.orchestrator),
          SPEC_ENGINE_URL: `http://127.0.0.1:${proxies[i]!.port}`,
          AUTH_JWT_SECRET: secret,
          ORCHESTRATOR_REPLICA_ID: `orchestrator-${i}`,
        }),
      ),
    );
    cleanups.push(() => Promise.all(started.map((p) => p.stop('SIGKILL'))));
    // Engines first, one at a time: they create the JetStream streams and run the migrations.
    await engines[0]!.restart();
    await Promise.all([engines[1]!.restart(), ...orchestrators.map((o) => o.restart())]);
    const orchestratorSql = connectDatabase(withDatabase(adminUrl, databases.orchestrator), { max: 4 });
    const engineSql = connectDatabase(withDatabase(adminUrl, databases.engine), { max: 4 });
    cleanups.push(() => Promise.all([orchestratorSql.end({ timeout: 2 }), engineSql.end({ timeout: 2 })]));
    return {
      orchestrators,
      engines,
      proxies,
      nats,
      orchestratorSql,
      engineSql,
      adminSql,
      databases,
      tokenFor: (sub) => mintDevToken(secret, { sub, expiresIn: '2h' }),
      crashes,
      pids: () => [...started.map((p) => p.pid), nats.pid()],
      async stop() {
        isStopping = true;
        await Promise.all(started.map((p) => p.stop('SIGTERM', 5_000)));
        await runCleanups();
      },
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
