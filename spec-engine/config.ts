import { databaseStartupRetryMs } from '../common/db/index.js';
import {
  type ModelCallPolicy,
  type ModelSetting,
  type ProviderEnv,
  parseModelSetting,
} from './agent/models.js';
import { type NatsLinkConfig, parseNatsConnection } from './nats/connection-settings.js';
import { ENV } from '../common/contracts/env.js';
import { ACK_WAIT_MS, MAX_DELIVER, natsNames } from '../common/contracts/nats.js';

/** Every setting of the Spec Engine, parsed from the environment in one place. */
export interface SpecEngineConfig extends NatsLinkConfig {
  /** `PORT`. @default 8000 */
  readonly port: number;
  /** `HOST`: the interface to listen on. @default - all interfaces */
  readonly host: string | undefined;
  /** `DATABASE_URL`; the embedded server (data in `.data/spec-engine-pg`) when unset. */
  readonly databaseUrl: string | undefined;
  /** `DATABASE_STARTUP_RETRY_SECONDS`: how long start-up waits for an unavailable database. @default 30 */
  readonly databaseStartupRetryMs: number;
  readonly embeddedDataDir: string;
  /** `SPEC_ENGINE_TOKEN`: bearer token required on prefixed routes when set. */
  readonly token: string | undefined;
  /**
   * `SPEC_ENGINE_ALLOW_UNAUTHENTICATED`: start without `SPEC_ENGINE_TOKEN` (a warning is
   * logged). Without either the process refuses to start. @default false
   */
  readonly allowUnauthenticated: boolean;
  /** `SPEC_ENGINE_MODEL` (+ `SPEC_ENGINE_OFFLINE_STEP_DELAY_MS` for the offline model). */
  readonly model: ModelSetting;
  /** `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`. */
  readonly providers: ProviderEnv;
  /**
   * `SPEC_ENGINE_MODEL_TIMEOUT_SECONDS` (default 120) and `SPEC_ENGINE_MODEL_RETRIES` (default 3):
   * how long one provider call may stay silent, and how often a failed one is retried.
   */
  readonly modelCalls: ModelCallPolicy;
  /** `SPEC_ENGINE_RUN_DEADLINE_SECONDS`: a run still going after this fails. @default 1800 */
  readonly runDeadlineMs: number;
  /** `SPEC_ENGINE_CONCURRENCY`: runs at once per process. @default 8 */
  readonly concurrency: number;
  /** `SPEC_ENGINE_WORKER` (default true): consume jobs; false for an HTTP-only replica. */
  readonly isWorker: boolean;
  /**
   * `SPEC_ENGINE_DRAIN_SECONDS`: on SIGTERM, how long runs in flight get to reach their next
   * checkpoint before they are interrupted. Keep it below the pod's termination grace period
   * minus its preStop pause. @default 100
   */
  readonly drainTimeoutMs: number;
  /** `LOG_LEVEL`. @default 'info' */
  readonly logLevel: string;
}

function intOf(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} '${raw}' must be an integer >= ${min}`);
  return value;
}

function boolOf(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new Error(`${name} '${raw}' must be true or false`);
}

/** Reads the configuration; throws naming the variable when one is malformed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SpecEngineConfig {
  const providers: ProviderEnv = {
    openaiApiKey: env.OPENAI_API_KEY || undefined,
    openaiBaseUrl: env.OPENAI_BASE_URL || undefined,
    anthropicApiKey: env.ANTHROPIC_API_KEY || undefined,
    anthropicBaseUrl: env.ANTHROPIC_BASE_URL || undefined,
  };
  return {
    port: intOf(env, ENV.port, 8000, 0),
    host: env[ENV.host]?.trim() || undefined,
    databaseUrl: env[ENV.databaseUrl] || undefined,
    databaseStartupRetryMs: databaseStartupRetryMs(env),
    embeddedDataDir: env.SPEC_ENGINE_PG_DIR || '.data/spec-engine-pg',
    natsConnection: parseNatsConnection(env),
    natsSetup: boolOf(env, 'SPEC_ENGINE_NATS_SETUP', true),
    nats: natsNames(env.SPEC_ENGINE_NATS_PREFIX ?? ''),
    eventsMaxAgeMs: intOf(env, 'SPEC_ENGINE_EVENTS_MAX_AGE_HOURS', 24, 1) * 3600_000,
    ackWaitMs: intOf(env, 'SPEC_ENGINE_ACK_WAIT_MS', ACK_WAIT_MS, 1000),
    maxDeliver: intOf(env, 'SPEC_ENGINE_MAX_DELIVER', MAX_DELIVER, 1),
    token: env[ENV.specEngineToken] || undefined,
    allowUnauthenticated: boolOf(env, 'SPEC_ENGINE_ALLOW_UNAUTHENTICATED', false),
    model: parseModelSetting(
      env.SPEC_ENGINE_MODEL,
      providers,
      intOf(env, 'SPEC_ENGINE_OFFLINE_STEP_DELAY_MS', 0, 0),
    ),
    providers,
    modelCalls: {
      timeoutMs: intOf(env, 'SPEC_ENGINE_MODEL_TIMEOUT_SECONDS', 120, 1) * 1000,
      maxRetries: intOf(env, 'SPEC_ENGINE_MODEL_RETRIES', 3, 0),
    },
    runDeadlineMs: intOf(env, 'SPEC_ENGINE_RUN_DEADLINE_SECONDS', 1800, 1) * 1000,
    concurrency: intOf(env, 'SPEC_ENGINE_CONCURRENCY', 8, 1),
    isWorker: boolOf(env, 'SPEC_ENGINE_WORKER', true),
    drainTimeoutMs: intOf(env, 'SPEC_ENGINE_DRAIN_SECONDS', 100, 0) * 1000,
    logLevel: env[ENV.logLevel] || 'info',
  };
}

/**
 * Refuses an engine without `SPEC_ENGINE_TOKEN` unless `SPEC_ENGINE_ALLOW_UNAUTHENTICATED=true`:
 * without a token whoever reaches the port reads, streams and deletes every user's threads.
 */
export function assertAuthConfigured(config: SpecEngineConfig): void {
  if (config.token || config.allowUnauthenticated) return;
  throw new Error(
    'SPEC_ENGINE_TOKEN is not set: anyone who reaches this port could read and delete every thread. ' +
      'Set SPEC_ENGINE_TOKEN (the same value in the orchestrator), or SPEC_ENGINE_ALLOW_UNAUTHENTICATED=true ' +
      'to run without one on a network only trusted callers reach.',
  );
}
